import { resolve } from 'node:path';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { claimsForScopes, PIVOT_CLAIMS } from '@franceconnect-kit/protocol';
import { z } from 'zod';
import { ACCOUNT_PATHS, createAccounts, type Accounts } from './accounts/create-accounts.js';
import { LINK_PURPOSE } from './accounts/context.js';
import type { AccountStore } from './accounts/account-store.js';
import { accountsOptionsSchema, type AccountsOptions } from './accounts/options.js';
import { SqliteAccountStore } from './accounts/sqlite-account-store.js';
import {
  bffOptionsSchema,
  SESSION_STORE_KINDS,
  type BffSettings,
  type BffSettingsInput,
  type SessionStoreKind,
} from './config.js';
import { createDataRetrieval } from './data/data-retrieval.js';
import type { DataResponse } from './data/retrieved-data.js';
import { MemoryRetrievedDataStore, type RetrievedDataStore } from './data/retrieved-data-store.js';
import { DATA_PURPOSE } from './data/start-route.js';
import { FranceConnectClient } from './franceconnect/discovery.js';
import type { OutboundInterceptor } from './franceconnect/outbound-fetch.js';
import { csrfProtection } from './http/csrf.js';
import { errorHandler } from './http/error-handler.js';
import { PAGES } from './http/pages.js';
import { sendProblem, type PageOverrides } from './http/respond.js';
import { bffSecurityHeaders } from './http/security-headers.js';
import { createLogger, logOf, requestLogging, type Logger } from './log.js';
import { SIGN_IN_PURPOSE, type PurposeHandler, type SignInHook } from './purposes.js';
import { safeReturnTo } from './return-to.js';
import { callback } from './routes/callback.js';
import type { BffContext } from './routes/context.js';
import { health } from './routes/health.js';
import { login, startAuthorization, type AuthorizationInput } from './routes/login.js';
import { logout, logoutCallback } from './routes/logout.js';
import { me } from './routes/me.js';
import { MemorySessionStore } from './session/memory-store.js';
import { RedisSessionStore } from './session/redis-store.js';
import { signedInOf } from './session/session-data.js';
import { sessionMiddleware } from './session/session-middleware.js';
import type { SessionStore } from './session/session-store.js';
import { SqliteSessionStore } from './session/sqlite-store.js';
import { TransactionCookies } from './session/transaction-cookies.js';

/**
 * Options of `createFranceConnectBff`. Only `clientId`, `clientSecret`, `publicUrl` and
 * `sessionSecret` are required; every default is in `DEFAULTS` (config.ts) and in the README.
 */
export interface FranceConnectBffOptions extends Omit<BffSettingsInput, 'sessionStore'> {
  /** `sqlite` (default), `redis`, `memory` (tests only), or a `SessionStore` you own and close. */
  sessionStore?: SessionStoreKind | SessionStore;
  /** A pino logger; default: JSON lines on stdout at level `info`. */
  logger?: Logger;
  /** The site's home page (a same-origin path); notices are sent there. Default `/`. */
  home?: string;
  /** Your own pages instead of the built-in ones (the browser is redirected with `?reason=`). */
  pages?: PageOverrides;
  /**
   * Accounts (sign-up, local sign-in, reconciliation, profile, deletion): `true` for the defaults (SQLite
   * in the sessions' database file), or `AccountsOptions`. Default: none.
   */
  accounts?: boolean | AccountsOptions;
  /** Called with every verified sign-in before the session is created (not with `accounts`, which use it). */
  onSignIn?: SignInHook;
  /** Handlers of authorizations started for other purposes (`bff.startAuthorization`). */
  purposes?: Record<string, PurposeHandler>;
  /** Observes or adapts outbound calls to FranceConnect (proxies, metrics, tests). */
  interceptOutbound?: OutboundInterceptor;
  /** Extra PEM certificates to trust for FranceConnect's (and the data provider's) TLS, on top of Node's roots. */
  trustedCertificates?: string | string[];
  /** Where retrieved data waits for `/api/data`; default: this process's memory. Never a database. */
  retrievedDataStore?: RetrievedDataStore;
}

/** The router, plus what an app needs around it. Mount it at the root: `app.use(bff)`. */
export interface FranceConnectBff extends Router {
  /** The checked settings, defaults applied. */
  readonly settings: Readonly<BffSettings>;
  readonly sessionStore: SessionStore;
  /** Discovery, keys and per-exchange configurations; `fetchCounts` tells how often it hit the network. */
  readonly franceconnect: FranceConnectClient;
  /** Loads the BFF's session on an app route (then read it with `signedInOf(req)`). */
  readonly session: RequestHandler[];
  /** Like `session`, then 401 JSON unless signed in: guards an app's own API. */
  readonly requireSignIn: RequestHandler[];
  /** Starts an authorization for a purpose from one of your routes; returns where to send the browser. */
  startAuthorization(req: Request, input: AuthorizationInput): Promise<URL>;
  /** The accounts, when the `accounts` option is on: the store, `findByFranceConnect`, `requireAccount`. */
  readonly accounts: Accounts | undefined;
  /** Ends every session of a user on every device (account deletion); resolves with how many. */
  endSessionsOfUser(userId: string): Promise<number>;
  /**
   * What this request's session retrieved with « Récupérer ses données avec FranceConnect », as
   * `GET /api/data` returns it (after `bff.session`); `undefined` when nothing, or retrieval is off.
   */
  retrievedData(req: Request): Promise<DataResponse | undefined>;
  /** Where retrieved data is kept; `undefined` when data retrieval is off (no recipient SIRET). */
  readonly retrievedDataStore: RetrievedDataStore | undefined;
  /** Closes the session store (when the BFF created it) and the outbound connections. */
  close(): Promise<void>;
}

export { signedInOf };

/** Thrown by `createFranceConnectBff` for bad options; `problems` has one line per bad option. */
export class BffConfigurationError extends Error {
  override readonly name = 'BffConfigurationError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid FranceConnect BFF options:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
    this.problems = problems;
  }
}

const fn = <T>(what: string) =>
  z.custom<T>((value) => typeof value === 'function', `${what} must be a function`);
const sitePath = (what: string) =>
  z
    .string()
    .refine(
      (value) => safeReturnTo(value, '') === value,
      `${what} must be a same-origin path such as /accueil`,
    );

const collaboratorsSchema = z.object({
  sessionStore: z
    .union([
      z.enum(SESSION_STORE_KINDS),
      z.custom<SessionStore>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          ['get', 'set', 'destroy', 'consumeOnce', 'destroyAllForUser', 'ping', 'close'].every(
            (method) => typeof (value as Record<string, unknown>)[method] === 'function',
          ),
      ),
    ])
    .optional(),
  logger: z
    .custom<Logger>(
      (value) => typeof value === 'object' && value !== null && typeof (value as Logger).child === 'function',
    )
    .optional(),
  home: sitePath('home').default('/'),
  pages: z
    .object({
      cancelled: sitePath('pages.cancelled'),
      error: sitePath('pages.error'),
      unavailable: sitePath('pages.unavailable'),
    })
    .partial()
    .strict()
    .default({}),
  accounts: z.preprocess(
    (value) => (value === true ? {} : value === false ? undefined : value),
    accountsOptionsSchema.optional(),
  ),
  onSignIn: fn<SignInHook>('onSignIn').optional(),
  purposes: z
    .record(
      z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'purpose names are lower-case words'),
      fn<PurposeHandler>('a purpose handler'),
    )
    .refine((purposes) => !Object.hasOwn(purposes, SIGN_IN_PURPOSE), `${SIGN_IN_PURPOSE} is built in`)
    .default({}),
  interceptOutbound: fn<OutboundInterceptor>('interceptOutbound').optional(),
  trustedCertificates: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (typeof value === 'string' ? [value] : value))
    .optional(),
  retrievedDataStore: z
    .custom<RetrievedDataStore>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        ['get', 'set', 'forgetSession', 'forgetUser', 'close'].every(
          (method) => typeof (value as Record<string, unknown>)[method] === 'function',
        ),
      'retrievedDataStore must implement get, set, forgetSession, forgetUser and close',
    )
    .optional(),
});

/** One line per bad option, naming it. */
function problemsOf(error: z.ZodError): string[] {
  const byOption = new Map<string, string[]>();
  for (const issue of error.issues) {
    const option = issue.path.join('.') || 'options';
    const messages = byOption.get(option) ?? [];
    if (!messages.includes(issue.message)) messages.push(issue.message);
    byOption.set(option, messages);
  }
  return [...byOption].map(([option, messages]) => `${option}: ${messages.join('; ')}`);
}

/** The SQLite file of the sessions, and of the accounts by default. */
function databaseFile(settings: BffSettings): string {
  return settings.databasePath === ':memory:' ? ':memory:' : resolve(settings.databasePath);
}

function createStore(settings: BffSettings, logger: Logger): SessionStore {
  switch (settings.sessionStore) {
    case 'sqlite':
      try {
        return new SqliteSessionStore({ path: databaseFile(settings) });
      } catch (error) {
        // A folder that cannot be created, a file that is not a database: the setting is wrong.
        throw new BffConfigurationError([
          `databasePath: cannot open ${databaseFile(settings)} (${error instanceof Error ? error.message : String(error)})`,
        ]);
      }
    case 'redis':
      return new RedisSessionStore({
        url: settings.redisUrl,
        userIndexTtlSeconds: settings.sessionAbsoluteTimeout + settings.sessionIdleTimeout,
        logger,
      });
    case 'memory':
      logger.warn(
        { event: 'session_store.memory' },
        'memory session store: for tests only, sessions are lost on restart',
      );
      return new MemorySessionStore();
  }
}

/**
 * Creates the FranceConnect backend-for-frontend: an Express router with `/auth/login`,
 * `/auth/callback`, `/auth/logout`, `/auth/logout/callback`, `/api/me` and `/healthz` (and, with
 * `accounts`, the account routes). Tokens stay on
 * the server; the browser only holds an opaque session cookie. Throws `BffConfigurationError` for bad
 * options. FranceConnect is discovered in the background and on first use, so the router works (503)
 * while FranceConnect is unreachable and recovers by itself.
 */
export function createFranceConnectBff(options: FranceConnectBffOptions): FranceConnectBff {
  if (typeof options !== 'object' || options === null) {
    throw new BffConfigurationError(['options: createFranceConnectBff takes an object of options']);
  }
  const input = options as FranceConnectBffOptions & Record<string, unknown>;
  const settingsResult = bffOptionsSchema.safeParse({
    ...input,
    sessionStore: typeof input.sessionStore === 'string' ? input.sessionStore : undefined,
  });
  const collaboratorsResult = collaboratorsSchema.safeParse(input);
  if (!settingsResult.success || !collaboratorsResult.success) {
    throw new BffConfigurationError([
      ...(settingsResult.success ? [] : problemsOf(settingsResult.error)),
      ...(collaboratorsResult.success ? [] : problemsOf(collaboratorsResult.error)),
    ]);
  }
  const settings = settingsResult.data;
  const collaborators = collaboratorsResult.data;
  if (settings.data && Object.hasOwn(collaborators.purposes, DATA_PURPOSE)) {
    throw new BffConfigurationError([
      `purposes.${DATA_PURPOSE}: the ${DATA_PURPOSE} purpose is built in when recipientSiret is set`,
    ]);
  }
  const accountsSettings = collaborators.accounts;
  if (accountsSettings) {
    const problems: string[] = [];
    if (collaborators.onSignIn) {
      problems.push('onSignIn: not with accounts, which decide every sign-in (read bff.accounts instead)');
    }
    if (Object.hasOwn(collaborators.purposes, LINK_PURPOSE)) {
      problems.push(`purposes.${LINK_PURPOSE}: reserved by accounts (« Lier mon compte FranceConnect »)`);
    }
    const released = claimsForScopes(settings.scopes);
    if (!PIVOT_CLAIMS.every((claim) => released.has(claim))) {
      problems.push(`scopes: accounts need the whole pivot identity (${PIVOT_CLAIMS.join(' ')})`);
    }
    if (problems.length > 0) throw new BffConfigurationError(problems);
  }
  const logger = collaborators.logger ?? createLogger();
  const ownsStore = typeof collaborators.sessionStore !== 'object';
  const store =
    typeof collaborators.sessionStore === 'object'
      ? collaborators.sessionStore
      : createStore(settings, logger);
  let accountStore: AccountStore | undefined;
  try {
    accountStore =
      accountsSettings &&
      (accountsSettings.store ?? new SqliteAccountStore({ path: databaseFile(settings) }));
  } catch (error) {
    // e.g. a database whose accounts' schema is newer than this code
    if (ownsStore) void store.close();
    throw error;
  }
  const franceconnect = new FranceConnectClient({
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    signingAlgorithm: settings.signingAlgorithm,
    httpTimeout: settings.httpTimeout,
    logger,
    trustedCertificates: collaborators.trustedCertificates,
    interceptor: collaborators.interceptOutbound,
  });
  const publicUrl = new URL(settings.publicUrl);
  const secureCookie = publicUrl.protocol === 'https:';
  const purposes = new Map(Object.entries(collaborators.purposes));
  const ctx: BffContext = {
    settings,
    franceconnect,
    store,
    transactions: new TransactionCookies({ secrets: settings.sessionSecret, secure: secureCookie }),
    logger,
    redirectUri: new URL('/auth/callback', publicUrl).href,
    postLogoutRedirectUri: new URL('/auth/logout/callback', publicUrl).href,
    publicOrigin: publicUrl.origin,
    secureCookie,
    home: collaborators.home,
    pages: collaborators.pages,
    onSignIn: collaborators.onSignIn,
    purposes,
    currentAccount: undefined,
  };
  const dataStore = settings.data
    ? (collaborators.retrievedDataStore ?? new MemoryRetrievedDataStore())
    : undefined;
  const data =
    settings.data &&
    dataStore &&
    createDataRetrieval(ctx, {
      settings: settings.data,
      store: dataStore,
      ownsStore: collaborators.retrievedDataStore === undefined,
      accounts: accountStore,
      trustedCertificates: collaborators.trustedCertificates,
      interceptor: collaborators.interceptOutbound,
    });
  if (data) {
    purposes.set(DATA_PURPOSE, data.purpose);
    ctx.sessionEnded = data.forgetSession;
    ctx.sessionContinued = data.continueSession;
    ctx.userSessionsEnded = async (userId) => {
      await data.forgetUser(userId);
    };
  }

  const session = sessionMiddleware({
    store,
    secrets: settings.sessionSecret,
    secure: ctx.secureCookie,
    idleTimeoutSeconds: settings.sessionIdleTimeout,
    absoluteTimeoutSeconds: settings.sessionAbsoluteTimeout,
  });
  const refuse = (req: Request, res: Response, reason: string) => {
    logOf(req, logger).warn(
      { event: 'csrf.refused', reason, method: req.method },
      'state-changing request refused',
    );
    sendProblem(req, res, { status: 403, code: 'csrf_refused', page: PAGES.forbidden(ctx.home) });
  };
  const csrf = csrfProtection(ctx.publicOrigin, refuse);
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 });
  const ownsAccountStore = accountsSettings !== undefined && accountsSettings.store === undefined;
  const accounts =
    accountsSettings &&
    accountStore &&
    createAccounts(
      ctx,
      { ...accountsSettings, store: accountStore },
      { session, csrf, form, secret: settings.sessionSecret[0] ?? '' },
    );
  if (accounts) {
    ctx.onSignIn = accounts.onSignIn;
    ctx.currentAccount = accounts.currentAccount;
    purposes.set(LINK_PURPOSE, accounts.linkPurpose);
  }
  const personal = (_req: Request, res: Response, next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    next();
  };

  const router = express.Router();
  // Only the BFF's own paths get its logging, headers and sessions; the app's other routes are untouched.
  router.use(
    ['/auth', '/api/me', '/api/data', '/healthz', ...(accounts ? ACCOUNT_PATHS : [])],
    requestLogging(logger),
    bffSecurityHeaders(),
    personal,
  );
  // Starting a sign-in needs no session (the attempt lives in its own cookie): skipping express-session
  // there keeps anonymous traffic away from the store and roughly halves the cost of /auth/login.
  const withSession = express.Router().use(session);
  router.use('/auth', (req, res, next) => {
    if (req.method === 'GET' && req.path === '/login') next();
    else withSession(req, res, next);
  });
  router.get('/healthz', health(ctx));
  // The sign-in flow, in order: login → FranceConnect → callback → session → me → logout.
  router.get('/auth/login', login(ctx));
  router.get('/auth/callback', callback(ctx));
  router.get('/api/me', session, me(ctx));
  router.post('/auth/logout', form, csrf, logout(ctx));
  router.get('/auth/logout/callback', logoutCallback(ctx));
  // « Récupérer ses données avec FranceConnect » (qualification #8d), when a recipient SIRET is set.
  if (data) {
    router.get('/auth/data', data.start);
    router.get('/api/data', session, data.api);
  }
  // Accounts: sign-up, local sign-in, profile, link, deletion.
  accounts?.mount(router);
  router.use(errorHandler({ logger, home: ctx.home, pages: ctx.pages }));

  const requireSignIn: RequestHandler[] = [
    ...session,
    (req, res, next) => {
      if (signedInOf(req)) {
        res.set('Cache-Control', 'no-store');
        next();
        return;
      }
      res
        .status(401)
        .set('Cache-Control', 'no-store')
        .json({ error: 'unauthenticated', message: 'Aucune session FranceConnect.' });
    },
  ];

  // Discover in the background: the first sign-in finds FranceConnect's metadata and keys ready.
  franceconnect.metadata().catch(() => {
    // Logged by the client; retried on the next use.
  });

  let closed: Promise<void> | undefined;
  return Object.assign(router, {
    settings,
    sessionStore: store,
    franceconnect,
    accounts: accounts?.api,
    session,
    requireSignIn,
    startAuthorization: (req: Request, authorization: AuthorizationInput) =>
      startAuthorization(ctx, req, authorization),
    endSessionsOfUser: async (userId: string) => {
      await data?.forgetUser(userId);
      return store.destroyAllForUser(userId);
    },
    retrievedData: async (req: Request) => data?.retrievedOf(req),
    retrievedDataStore: dataStore,
    close: () =>
      (closed ??= Promise.all([
        franceconnect.close(),
        ownsStore ? store.close() : Promise.resolve(),
        data?.close(),
        ownsAccountStore && accounts ? accounts.api.store.close() : Promise.resolve(),
      ]).then(() => undefined)),
  });
}
