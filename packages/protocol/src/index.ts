export { isValidSiret, siretProblem, LA_POSTE_SIREN, type SiretProblem } from './siret.js';
export {
  claimsForScopes,
  CLAIM_LABELS,
  DEFAULT_SCOPES,
  IDENTITY_SCOPE_CLAIMS,
  isIdentityScope,
  PIVOT_CLAIMS,
  type IdentityScope,
  type LabelledClaim,
  type PivotClaim,
} from './scopes.js';
export { DATA_SCOPES, DATA_SCOPE_LABELS, isDataScope, type DataScope } from './data-scopes.js';
export {
  PLUS_IDENTITY_SCOPE_CLAIMS,
  PLUS_ACR_VALUES,
  type PlusIdentityScope,
  type PlusAcr,
} from './plus-scopes.js';
// The catalogue of « API FranceConnectées » (also `@franceconnect-kit/protocol/catalogue`, without zod).
export * from './catalogue/index.js';
export { dataSchemaOf } from './catalogue/schema.js';
