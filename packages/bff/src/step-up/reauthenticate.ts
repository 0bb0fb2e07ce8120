import type { Request, Response } from 'express';
import { lockedIdentityOf } from '../accounts/account.js';
import { AccountConflictError } from '../accounts/account-store.js';
import { refreshSessionAccount } from '../accounts/session-account.js';
import type { VerifiedAuthorization } from '../franceconnect/finish-login.js';
import { PLATFORM_NAMES, type Platform } from '../franceconnect/platform.js';
import { withNotice } from '../http/notices.js';
import { sendProblem } from '../http/respond.js';
import type { PurposeContext, PurposeHandler } from '../purposes.js';
import { safeReturnTo } from '../return-to.js';
import { startAuthorization } from '../routes/login.js';
import { startPlatformLogout } from '../routes/platform-logouts.js';
import { authenticationOf, recordAuthentication } from '../session/authentications.js';
import { signedInOf } from '../session/session-data.js';
import { updateSessionState } from '../session/session-middleware.js';
import { accountOfSession, type StepUpContext } from './context.js';
import { STEP_UP_PAGES } from './pages.js';
import { franceconnectComparable, plusComparable, samePerson } from './same-person.js';

/** The purpose of authorizations that confirm the session's person (FranceConnect or FranceConnect+). */
export const REAUTHENTICATE_PURPOSE = 'reauthenticate';

/** FranceConnect may take this long (and clocks differ this much) between the attempt and its `auth_time`. */
const NEW_AUTHENTICATION_TOLERANCE_MS = 60_000;

const startPath = (platform: Platform) =>
  platform === 'franceconnect-plus' ? '/auth/plus/reauthenticate' : '/auth/reauthenticate';

/** `/auth/reauthenticate?returnTo=…` (or FranceConnect+'s), to try again. */
export const reauthenticationUrl = (platform: Platform, returnTo: string) =>
  `${startPath(platform)}?returnTo=${encodeURIComponent(returnTo)}`;

function signInPage(ctx: StepUpContext, returnTo: string): string {
  const url = new URL(ctx.settings.signInPage, 'http://sign-in.invalid');
  url.searchParams.set('returnTo', returnTo);
  return `${url.pathname}${url.search}`;
}

/**
 * `GET /auth/reauthenticate?returnTo=/path` (FranceConnect) and `GET /auth/plus/reauthenticate`
 * (FranceConnect+, a second factor): the signed-in person authenticates again (`prompt=login`), then
 * comes back to `returnTo`. Only when the answer can be told to be theirs (a FranceConnect identity
 * linked to the account, a certified identity to compare with FranceConnect+'s).
 */
export function startReauthentication(ctx: StepUpContext, platform: Platform) {
  return async (req: Request, res: Response): Promise<void> => {
    const raw = req.query.returnTo;
    const returnTo = safeReturnTo(typeof raw === 'string' ? raw : undefined, ctx.bff.home);
    const signedIn = signedInOf(req);
    const account = signedIn ? await accountOfSession(ctx, signedIn) : undefined;
    if (!signedIn || (signedIn.account !== null && ctx.accounts !== undefined && !account)) {
      res.redirect(303, signInPage(ctx, returnTo));
      return;
    }
    const comparable =
      platform === 'franceconnect-plus'
        ? plusComparable(signedIn, account)
        : franceconnectComparable(signedIn, account);
    if (!comparable) {
      sendProblem(req, res, {
        status: 409,
        code: 'not_comparable',
        page: STEP_UP_PAGES.notComparable(PLATFORM_NAMES[platform], returnTo),
      });
      return;
    }
    const url = await startAuthorization(ctx.bff, req, {
      purpose: REAUTHENTICATE_PURPOSE,
      returnTo,
      platform,
      prompt: ['login'],
    });
    res.redirect(302, url.href);
  };
}

/**
 * Completes a re-authentication: records it in the session when it is a new authentication of the
 * session's own person, then back to `returnTo`. Someone else's is refused, never recorded, and their
 * FranceConnect session in this browser is ended (home then says why); the session stays signed in.
 */
export function completeReauthentication(ctx: StepUpContext): PurposeHandler {
  const handler = async (authorization: VerifiedAuthorization, context: PurposeContext): Promise<void> => {
    const { req, res, logger } = context;
    const { platform, transaction } = authorization;
    const returnTo = transaction.returnTo;
    const signedIn = signedInOf(req);
    const account = signedIn ? await accountOfSession(ctx, signedIn) : undefined;
    if (!signedIn || (signedIn.account !== null && ctx.accounts !== undefined && !account)) {
      sendProblem(req, res, {
        status: 401,
        code: 'unauthenticated',
        page: STEP_UP_PAGES.signedOut(signInPage(ctx, returnTo)),
      });
      return;
    }
    // With prompt=login the platform asks again; an old auth_time means it reused its session.
    if (
      authorization.authTime !== undefined &&
      authorization.authTime * 1000 < transaction.createdAt - NEW_AUTHENTICATION_TOLERANCE_MS
    ) {
      logger.warn({ event: 'step_up.refused', platform, reason: 'not_new' }, 're-authentication refused');
      sendProblem(req, res, {
        status: 409,
        code: 'not_new',
        page: STEP_UP_PAGES.notNew(
          PLATFORM_NAMES[platform],
          reauthenticationUrl(platform, returnTo),
          returnTo,
        ),
      });
      return;
    }
    const verdict = await samePerson(ctx, signedIn, account, authorization);
    let linked = false;
    if (verdict.same && verdict.linkPlusTo && ctx.accounts) {
      try {
        const issuer = ctx.bff.franceconnectPlus?.client.issuer ?? '';
        const updated = await ctx.accounts.linkFranceConnectPlus(
          verdict.linkPlusTo.id,
          { issuer, sub: authorization.identity.sub },
          lockedIdentityOf(authorization.identity),
        );
        if (updated) {
          await refreshSessionAccount(req, updated);
          linked = true;
        }
      } catch (error) {
        if (!(error instanceof AccountConflictError)) throw error;
        // Linked to another account meanwhile: someone else's, after all.
        await refused(ctx, req, res, authorization, 'another_person', logger);
        return;
      }
    }
    if (!verdict.same) {
      await refused(ctx, req, res, authorization, verdict.reason, logger);
      return;
    }
    const recorded = await recordAuthentication(req, authenticationOf(authorization, signedIn.userId), {
      platform,
      idToken: authorization.idToken,
    });
    if (!recorded) {
      sendProblem(req, res, {
        status: 401,
        code: 'unauthenticated',
        page: STEP_UP_PAGES.signedOut(signInPage(ctx, returnTo)),
      });
      return;
    }
    logger.info(
      { event: 'step_up.completed', method: platform, acr: authorization.acr, by: verdict.by, linked },
      'identity confirmed',
    );
    res.redirect(303, returnTo);
  };
  // Back from FranceConnect without confirming: to where the person was (a guarded page asks again).
  handler.cancelled = (transaction: VerifiedAuthorization['transaction'], { res }: { res: Response }) => {
    res.redirect(303, transaction.returnTo);
    return Promise.resolve();
  };
  handler.retryUrl = (transaction: VerifiedAuthorization['transaction']) =>
    reauthenticationUrl(transaction.platform ?? 'franceconnect', transaction.returnTo);
  return handler;
}

/** Someone else's authentication: not recorded; their platform session ended, then home with a notice. */
async function refused(
  ctx: StepUpContext,
  req: Request,
  res: Response,
  authorization: VerifiedAuthorization,
  reason: string,
  logger: PurposeContext['logger'],
): Promise<void> {
  logger.warn(
    { event: 'step_up.refused', platform: authorization.platform, reason },
    'an authentication that is not the session’s person was refused',
  );
  const { endSession: logout } = await startPlatformLogout(
    ctx.bff,
    [{ platform: authorization.platform, idToken: authorization.idToken }],
    logger,
  );
  if (!logout) {
    res.redirect(303, withNotice(ctx.bff.home, 'reauthentication-refused'));
    return;
  }
  await updateSessionState(req, (state) => {
    state.logout = { state: logout.state, createdAt: Date.now(), notice: 'reauthentication-refused' };
  });
  res.redirect(303, logout.url.href);
}
