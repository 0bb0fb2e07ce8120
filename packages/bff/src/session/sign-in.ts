import type { Request } from 'express';
import type { VerifiedAuthorization } from '../franceconnect/finish-login.js';
import { randomAlphanumeric } from '../franceconnect/random.js';
import { logOf } from '../log.js';
import type { SignInDecision } from '../purposes.js';
import type { BffContext } from '../context.js';
import { authenticationOf } from './authentications.js';
import type { JsonValue, SignedIn } from './session-data.js';
import { replaceSession } from './session-middleware.js';

/**
 * Replaces the session by a signed-in one: a new session id (the previous one is destroyed, so a
 * planted id is worth nothing) and a fresh CSRF token. Attempts pending in other tabs live in their own
 * cookies and are not affected.
 */
async function startSignedInSession(ctx: BffContext, req: Request, signedIn: SignedIn): Promise<void> {
  const previousId = req.sessionID;
  await replaceSession(req, () => ({ signedIn, csrfToken: randomAlphanumeric(43) }));
  // What the previous session retrieved stays with it: a sign-in starts afresh.
  await ctx.sessionEnded?.(previousId);
}

/**
 * Signs the browser in with a verified FranceConnect authorization: the session holds the identity
 * and the raw ID token for the FranceConnect logout.
 */
export async function signIn(
  ctx: BffContext,
  req: Request,
  authorization: VerifiedAuthorization,
  decision: SignInDecision = {},
): Promise<void> {
  const userId = decision.userId ?? authorization.identity.sub;
  await startSignedInSession(ctx, req, {
    method: 'franceconnect',
    identity: authorization.identity,
    idToken: authorization.idToken,
    acr: authorization.acr,
    ...(authorization.platform === 'franceconnect' ? {} : { platform: authorization.platform }),
    signedInAt: Date.now(),
    userId,
    account: decision.account ?? null,
    // The sign-in is the session's first authentication (a recent one for sensitive acts).
    authentications: [authenticationOf(authorization, userId)],
  });
  logOf(req, ctx.logger).debug({ event: 'session.signed_in' }, 'session signed in');
}

/** Signs the browser in with the service's own credentials (accounts): no FranceConnect identity. */
export async function signInLocally(
  ctx: BffContext,
  req: Request,
  decision: { userId: string; account: JsonValue },
): Promise<void> {
  await startSignedInSession(ctx, req, {
    method: 'local',
    identity: null,
    idToken: null,
    acr: null,
    signedInAt: Date.now(),
    userId: decision.userId,
    account: decision.account,
    authentications: [{ method: 'password', at: Date.now(), userId: decision.userId }],
  });
  logOf(req, ctx.logger).debug({ event: 'session.signed_in', method: 'local' }, 'session signed in');
}
