import type { Request } from 'express';
import type { Acr } from '../config.js';
import type { VerifiedAuthorization } from '../franceconnect/finish-login.js';
import type { Platform } from '../franceconnect/platform.js';
import { updateSessionState } from './session-middleware.js';

/** How a person proved who they are, as the session records it. */
export type AuthenticationMethod = 'password' | 'franceconnect' | 'franceconnect-plus' | 'passkey';

/**
 * One authentication the session went through: its sign-in, then every re-authentication and second
 * factor. Guards on sensitive acts read them (`bff.requireRecentAuthentication`, `bff.requireStepUp`).
 * Recorded only once the BFF has checked that it is the session's own person, so a guard compares
 * `userId` with the session's and the time with its limit, nothing else.
 */
export type AuthenticationEvent = {
  method: AuthenticationMethod;
  /** Epoch milliseconds of the authentication itself (FranceConnect's `auth_time` when it gave one). */
  at: number;
  /** Whose authentication: the session's `userId` when it was recorded. */
  userId: string;
  /** FranceConnect's eIDAS level (`eidas1`; FranceConnect+: `eidas2`, `eidas3`). */
  acr?: Acr | undefined;
  /** FranceConnect's authentication methods (`pwd`, `pop`, `mfa`…), when it sent them. */
  amr?: string[] | undefined;
  /** The passkey used (its credential id). */
  credentialId?: string | undefined;
};

/** The last authentications a session keeps: enough for every guard, never a growing list. */
export const MAX_AUTHENTICATIONS = 10;

/** `events` with `event` added, the oldest dropped beyond the limit. */
export function withAuthentication(
  events: readonly AuthenticationEvent[] | undefined,
  event: AuthenticationEvent,
): AuthenticationEvent[] {
  return [...(events ?? []), event].slice(-MAX_AUTHENTICATIONS);
}

/**
 * The authentication a verified FranceConnect(+) answer proves, for the session's `userId`: when it
 * happened is FranceConnect's `auth_time` (FranceConnect may reuse its own session, up to 30 minutes
 * old), never later than now.
 */
export function authenticationOf(
  authorization: Pick<VerifiedAuthorization, 'platform' | 'authTime' | 'acr' | 'amr'>,
  userId: string,
  now = Date.now(),
): AuthenticationEvent {
  const at = authorization.authTime === undefined ? now : Math.min(now, authorization.authTime * 1000);
  return {
    method: authorization.platform,
    at,
    userId,
    acr: authorization.acr,
    ...(authorization.amr ? { amr: authorization.amr } : {}),
  };
}

/**
 * Records an authentication in the request's signed-in session (after checking it is the session's
 * person), and the FranceConnect session it opened, if any, for the logout. Resolves whether it did
 * (`false`: signed out meanwhile).
 */
export async function recordAuthentication(
  req: Request,
  event: AuthenticationEvent,
  platformSession?: { platform: Platform; idToken: string },
): Promise<boolean> {
  return updateSessionState(req, (state) => {
    const signedIn = state.signedIn;
    if (!signedIn || signedIn.userId !== event.userId) return false;
    signedIn.authentications = withAuthentication(signedIn.authentications, event);
    if (platformSession) {
      const own = signedIn.method === 'franceconnect' ? (signedIn.platform ?? 'franceconnect') : undefined;
      if (own !== platformSession.platform) {
        signedIn.platformSessions = {
          ...signedIn.platformSessions,
          [platformSession.platform]: platformSession.idToken,
        };
      }
    }
    return true;
  });
}
