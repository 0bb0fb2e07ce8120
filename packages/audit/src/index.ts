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
export { renderHtml } from './report/html.js';
export { renderJson } from './report/json.js';
export { renderJunit } from './report/junit.js';
export { writeReport, type WrittenReport } from './report/write-report.js';
export { LIMITS } from './report/limits.js';
