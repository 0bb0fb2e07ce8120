import type { Request, RequestHandler, Response } from 'express';
import type { AccountStore } from '../accounts/account-store.js';
import type { VerifiedAuthorization } from '../franceconnect/finish-login.js';
import { createOutboundClient, type OutboundInterceptor } from '../franceconnect/outbound-fetch.js';
import type { Transaction } from '../franceconnect/start-login.js';
import { withNotice } from '../http/notices.js';
import type { Logger } from '../log.js';
import type { PurposeContext, PurposeHandler } from '../purposes.js';
import { safeReturnTo } from '../return-to.js';
import type { BffContext } from '../context.js';
import type { JsonValue, SignedIn } from '../session/session-data.js';
import { SessionStoreUnavailableError } from '../session/session-store.js';
import {
  DATA_FAILURE_MESSAGES,
  DataRetrievalError,
  noticeOfFailure,
  type DataFailureCode,
} from './failures.js';
import { callProvider, callsFor, type ProviderCall } from './provider-call.js';
import {
  responseOf,
  withFailure,
  withSource,
  type DataResponse,
  type RetrievedData,
} from './retrieved-data.js';
import type { RetrievedDataStore } from './retrieved-data-store.js';
import type { DataSettings } from './settings.js';
import { startDataRetrieval } from './start-route.js';
import { refusalOf } from './whose-data.js';

/** One call's outcome: the provider's data, or why there is none. */
type Outcome =
  | { call: ProviderCall; data: Record<string, JsonValue>; error?: undefined }
  | { call: ProviderCall; data?: undefined; error: DataRetrievalError };

export interface DataRetrievalOptions {
  settings: DataSettings;
  store: RetrievedDataStore;
  /** Whether `close()` closes the store (it was created by the BFF). */
  ownsStore: boolean;
  /** The accounts' store, when accounts are on: whose is the FranceConnect identity returned. */
  accounts?: Pick<AccountStore, 'findByFranceConnect' | 'findById'> | undefined;
  trustedCertificates?: readonly string[] | undefined;
  interceptor?: OutboundInterceptor | undefined;
}

/** Data retrieval as the BFF mounts it: its two routes, its purpose, and what ends with a session. */
export interface DataRetrieval {
  /** `GET /auth/data`. */
  start: RequestHandler;
  /** `GET /api/data` (after the session middleware). */
  api: RequestHandler;
  purpose: PurposeHandler;
  /** What this request's signed-in session retrieved, as `/api/data` returns it. */
  retrievedOf: (req: Request) => Promise<DataResponse | undefined>;
  forgetSession: (sessionId: string) => Promise<void>;
  /** The same person's session goes on under a new id and user id: what it retrieved follows it. */
  continueSession: (req: Request, previous: { sessionId: string; userId: string }) => Promise<void>;
  forgetUser: (userId: string) => Promise<number>;
  close: () => Promise<void>;
}

/**
 * « Récupérer ses données avec FranceConnect » (qualification #8d): the route that starts an
 * authorization for identity + data scopes, the purpose that calls the data provider with the access
 * token at once, and `/api/data`, which returns what was retrieved. The data is kept in the
 * `RetrievedDataStore` only (never in the session store or a database) and is forgotten at logout.
 */
export function createDataRetrieval(ctx: BffContext, options: DataRetrievalOptions): DataRetrieval {
  const { settings, store } = options;
  // The same outbound rules as towards FranceConnect: TLS ≥ 1.2, bounded timeouts, no redirects (qualification #18).
  const outbound = createOutboundClient({
    timeoutSeconds: settings.httpTimeout,
    trustedCertificates: options.trustedCertificates,
    interceptor: options.interceptor,
  });

  const dataScopesOf = (transaction: Transaction) =>
    transaction.scopes.filter((scope) => settings.scopes.includes(scope));

  const retryUrl = (transaction: Transaction) =>
    `/auth/data?scopes=${encodeURIComponent(dataScopesOf(transaction).join(' '))}&returnTo=${encodeURIComponent(transaction.returnTo)}`;

  /** Keeps a retrieval's outcome for the signed-in session of this request. */
  async function keep(
    req: Request,
    signedIn: SignedIn,
    change: (previous: RetrievedData | undefined) => RetrievedData,
  ): Promise<void> {
    const previous = await store.get(req.sessionID, signedIn.userId);
    // Never beyond the session's own end: its idle timeout from now, its absolute lifetime from sign-in.
    const absoluteLeft =
      (signedIn.signedInAt + ctx.settings.sessionAbsoluteTimeout * 1000 - Date.now()) / 1000;
    const ttl = Math.floor(Math.min(settings.retention, ctx.settings.sessionIdleTimeout, absoluteLeft));
    if (ttl > 0) await store.set(req.sessionID, signedIn.userId, change(previous), ttl);
  }

  async function keepFailure(
    req: Request,
    signedIn: SignedIn | undefined,
    code: DataFailureCode,
    scopes: string[],
  ): Promise<void> {
    if (!signedIn) return;
    await keep(req, signedIn, (previous) =>
      withFailure(previous, {
        code,
        message: DATA_FAILURE_MESSAGES[code],
        provider: settings.providerUrl,
        scopes,
        at: new Date().toISOString(),
      }),
    );
  }

  /** Every call at once, in parallel; each outcome logged without its data. */
  async function retrieve(
    log: Logger,
    authorization: VerifiedAuthorization,
    calls: ProviderCall[],
  ): Promise<Outcome[]> {
    return Promise.all(
      calls.map(async (call): Promise<Outcome> => {
        try {
          const data = await callProvider(outbound.fetch, settings, call, authorization.accessToken);
          log.info({ event: 'data.retrieved', scopes: call.scopes }, 'data retrieved');
          return { call, data };
        } catch (caught) {
          const error =
            caught instanceof DataRetrievalError
              ? caught
              : new DataRetrievalError('unavailable', 'unexpected failure', { cause: caught });
          log.warn(
            {
              event: 'data.failed',
              code: error.code,
              status: error.status,
              detail: error.message,
              scopes: call.scopes,
            },
            'data retrieval failed',
          );
          return { call, error };
        }
      }),
    );
  }

  const accounts = options.accounts;
  const ownerOf = (authorization: VerifiedAuthorization) =>
    accounts?.findByFranceConnect(ctx.franceconnect.issuer, authorization.identity.sub);

  const purpose: PurposeHandler = async (authorization, context: PurposeContext) => {
    const { req, res, logger: log } = context;
    const transaction = authorization.transaction;
    const scopes = dataScopesOf(transaction);
    const signedInBefore = req.session.franceconnect?.signedIn;

    // The data must be the signed-in person's (qualification #11: « s’assurer que les données
    // récupérées correspondent au compte »): FranceConnect's session may be someone else's.
    const refused = await refusalOf(signedInBefore, authorization, {
      issuer: ctx.franceconnect.issuer,
      accounts,
    });
    if (refused) {
      log.warn({ event: 'data.refused', reason: refused.code }, 'data retrieval refused');
      await keepFailure(req, signedInBefore, refused.code, scopes);
      res.redirect(303, withNotice(transaction.returnTo, noticeOfFailure(refused.code)));
      return;
    }

    // At once: the access token lives 60 seconds.
    const outcomes = await retrieve(log, authorization, callsFor(settings, scopes));

    let redirectTo: string | undefined;
    if (!signedInBefore) {
      // Not signed in yet: FranceConnect just authenticated this person, so the sign-in happens here.
      const decision = (await ctx.onSignIn?.(authorization, req)) ?? undefined;
      await context.signIn(decision);
      if (decision?.redirectTo !== undefined)
        redirectTo = safeReturnTo(decision.redirectTo, transaction.returnTo);
    } else if (signedInBefore.method === 'local') {
      // Signed in with local credentials, now through FranceConnect too: the session keeps its account
      // and gains the ID token, so that logging out also ends FranceConnect's session (qualification #9).
      const kept = await store.get(req.sessionID, signedInBefore.userId);
      // A linked account's pivot identity is refreshed, FranceConnect being the source of truth.
      const decision = (await ownerOf(authorization))
        ? ((await ctx.onSignIn?.(authorization, req)) ?? undefined)
        : undefined;
      await context.signIn({
        userId: signedInBefore.userId,
        account: decision?.account ?? signedInBefore.account,
      });
      const upgraded = req.session.franceconnect?.signedIn;
      if (kept && upgraded) await keep(req, upgraded, () => kept);
    }
    const signedIn = req.session.franceconnect?.signedIn;
    if (!signedIn) throw new SessionStoreUnavailableError('the signed-in session was not kept');

    const at = new Date().toISOString();
    let failure: Outcome | undefined;
    for (const outcome of outcomes) {
      const { call, data } = outcome;
      if (data !== undefined) {
        await keep(req, signedIn, (previous) => withSource(previous, { ...call, retrievedAt: at, data }));
      } else failure ??= outcome;
    }
    if (failure?.error) await keepFailure(req, signedIn, failure.error.code, failure.call.scopes);
    res.redirect(
      303,
      redirectTo ??
        withNotice(
          transaction.returnTo,
          failure?.error ? noticeOfFailure(failure.error.code) : 'data-retrieved',
        ),
    );
  };
  purpose.retryUrl = retryUrl;
  purpose.cancelled = async (transaction, { req, res }) => {
    await keepFailure(req, req.session.franceconnect?.signedIn, 'cancelled', dataScopesOf(transaction));
    res.redirect(303, withNotice(transaction.returnTo, noticeOfFailure('cancelled')));
  };

  async function retrievedOf(req: Request): Promise<DataResponse | undefined> {
    const signedIn = req.session?.franceconnect?.signedIn;
    if (!signedIn) return undefined;
    const retrieved = await store.get(req.sessionID, signedIn.userId);
    return retrieved ? responseOf(retrieved) : undefined;
  }

  const api: RequestHandler = async (req: Request, res: Response) => {
    if (!req.session) throw new SessionStoreUnavailableError('no session: the session store is disconnected');
    const body = await retrievedOf(req);
    // Nothing retrieved (or signed out) is the ordinary state of a form's page: no content, not an error.
    if (!body) {
      res.status(204).end();
      return;
    }
    res.json(body);
  };

  return {
    start: startDataRetrieval(ctx, settings),
    api,
    purpose,
    retrievedOf,
    forgetSession: (sessionId) => store.forgetSession(sessionId),
    continueSession: async (req, previous) => {
      const kept = await store.get(previous.sessionId, previous.userId);
      await store.forgetSession(previous.sessionId);
      const signedIn = req.session.franceconnect?.signedIn;
      if (kept && signedIn) await keep(req, signedIn, () => kept);
    },
    forgetUser: (userId) => store.forgetUser(userId),
    close: async () => {
      await Promise.all([outbound.close(), options.ownsStore ? store.close() : Promise.resolve()]);
    },
  };
}
