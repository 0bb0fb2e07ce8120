import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { ACCOUNT_PATHS, createAccounts, type Accounts } from './accounts/create-accounts.js';
import { LINK_PURPOSE } from './accounts/context.js';
import type { AccountStore } from './accounts/account-store.js';
import type { BffSettings } from './config.js';
import type { BffContext } from './context.js';
import { createDataRetrieval } from './data/data-retrieval.js';
import type { DataResponse } from './data/retrieved-data.js';
import { MemoryRetrievedDataStore, type RetrievedDataStore } from './data/retrieved-data-store.js';
import { DATA_PURPOSE } from './data/start-route.js';
import { FranceConnectClient } from './franceconnect/discovery.js';
import { csrfProtection } from './http/csrf.js';
import { errorHandler } from './http/error-handler.js';
import { PAGES } from './http/pages.js';
import { sendProblem } from './http/respond.js';
import { bffSecurityHeaders } from './http/security-headers.js';
import { createLogger, logOf, requestLogging } from './log.js';
import { checkOptions, type FranceConnectBffOptions } from './options.js';
import { callback } from './routes/callback.js';
import { health } from './routes/health.js';
import { login, startAuthorization, type AuthorizationInput } from './routes/login.js';
import { logout, logoutCallback } from './routes/logout.js';
import { me } from './routes/me.js';
import { signedInOf } from './session/session-data.js';
import { sessionMiddleware } from './session/session-middleware.js';
import type { SessionStore } from './session/session-store.js';
import { TransactionCookies } from './session/transaction-cookies.js';
import { createAccountStore, createSessionStore } from './stores.js';

export { BffConfigurationError, type FranceConnectBffOptions } from './options.js';

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

/**
 * Creates the FranceConnect backend-for-frontend: an Express router with `/auth/login`,
 * `/auth/callback`, `/auth/logout`, `/auth/logout/callback`, `/api/me` and `/healthz` (and, with
 * `accounts`, the account routes). Tokens stay on the server; the browser only holds an opaque session
 * cookie. Throws `BffConfigurationError` for bad options. FranceConnect is discovered in the background
 * and on first use, so the router works (503) while FranceConnect is unreachable and recovers by itself.
 *
 * It reads in order: check the options, build the stores and clients, wire the features (sign-in, data
 * retrieval, accounts) into the shared context, mount the routes, return the public object.
 */
export function createFranceConnectBff(options: FranceConnectBffOptions): FranceConnectBff {
  const { settings, collaborators } = checkOptions(options);
  const accountsSettings = collaborators.accounts;
  const logger = collaborators.logger ?? createLogger();

  // Stores and clients.
  const ownsStore = typeof collaborators.sessionStore !== 'object';
  const store =
    typeof collaborators.sessionStore === 'object'
      ? collaborators.sessionStore
      : createSessionStore(settings, logger);
  let accountStore: AccountStore | undefined;
  try {
    accountStore = accountsSettings && createAccountStore(settings, accountsSettings);
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
  // The context every route and feature shares; features below register their hooks in it.
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

  // Feature: data retrieval (API FranceConnectées), on when a recipient SIRET is set.
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
    ctx.signInData = data.signIn;
    ctx.userSessionsEnded = async (userId) => {
      await data.forgetUser(userId);
    };
  }

  // Middleware shared by the sign-in flow and the features.
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

  // Feature: accounts (sign-up, local sign-in, reconciliation, profile, deletion).
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

  // Routes.
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

  // The public object: the router and what an app needs around it.
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
