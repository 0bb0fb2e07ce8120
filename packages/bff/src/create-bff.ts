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
import type { Registry } from 'prom-client';
import type { BffSettings } from './config.js';
import type { BffContext } from './context.js';
import { createDataRetrieval } from './data/data-retrieval.js';
import type { DataResponse } from './data/retrieved-data.js';
import type { RetrievedDataStore } from './data/retrieved-data-store.js';
import { DATA_PURPOSE } from './data/start-route.js';
import { FranceConnectClient } from './franceconnect/discovery.js';
import { AnonymousCsrf } from './http/anonymous-csrf.js';
import { EncryptionKeysError } from './franceconnect-plus/encryption-keys.js';
import { createFranceConnectPlus, jwksRoute } from './franceconnect-plus/franceconnect-plus.js';
import { relyingPartyOf } from './accounts/webauthn.js';
import { csrfProtection } from './http/csrf.js';
import { errorHandler } from './http/error-handler.js';
import { PAGES } from './http/pages.js';
import { redirectGuard } from './http/redirect-guard.js';
import { sendProblem } from './http/respond.js';
import { bffSecurityHeaders } from './http/security-headers.js';
import { createLogger, logOf, requestLogging } from './log.js';
import { BffMetrics } from './operations/metrics.js';
import { observedLogger } from './operations/observed-logger.js';
import { liveness, readiness } from './operations/readiness.js';
import { BffConfigurationError, checkOptions, type FranceConnectBffOptions } from './options.js';
import { callback } from './routes/callback.js';
import { health } from './routes/health.js';
import { login, startAuthorization, type AuthorizationInput } from './routes/login.js';
import { logout, logoutCallback } from './routes/logout.js';
import { me } from './routes/me.js';
import { verify } from './routes/verify.js';
import { signedInOf } from './session/session-data.js';
import { sessionMiddleware } from './session/session-middleware.js';
import type { SessionStore } from './session/session-store.js';
import { TransactionCookies } from './session/transaction-cookies.js';
import { createStepUp, REAUTHENTICATE_PURPOSE, type GuardOptions } from './step-up/create-step-up.js';
import {
  createAccountStore,
  createLimiterStore,
  createRetrievedDataStore,
  createSessionStore,
} from './stores.js';

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
  /**
   * Guards a sensitive act: the session's person authenticated within `maxAge` (default `stepUp.maxAge`,
   * 5 minutes): password, a new FranceConnect(+) authentication, or a passkey. A browser is sent to
   * `stepUp.page` and brought back; a script gets 403 `reauthentication_required`; 401 signed out.
   */
  requireRecentAuthentication(options?: GuardOptions): RequestHandler[];
  /**
   * Guards an act that needs a second factor (qualification #22): a passkey of the account, or
   * FranceConnect+ at `eidas2` or more of the same person, within `maxAge`. Otherwise as
   * `requireRecentAuthentication`, with 403 `step_up_required`.
   */
  requireStepUp(options?: GuardOptions): RequestHandler[];
  /** The CSRF check of the BFF's own routes, for an app's state-changing routes (after `bff.session`). */
  readonly csrf: RequestHandler;
  /** FranceConnect+'s client, when `franceconnectPlus` is set. */
  readonly franceconnectPlus: FranceConnectClient | undefined;
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
  /**
   * Prometheus metrics (sign-ins, failures by reason, FranceConnect and data provider latency, store
   * errors): serve `handler` where only Prometheus reaches it, e.g. `metricsApp.get('/metrics', bff.metrics.handler)`.
   */
  readonly metrics: { readonly registry: Registry; readonly handler: RequestHandler };
  /**
   * Resolves once the stores are ready to serve (the PostgreSQL accounts' schema migrated); rejects
   * with the reason they cannot be (unreachable, a schema newer than this code).
   */
  ready(): Promise<void>;
  /** From now on `/readyz` answers 503 (`stopping`), so that the load balancer sends no more traffic. */
  drain(): void;
  /** Closes the session store (when the BFF created it) and the outbound connections. */
  close(): Promise<void>;
}

export { signedInOf };

/** The BFF's GET routes that need no session. */
const SESSIONLESS = new Set(['/auth/login', '/auth/plus/login', '/auth/jwks']);

/** Whether `path` is `prefix` or below it, segment-wise (`/auth` covers `/auth/login`, not `/authx`). */
function isUnder(path: string, prefix: string): boolean {
  return path === prefix || (path.startsWith(prefix) && path.charCodeAt(prefix.length) === 47);
}

/** Middlewares run one after the other, as one: the first error goes to Express. */
function inSequence(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, done) => {
    let index = 0;
    const next = (error?: unknown): void => {
      if (error !== undefined && error !== null) {
        done(error);
        return;
      }
      const handler = handlers[index++];
      if (!handler) {
        done();
        return;
      }
      try {
        // As Express 5 does for a layer: a middleware's rejected promise is its error.
        const result: unknown = handler(req, res, next);
        if (result instanceof Promise)
          result.catch((rejected: unknown) => done(rejected ?? new Error('rejected')));
      } catch (thrown) {
        done(thrown);
      }
    };
    next();
  };
}

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
  // Metrics count the events the logs name, so features need not know about them.
  const metrics = new BffMetrics();
  const logger = observedLogger(collaborators.logger ?? createLogger(), (event, fields) =>
    metrics.observe(event, fields),
  );

  // Stores and clients.
  const ownsStore = typeof collaborators.sessionStore !== 'object';
  const store =
    typeof collaborators.sessionStore === 'object'
      ? collaborators.sessionStore
      : createSessionStore(settings, logger);
  let accountStore: AccountStore | undefined;
  try {
    accountStore = accountsSettings && createAccountStore(settings, accountsSettings, logger);
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
    interceptor: metrics.franceconnectInterceptor(collaborators.interceptOutbound),
  });
  let franceconnectPlus;
  try {
    franceconnectPlus = createFranceConnectPlus(settings, {
      logger,
      trustedCertificates: collaborators.trustedCertificates,
      interceptor: collaborators.interceptOutbound,
    });
  } catch (error) {
    if (ownsStore) void store.close();
    if (!(error instanceof EncryptionKeysError)) throw error;
    throw new BffConfigurationError(
      error.problems.map((problem) => `franceconnectPlus.encryptionKeys: ${problem}`),
    );
  }
  const publicUrl = new URL(settings.publicUrl);
  const secureCookie = publicUrl.protocol === 'https:';
  const purposes = new Map(Object.entries(collaborators.purposes));
  // The context every route and feature shares; features below register their hooks in it.
  const ctx: BffContext = {
    settings,
    franceconnect,
    franceconnectPlus,
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
    ? (collaborators.retrievedDataStore ?? createRetrievedDataStore(settings, logger))
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
      interceptor: metrics.dataProviderInterceptor(collaborators.interceptOutbound),
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
  const anonymousCsrf = new AnonymousCsrf({ secrets: settings.sessionSecret, secure: secureCookie });
  const csrf = csrfProtection(ctx.publicOrigin, refuse, anonymousCsrf);
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 });

  // Feature: sensitive acts (recent authentication, second factor), read from the session's record.
  const stepUp = createStepUp(ctx, collaborators.stepUp, { accounts: accountStore, session });
  purposes.set(REAUTHENTICATE_PURPOSE, stepUp.purpose);
  const passkeys = collaborators.stepUp.passkeys;

  // Feature: accounts (sign-up, local sign-in, reconciliation, profile, deletion).
  const ownsAccountStore = accountsSettings !== undefined && accountsSettings.store === undefined;
  // The abuse limits of the accounts count beside the sessions, unless the app gives its own backend.
  const limiters = accountsSettings && createLimiterStore(settings, accountsSettings, store);
  const accounts =
    accountsSettings &&
    accountStore &&
    limiters &&
    createAccounts(
      ctx,
      { ...accountsSettings, store: accountStore },
      {
        session,
        csrf,
        form,
        secret: settings.sessionSecret[0] ?? '',
        anonymousCsrf,
        limiters,
        stepUp: stepUp.guards,
        relyingParty: stepUp.context.passkeys
          ? relyingPartyOf(settings.publicUrl, typeof passkeys === 'object' ? passkeys.rpName : undefined)
          : undefined,
      },
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
  // One router layer, without a mount path, for all of it: a mounted layer makes Express rewrite the
  // URL and parse it again, twice per request on the hottest route.
  const ownPaths = [
    '/auth',
    '/api/me',
    '/api/data',
    '/api/step-up',
    '/healthz',
    ...(accounts ? ACCOUNT_PATHS : []),
  ];
  const common = inSequence(
    requestLogging(logger),
    bffSecurityHeaders(),
    personal,
    redirectGuard({
      publicOrigin: ctx.publicOrigin,
      // FranceConnect's, and FranceConnect+'s when the service uses it (its sign-in and logout).
      externalOrigins: () =>
        franceconnectPlus
          ? new Set([...franceconnect.browserOrigins(), ...franceconnectPlus.client.browserOrigins()])
          : franceconnect.browserOrigins(),
      fallback: ctx.home,
      logger,
    }),
  );
  // Starting a sign-in needs no session (the attempt lives in its own cookie): skipping express-session
  // there keeps anonymous traffic away from the store and roughly halves the cost of /auth/login.
  const withSession = express.Router().use(session);
  router.use((req, res, next) => {
    // Matched as Express matches a mount path: whole segments, whatever the case.
    const path = req.path.toLowerCase();
    if (!ownPaths.some((own) => isUnder(path, own))) {
      next();
      return;
    }
    common(req, res, (error?: unknown) => {
      if (error !== undefined && error !== null) next(error);
      else if (isUnder(path, '/auth') && !(req.method === 'GET' && SESSIONLESS.has(path))) {
        withSession(req, res, next);
      } else next();
    });
  });
  router.get('/healthz', health(ctx));
  // Probes for orchestrators and load balancers: not logged (they come every few seconds).
  let draining = false;
  router.get('/livez', bffSecurityHeaders(), personal, liveness());
  router.get(
    '/readyz',
    bffSecurityHeaders(),
    personal,
    readiness({
      ctx,
      accountStore,
      retrievedDataStore: dataStore,
      franceconnect: metrics.franceconnect,
      draining: () => draining,
    }),
  );
  // The gateway: a reverse proxy asks whether a request to the site is signed in, and who it is.
  if (settings.gateway) router.get('/auth/verify', verify(ctx));
  // The sign-in flow, in order: login → FranceConnect → callback → session → me → logout.
  router.get('/auth/login', login(ctx));
  router.get('/auth/callback', callback(ctx));
  router.get('/api/me', session, me(ctx));
  router.post('/auth/logout', form, csrf, logout(ctx));
  router.get('/auth/logout/callback', logoutCallback(ctx));
  // FranceConnect+ (qualification #22): its sign-in, and the service's public key it encrypts to.
  if (franceconnectPlus) {
    router.get('/auth/plus/login', login(ctx, 'franceconnect-plus'));
    router.get('/auth/jwks', jwksRoute(franceconnectPlus.keys));
  }
  // Re-authentication and second factors for sensitive acts.
  stepUp.mount(router);
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
  for (const client of [franceconnect, franceconnectPlus?.client]) {
    client?.metadata().catch(() => {
      // Logged by the client; retried on the next use.
    });
  }

  // The public object: the router and what an app needs around it.
  let closed: Promise<void> | undefined;
  return Object.assign(router, {
    settings,
    sessionStore: store,
    franceconnect,
    franceconnectPlus: franceconnectPlus?.client,
    accounts: accounts?.api,
    session,
    requireSignIn,
    requireRecentAuthentication: stepUp.requireRecentAuthentication,
    requireStepUp: stepUp.requireStepUp,
    csrf,
    startAuthorization: (req: Request, authorization: AuthorizationInput) =>
      startAuthorization(ctx, req, authorization),
    endSessionsOfUser: async (userId: string) => {
      await data?.forgetUser(userId);
      return store.destroyAllForUser(userId);
    },
    retrievedData: async (req: Request) => data?.retrievedOf(req),
    retrievedDataStore: dataStore,
    metrics: { registry: metrics.registry, handler: metrics.handler },
    ready: async () => {
      await accountStore?.ping();
    },
    drain: () => {
      draining = true;
    },
    close: () => {
      draining = true;
      return (closed ??= Promise.all([
        franceconnect.close(),
        franceconnectPlus?.client.close(),
        ownsStore ? store.close() : Promise.resolve(),
        data?.close(),
        ownsAccountStore && accounts ? accounts.api.store.close() : Promise.resolve(),
        limiters?.close(),
      ]).then(() => undefined));
    },
  });
}
