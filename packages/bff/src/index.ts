// The FranceConnect backend-for-frontend. Start with `createFranceConnectBff` (an Express router) or
// `startBffServer` (the standalone server of the `franceconnect-bff` command).
export {
  createFranceConnectBff,
  signedInOf,
  BffConfigurationError,
  type FranceConnectBff,
  type FranceConnectBffOptions,
} from './create-bff.js';
export {
  createBffApp,
  startBffServer,
  parseTrustProxy,
  type BffAppOptions,
  type RunningBff,
} from './server.js';
export {
  configFromEnv,
  bffOptionsSchema,
  localPorts,
  LOCAL_PORT_VARIABLES,
  parseDuration,
  DEFAULTS,
  ENVIRONMENT_VARIABLES,
  FRANCECONNECT_ISSUERS,
  ACR_LEVELS,
  SIGNING_ALGORITHMS,
  SESSION_STORE_KINDS,
  type Acr,
  type BffSettings,
  type EnvConfig,
  type FranceConnectEnvironment,
  type SessionStoreKind,
  type SigningAlgorithm,
} from './config.js';
export { safeReturnTo } from './return-to.js';
export { createLogger, type Logger } from './log.js';
export type { SignInDecision, SignInHook, PurposeContext, PurposeHandler } from './purposes.js';
export type { AuthorizationInput } from './routes/login.js';
export type { MeResponse } from './routes/me.js';
export { NOTICES, isNoticeCode, type NoticeCode } from './notices.js';
// Data retrieval (« Récupérer ses données avec FranceConnect »).
export { DATA_PURPOSE } from './data/start-route.js';
export {
  DATA_FAILURE_MESSAGES,
  DATA_NOTICES,
  type DataFailureCode,
  type DataNoticeCode,
} from './data/failures.js';
export type {
  ApiResponse,
  ApiRetrieval,
  DataFailure,
  DataResponse,
  DataSource,
  RetrievedData,
} from './data/retrieved-data.js';
export { MemoryRetrievedDataStore, type RetrievedDataStore } from './data/retrieved-data-store.js';
export {
  RedisRetrievedDataStore,
  RetrievedDataStoreUnavailableError,
  type RedisRetrievedDataStoreOptions,
} from './data/redis-retrieved-data-store.js';
export { RETRIEVED_DATA_STORE_KINDS, type RetrievedDataStoreKind } from './store-options.js';
export { StoreUnavailableError } from './store-unavailable.js';
export {
  DATA_DEFAULTS,
  DATA_PROVIDER_URLS,
  DEFAULT_DATA_ENDPOINTS,
  QUOTIENT_FAMILIAL_ENDPOINT,
  type DataApiSettings,
  type DataSettings,
} from './data/settings.js';
export { pageSecurityHeaders, type PageSecurityHeadersOptions } from './http/security-headers.js';
export type { PageOverrides } from './http/respond.js';
// The protocol steps, usable on their own.
export {
  FranceConnectClient,
  type FranceConnectClientOptions,
  type FranceConnectFetchCounts,
} from './franceconnect/discovery.js';
export {
  startLogin,
  type Transaction,
  type Prompt,
  type StartLoginInput,
} from './franceconnect/start-login.js';
export {
  finishLogin,
  type FinishLoginHooks,
  type VerifiedAuthorization,
} from './franceconnect/finish-login.js';
export { logoutUrl } from './franceconnect/logout-url.js';
export { parseIdentity, type PivotIdentity, type Gender } from './franceconnect/identity.js';
export { acrSatisfies } from './franceconnect/acr.js';
export { randomAlphanumeric } from './franceconnect/random.js';
export {
  FranceConnectError,
  FranceConnectUnreachableError,
  type FranceConnectErrorCode,
} from './franceconnect/errors.js';
export type { OutboundInterceptor, OutboundFetch, OutboundRequest } from './franceconnect/outbound-fetch.js';
// Sessions.
export { SessionStoreUnavailableError, type SessionStore } from './session/session-store.js';
export { SqliteSessionStore, type SqliteSessionStoreOptions } from './session/sqlite-store.js';
export { RedisSessionStore, type RedisSessionStoreOptions } from './session/redis-store.js';
export { MemorySessionStore } from './session/memory-store.js';
export { sessionCookieName } from './session/session-middleware.js';
export {
  TransactionCookies,
  TRANSACTION_TTL_MS,
  MAX_PENDING_TRANSACTIONS,
  type TransactionCookieOptions,
} from './session/transaction-cookies.js';
export type {
  SignedIn,
  FranceConnectSignedIn,
  LocalSignedIn,
  FranceConnectSessionState,
  JsonValue,
} from './session/session-data.js';
// Accounts (the `accounts` option).
export type { Accounts } from './accounts/create-accounts.js';
export type { AccountsOptions } from './accounts/options.js';
export { DEFAULT_ACCOUNT_PAGES } from './accounts/default-pages.js';
export {
  LOCKED_FIELDS,
  EDITABLE_FIELDS,
  viewOf,
  type Account,
  type AccountView,
  type EditableField,
  type FranceConnectLink,
  type LockedField,
  type LockedIdentity,
} from './accounts/account.js';
export {
  AccountConflictError,
  AccountStoreUnavailableError,
  type AccountChanges,
  type AccountStore,
  type NewAccount,
} from './accounts/account-store.js';
export { SqliteAccountStore, type SqliteAccountStoreOptions } from './accounts/sqlite-account-store.js';
export { SchemaTooNewError } from './accounts/migrations.js';
export {
  PostgresAccountStore,
  type PostgresAccountStoreOptions,
} from './accounts/postgres/postgres-account-store.js';
export { reconciliationKey, normaliseName } from './accounts/reconciliation.js';
export {
  hashPassword,
  verifyPassword,
  DEFAULT_SCRYPT,
  type ScryptParameters,
  type Verification,
} from './accounts/password.js';
export { DEFAULT_THROTTLE, type ThrottleLimits } from './accounts/throttle.js';
export { PASSWORD_MIN, PASSWORD_MAX, passwordProblem } from './accounts/password-policy.js';
export type { LimiterFactory, LimiterOptions } from './limits/limiter-store.js';
// FranceConnect+ (a second registration; encrypted answers) and sensitive acts (qualification #22).
export type { Platform } from './franceconnect/platform.js';
export {
  FRANCECONNECT_PLUS_ISSUERS,
  PLUS_DEFAULTS,
  type FranceConnectPlusSettings,
} from './franceconnect-plus/settings.js';
export {
  EncryptionKeys,
  EncryptionKeysError,
  generateEncryptionKey,
  parseEncryptionKeys,
  loadEncryptionKeys,
  KEY_ALGORITHMS,
  CONTENT_ENCRYPTION,
  type EncryptionKey,
  type KeyAlgorithm,
} from './franceconnect-plus/encryption-keys.js';
export type { GuardOptions } from './step-up/create-step-up.js';
export { STEP_UP_DEFAULTS, type StepUpOptions } from './step-up/options.js';
export { ACCEPTED_METHODS, type Requirement } from './step-up/requirements.js';
export type { StepUpMethod } from './step-up/methods.js';
export type { AuthenticationEvent, AuthenticationMethod } from './session/authentications.js';
export { passkeyViewOf, type Passkey, type NewPasskey, type PasskeyView } from './accounts/passkey.js';
