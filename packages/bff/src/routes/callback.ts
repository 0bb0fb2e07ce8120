import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { FranceConnectError } from '../franceconnect/errors.js';
import { finishLogin, type VerifiedAuthorization } from '../franceconnect/finish-login.js';
import { logoutUrl } from '../franceconnect/logout-url.js';
import type { Transaction } from '../franceconnect/start-login.js';
import { withNotice } from '../http/notices.js';
import { PAGES } from '../http/pages.js';
import { sendProblem } from '../http/respond.js';
import { logOf, type Logger } from '../log.js';
import { SIGN_IN_PURPOSE, type PurposeContext, type SignInDecision } from '../purposes.js';
import { safeReturnTo } from '../return-to.js';
import { signIn } from '../session/sign-in.js';
import { TRANSACTION_TTL_MS } from '../session/transaction-cookies.js';
import { updateSessionState } from '../session/session-middleware.js';
import { clientOf, type BffContext } from '../context.js';
import { queryProblems } from './query.js';

const single = (name: string, max: number) =>
  z.string({ error: `${name} must be given once, as text` }).max(max, `${name} is too long`);

const TRANSACTION_TTL_S = TRANSACTION_TTL_MS / 1000;
const stateKey = (state: string) => `state:${createHash('sha256').update(state).digest('base64url')}`;

/** `error_description` is FranceConnect's free text: kept, but capped, and only ever shown escaped. */
const DESCRIPTION_MAX = 200;

const callbackQuery = z.object({
  code: single('code', 1024).optional(),
  state: single('state', 256).optional(),
  iss: single('iss', 1024).optional(),
  error: single('error', 256).optional(),
  error_description: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? (value[0] ?? '') : value).slice(0, DESCRIPTION_MAX))
    .optional(),
});

/**
 * `GET /auth/callback`: FranceConnect's answer, checked in this order, each failure ending the
 * attempt before anything else happens:
 *
 * 1. `state` must be a pending attempt of this browser (its sealed cookie), which it consumes: the
 *    cookie is cleared and the state recorded as spent in the session store (single use). Otherwise no
 *    token request is sent, no session created: home with a notice (qualification #20).
 * 2. `iss`, when present, must be FranceConnect's issuer (RFC 9207, mix-up attacks).
 * 3. `error=…`: `access_denied` shows « Connexion annulée » with a retry link, others a generic page.
 * 4. The code is exchanged and everything verified (`finishLogin`); a nonce mismatch ends with a
 *    FranceConnect logout when the ID token is really FranceConnect's (qualification #20).
 * 5. The attempt's purpose handler completes it (sign-in by default).
 */
export function callback(ctx: BffContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const log = logOf(req, ctx.logger);
    const parsed = callbackQuery.safeParse(req.query);
    if (!parsed.success) {
      log.warn({ event: 'login.rejected', reason: 'malformed_callback' }, 'callback rejected');
      sendProblem(req, res, {
        status: 400,
        code: 'invalid_request',
        page: PAGES.badRequest(ctx.home, queryProblems(parsed.error)),
      });
      return;
    }
    const query = parsed.data;
    const transaction = query.state === undefined ? undefined : ctx.transactions.take(req, res, query.state);
    // The cookie is cleared, but a copy of it must not work either: each state is spent server-side.
    if (transaction && !(await ctx.store.consumeOnce(stateKey(transaction.state), TRANSACTION_TTL_S))) {
      log.warn(
        { event: 'login.rejected', reason: 'replayed_state' },
        'callback rejected: state already used',
      );
      res.redirect(303, withNotice(ctx.home, 'login-interrupted'));
      return;
    }
    if (!transaction) {
      log.warn(
        { event: 'login.rejected', reason: query.state === undefined ? 'missing_state' : 'unknown_state' },
        'callback rejected: no pending attempt with this state',
      );
      res.redirect(303, withNotice(ctx.home, 'login-interrupted'));
      return;
    }
    if (transaction.platform === 'franceconnect-plus' && !ctx.franceconnectPlus) {
      log.warn(
        { event: 'login.rejected', reason: 'platform_off' },
        'callback rejected: FranceConnect+ is off',
      );
      res.redirect(303, withNotice(ctx.home, 'login-interrupted'));
      return;
    }
    // The platform the attempt went to: its issuer, keys and client are the ones that count.
    const franceconnect = clientOf(ctx, transaction.platform);
    const handler = ctx.purposes.get(transaction.purpose);
    const retry =
      handler?.retryUrl?.(transaction) ?? `/auth/login?returnTo=${encodeURIComponent(transaction.returnTo)}`;

    // RFC 9207: when FranceConnect says it sends `iss`, an answer without it is not to be trusted either.
    const issRequired =
      (await franceconnect.metadata()).authorization_response_iss_parameter_supported === true;
    if (query.iss !== undefined ? query.iss !== franceconnect.issuer : issRequired) {
      log.warn(
        { event: 'login.rejected', reason: 'issuer_mismatch' },
        'callback rejected: iss is not FranceConnect',
      );
      res.redirect(303, withNotice(ctx.home, 'login-interrupted'));
      return;
    }

    if (query.error !== undefined) {
      const code = /^[A-Za-z0-9_.-]{1,64}$/.test(query.error) ? query.error : 'inconnu';
      if (code === 'access_denied') {
        log.info(
          { event: 'login.cancelled', purpose: transaction.purpose },
          'sign-in cancelled at FranceConnect',
        );
        if (handler?.cancelled) {
          await handler.cancelled(transaction, { req, res, logger: log });
          return;
        }
        sendProblem(
          req,
          res,
          { status: 200, code: 'cancelled', page: PAGES.cancelled(retry, ctx.home), override: 'cancelled' },
          ctx.pages,
        );
        return;
      }
      log.warn(
        { event: 'login.rejected', reason: 'franceconnect_error', error: code },
        'FranceConnect returned an error',
      );
      sendProblem(
        req,
        res,
        {
          status: 400,
          code: 'franceconnect_error',
          page: PAGES.franceconnectError(retry, ctx.home, code, query.error_description),
          override: 'error',
        },
        ctx.pages,
      );
      return;
    }

    if (query.code === undefined) {
      log.warn({ event: 'login.rejected', reason: 'missing_code' }, 'callback rejected: no code');
      sendProblem(req, res, {
        status: 400,
        code: 'invalid_request',
        page: PAGES.badRequest(ctx.home, ['Le paramètre « code » est absent.']),
      });
      return;
    }

    // The redirect URI comes from configuration, with only the parameters FranceConnect defines.
    const callbackUrl = new URL(ctx.redirectUri);
    callbackUrl.searchParams.set('code', query.code);
    callbackUrl.searchParams.set('state', transaction.state);
    if (query.iss !== undefined) callbackUrl.searchParams.set('iss', query.iss);

    // Data asked for with the sign-in is retrieved beside userinfo, while the access token lives.
    const data =
      // FranceConnect+ serves no data provider: only FranceConnect's sign-ins carry data.
      transaction.purpose === SIGN_IN_PURPOSE && transaction.platform === undefined
        ? ctx.signInData?.begin(transaction, log)
        : undefined;
    let authorization: VerifiedAuthorization;
    try {
      authorization = await finishLogin(franceconnect, callbackUrl, transaction, {
        accessTokenVerified: data?.tokenReceived,
      });
    } catch (error) {
      await rejected(ctx, req, res, log, error, transaction, retry);
      return;
    }

    const context: PurposeContext = {
      req,
      res,
      logger: log,
      signIn: (decision?: SignInDecision) => signIn(ctx, req, authorization, decision),
    };
    if (transaction.purpose === SIGN_IN_PURPOSE) {
      const decision = (await ctx.onSignIn?.(authorization, req)) ?? undefined;
      await context.signIn(decision);
      // A failure of the data never fails the sign-in: it is told where the person is going back to.
      const dataNotice = await data?.finish(req);
      res.redirect(
        303,
        decision?.redirectTo === undefined && dataNotice !== undefined
          ? withNotice(transaction.returnTo, dataNotice)
          : safeReturnTo(decision?.redirectTo, transaction.returnTo),
      );
    } else {
      // An attempt started for a purpose this BFF no longer handles never falls back to signing in.
      if (!handler) throw new Error(`no handler for the authorization purpose ${transaction.purpose}`);
      await handler(authorization, context);
    }
    log.info(
      { event: 'login.succeeded', purpose: transaction.purpose, acr: authorization.acr },
      'authorization completed',
    );
  };
}

async function rejected(
  ctx: BffContext,
  req: Request,
  res: Response,
  log: Logger,
  error: unknown,
  transaction: Transaction,
  retry: string,
): Promise<void> {
  if (!(error instanceof FranceConnectError)) throw error;
  log.warn(
    { event: 'login.rejected', reason: error.code, detail: error.message, purpose: transaction.purpose },
    'sign-in rejected',
  );
  switch (error.code) {
    case 'unavailable':
    case 'metadata_invalid':
      sendProblem(
        req,
        res,
        {
          status: 503,
          code: 'franceconnect_unavailable',
          page: PAGES.franceconnectUnavailable(retry, ctx.home),
          override: 'unavailable',
        },
        ctx.pages,
      );
      return;
    case 'nonce_mismatch': {
      // qualification #20: back home with a notice, through FranceConnect's logout when its session exists.
      if (error.logoutHint !== undefined) {
        const logout = logoutUrl(await clientOf(ctx, transaction.platform).urlConfiguration(), {
          idToken: error.logoutHint,
          postLogoutRedirectUri: ctx.postLogoutRedirectUri,
        });
        await updateSessionState(req, (state) => {
          state.logout = { state: logout.state, createdAt: Date.now(), notice: 'login-interrupted' };
        });
        res.redirect(303, logout.url.href);
        return;
      }
      res.redirect(303, withNotice(ctx.home, 'login-interrupted'));
      return;
    }
    case 'token_rejected':
      // FranceConnect refused its own code: a controlled 5xx page, as for an unreachable token endpoint.
      sendProblem(
        req,
        res,
        {
          status: 502,
          code: 'token_rejected',
          page: PAGES.verificationFailed(retry, ctx.home),
          override: 'error',
        },
        ctx.pages,
      );
      return;
    default:
      sendProblem(
        req,
        res,
        { status: 502, code: error.code, page: PAGES.verificationFailed(retry, ctx.home), override: 'error' },
        ctx.pages,
      );
  }
}
