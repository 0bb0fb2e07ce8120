export { pairwiseSubject } from './subject.js';
export {
  ALL_SCOPES,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_DATA_PROVIDER,
  DEMO_PLUS_CLIENT_ID,
  DEMO_PLUS_CLIENT_SECRET,
  PLUS_SCOPES,
  demoClient,
  RegistrationError,
  demoPlusClient,
  type DataProviderRegistration,
  type MockClient,
} from './clients.js';
export {
  DEFAULT_IDENTITIES_FILE,
  IdentitiesError,
  loadIdentities,
  parseIdentities,
  TEST_PASSWORD,
  dataRecordOf,
  PROVIDER_ERROR_STATUSES,
  type CafRecord,
  type DataRecords,
  type ProviderErrorRecord,
  type ProviderErrorStatus,
  type TestIdentity,
} from './identities.js';
export {
  completePresumedDate,
  franceConnectClaims,
  type FranceConnectClaims,
  type IntrospectionIdentity,
} from './pivot-claims.js';
export { ERROR_CODES, type ErrorCode } from './error-codes.js';
export { AUTHORIZE_PARAMETERS } from './authorize-params.js';
export { DEFAULT_LIFETIMES, type Lifetimes } from './lifetimes.js';
export {
  startMockFranceConnect,
  type FranceConnectRequest,
  type MockFranceConnectOptions,
  type RunningMockFranceConnect,
} from './server.js';
export {
  QUOTIENT_FAMILIAL_PATH,
  startDataProvider,
  type DataProviderOptions,
  type ForcedAnswer,
  type ReceivedRequest,
  type RunningDataProvider,
} from './data-provider.js';
export { PLATFORMS, chosenAcr, type Platform, type PlatformRules } from './platform.js';
export { ENCRYPTION_ALGORITHMS, CONTENT_ENCRYPTION } from './encryption.js';
export { franceConnectPlusClaims, type FranceConnectPlusClaims } from './pivot-claims.js';
