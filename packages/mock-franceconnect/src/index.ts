export { pairwiseSubject } from './subject.js';
export {
  ALL_SCOPES,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_DATA_PROVIDER,
  demoClient,
  type DataProviderRegistration,
  type MockClient,
} from './clients.js';
export {
  DEFAULT_IDENTITIES_FILE,
  IdentitiesError,
  loadIdentities,
  parseIdentities,
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
export { TEST_PASSWORD } from './interactions.js';
export { DEFAULT_LIFETIMES, type Lifetimes } from './provider.js';
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
