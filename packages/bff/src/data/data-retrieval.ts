import type { Request, RequestHandler, Response } from 'express';
import type { AccountStore } from '../accounts/account-store.js';
import type { VerifiedAuthorization } from '../franceconnect/finish-login.js';
import { createOutboundClient, type OutboundInterceptor } from '../franceconnect/outbound-fetch.js';
import type { Transaction } from '../franceconnect/start-login.js';
import { withNotice } from '../http/notices.js';
import type { PurposeContext, PurposeHandler } from '../purposes.js';
import { safeReturnTo } from '../return-to.js';
import type { BffContext, SignInData } from '../context.js';
import type { SignedIn } from '../session/session-data.js';
import { SessionStoreUnavailableError } from '../session/session-store.js';
import { signInData } from './at-sign-in.js';
import { noticeOfFailure, type DataFailureCode } from './failures.js';
import { callsFor, type ProviderCall } from './provider-call.js';
import { responseOf, withFailure, withOutcomes, type DataResponse } from './retrieved-data.js';
import type { RetrievedDataStore } from './retrieved-data-store.js';
import { createRetriever } from './retriever.js';
import type { DataSettings } from './settings.js';
import { startDataRetrieval } from './start-route.js';
import { refusalOf } from './whose-data.js';

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
  /** Data retrieved with the sign-in itself (`/auth/login?apis=`, `signInDataApis`). */
  signIn: SignInData;
  /** What this request's signed-in session retrieved, as `/api/data` returns it. */
  retrievedOf: (req: Request) => Promise<DataResponse | undefined>;
  forgetSession: (sessionId: string) => Promise<void>;
  /** The same person's session goes on under a new id and user id: what it retrieved follows it. */
  continueSession: (req: Request, previous: { sessionId: string; userId: string }) => Promise<void>;
  forgetUser: (userId: string) => Promise<number>;
  close: () => Promise<void>;
}

/**
 * « Récupérer ses données avec FranceConnect » (qualification #8d), and data retrieved with the
 * sign-in: the route that starts an authorization for identity + data scopes, the purpose that calls
 * the APIs with the access token at once, and `/api/data`, which returns what was retrieved, API by
 * API. The data is kept in the `RetrievedDataStore` only (never in the session store or a database)
 * and is forgotten at logout.
 */
export function createDataRetrieval(ctx: BffContext, options: DataRetrievalOptions): DataRetrieval {
  const { settings, store } = options;
  // The same outbound rules as towards FranceConnect: TLS ≥ 1.2, bounded timeouts, no redirects (qualification #18).
  const outbound = createOutboundClient({
    timeoutSeconds: settings.httpTimeout,
    trustedCertificates: options.trustedCertificates,
    interceptor: options.interceptor,
  });
  const retriever = createRetriever(ctx, { settings, store, fetch: outbound.fetch });

  const callsOf = (transaction: Transaction) => callsFor(settings, transaction.scopes);
  const scopesOf = (calls: readonly ProviderCall[]) => calls.flatMap((call) => call.scopes);

  const retryUrl = (transaction: Transaction) =>
    `/auth/data?apis=${encodeURIComponent(
      callsOf(transaction)
        .map((call) => call.api)
        .join(' '),
    )}&returnTo=${encodeURIComponent(transaction.returnTo)}`;

  /** Records a failure of the whole attempt for the signed-in session, if any. */
  async function keepFailure(
    req: Request,
    signedIn: SignedIn | undefined,
    code: DataFailureCode,
    calls: readonly ProviderCall[],
  ): Promise<void> {
    if (!signedIn) return;
    const failure = retriever.failure(code, scopesOf(calls));
    await retriever.keep(req, signedIn, (previous) => withFailure(previous, failure, calls));
  }

  const accounts = options.accounts;
  const ownerOf = (authorization: VerifiedAuthorization) =>
    accounts?.findByFranceConnect(ctx.franceconnect.issuer, authorization.identity.sub);

  const purpose: PurposeHandler = async (authorization, context: PurposeContext) => {
    const { req, res, logger: log } = context;
    const transaction = authorization.transaction;
    const calls = callsOf(transaction);
    const signedInBefore = req.session.franceconnect?.signedIn;

    // The data must be the signed-in person's (qualification #11: « s’assurer que les données
    // récupérées correspondent au compte »): FranceConnect's session may be someone else's.
    const refused = await refusalOf(signedInBefore, authorization, {
      issuer: ctx.franceconnect.issuer,
      accounts,
    });
    if (refused) {
      log.warn({ event: 'data.refused', reason: refused.code }, 'data retrieval refused');
      await keepFailure(req, signedInBefore, refused.code, calls);
      res.redirect(303, withNotice(transaction.returnTo, noticeOfFailure(refused.code)));
      return;
    }

    // At once: the access token lives 60 seconds.
    const outcomes = await retriever.retrieve(log, authorization.accessToken, calls);
    const at = new Date().toISOString();

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
      if (kept && upgraded) await retriever.keep(req, upgraded, () => kept);
    }
    const signedIn = req.session.franceconnect?.signedIn;
    if (!signedIn) throw new SessionStoreUnavailableError('the signed-in session was not kept');

    await retriever.keep(req, signedIn, (previous) => withOutcomes(previous, outcomes, at));
    const failure = outcomes.find((outcome) => outcome.failure)?.failure;
    res.redirect(
      303,
      redirectTo ??
        withNotice(transaction.returnTo, failure ? noticeOfFailure(failure.code) : 'data-retrieved'),
    );
  };
  purpose.retryUrl = retryUrl;
  purpose.cancelled = async (transaction, { req, res }) => {
    await keepFailure(req, req.session.franceconnect?.signedIn, 'cancelled', callsOf(transaction));
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
    signIn: signInData(settings, retriever),
    retrievedOf,
    forgetSession: (sessionId) => store.forgetSession(sessionId),
    continueSession: async (req, previous) => {
      const kept = await store.get(previous.sessionId, previous.userId);
      await store.forgetSession(previous.sessionId);
      const signedIn = req.session.franceconnect?.signedIn;
      if (kept && signedIn) await retriever.keep(req, signedIn, () => kept);
    },
    forgetUser: (userId) => store.forgetUser(userId),
    close: async () => {
      await Promise.all([outbound.close(), options.ownsStore ? store.close() : Promise.resolve()]);
    },
  };
}
