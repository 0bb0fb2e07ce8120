export { audit } from './audit.js';
export type { AuditOptions } from './options.js';
export { AuditOptionsError, AuditRunError } from './errors.js';
export {
  VERDICTS,
  summarise,
  type AuditResult,
  type AuditSummary,
  type CheckGroup,
  type CheckResult,
  type Evidence,
  type Screenshot,
  type Verdict,
} from './result.js';
export { CHECKLIST, type ChecklistPoint } from './checklist.js';
