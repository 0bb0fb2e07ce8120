import { clientOf, type BffContext } from '../context.js';
import { asFranceConnectError } from '../franceconnect/discovery.js';
import { FranceConnectError } from '../franceconnect/errors.js';
import { logoutUrl } from '../franceconnect/logout-url.js';
import type { Platform } from '../franceconnect/platform.js';
import type { Logger } from '../log.js';
import type { SignedIn } from '../session/session-data.js';

/** A session open at a FranceConnect platform: where, and the ID token that names it. */
export interface PlatformSession {
  platform: Platform;
  idToken: string;
}

/**
 * Every FranceConnect session a signed-in session opened (qualification #9): its sign-in's, then
 * those of later re-authentications and second factors at another platform. At most one per platform.
 */
export function platformSessionsOf(signedIn: SignedIn | undefined): PlatformSession[] {
  if (!signedIn) return [];
  const sessions: PlatformSession[] = [];
  if (signedIn.method === 'franceconnect') {
    sessions.push({ platform: signedIn.platform ?? 'franceconnect', idToken: signedIn.idToken });
  }
  for (const [platform, idToken] of Object.entries(signedIn.platformSessions ?? {}) as Array<
    [Platform, string | undefined]
  >) {
    if (idToken !== undefined && !sessions.some((session) => session.platform === platform)) {
      sessions.push({ platform, idToken });
    }
  }
  return sessions;
}

/** Where the browser goes to end a platform's session, and the sessions left for the logout callback. */
export interface PlatformLogout {
  url: URL;
  state: string;
  next: PlatformSession | undefined;
}

/**
 * The end-session URL of the first of `sessions` that can be reached, and the ones left for the
 * logout callback to end next; no `endSession` when none can (a local logout then), and `unreachable`
 * when a platform was down (never send the browser to a dead host: the person is told instead).
 */
export async function startPlatformLogout(
  ctx: BffContext,
  sessions: readonly PlatformSession[],
  log: Logger,
): Promise<{ endSession: PlatformLogout | undefined; unreachable: boolean }> {
  let unreachable = false;
  for (const [index, session] of sessions.entries()) {
    if (session.platform === 'franceconnect-plus' && !ctx.franceconnectPlus) continue;
    try {
      const client = clientOf(ctx, session.platform);
      if (!(await client.reachable())) throw new FranceConnectError('unavailable', 'breaker open');
      const { url, state } = logoutUrl(await client.urlConfiguration(), {
        idToken: session.idToken,
        postLogoutRedirectUri: ctx.postLogoutRedirectUri,
      });
      return { endSession: { url, state, next: sessions[index + 1] }, unreachable };
    } catch (error) {
      unreachable = true;
      log.warn(
        {
          event: 'logout.franceconnect_unavailable',
          platform: session.platform,
          code: asFranceConnectError(error).code,
        },
        'FranceConnect unreachable: its session is not ended',
      );
    }
  }
  return { endSession: undefined, unreachable };
}
