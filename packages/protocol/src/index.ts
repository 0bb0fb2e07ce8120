export { isValidSiret, siretProblem, LA_POSTE_SIREN, type SiretProblem } from './siret.js';
export {
  claimsForScopes,
  DEFAULT_SCOPES,
  IDENTITY_SCOPE_CLAIMS,
  isIdentityScope,
  PIVOT_CLAIMS,
  type IdentityScope,
  type PivotClaim,
} from './scopes.js';
