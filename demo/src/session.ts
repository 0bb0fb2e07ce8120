// The signed-in person, as the BFF's `GET /api/me` tells it. Read once per page and shared by the
// header and the page's own script.
import type { SessionInfo } from '@franceconnect-kit/button';

/** What the demo reads of `GET /api/me` (the BFF's `MeResponse`; `account` is its `AccountView`). */
export interface Session extends SessionInfo {
  account:
    (NonNullable<SessionInfo['account']> & { franceconnect: boolean; localCredentials: boolean }) | null;
}

async function readSession(): Promise<Session | null> {
  try {
    const response = await fetch('/api/me', { headers: { accept: 'application/json' }, cache: 'no-store' });
    // 204: signed out.
    return response.status === 200 ? ((await response.json()) as Session) : null;
  } catch {
    return null;
  }
}

/** This page's session: `null` when signed out. */
export const session: Promise<Session | null> = readSession();

/**
 * The CSRF token to send with a form: the session's, or for a visitor not signed in yet, the one
 * `GET /api/csrf` gives (it starts a session for the forms posted before signing in).
 */
export async function csrfToken(): Promise<string> {
  const signedIn = await session;
  if (signedIn) return signedIn.csrfToken;
  const response = await fetch('/api/csrf', { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /api/csrf answered ${response.status}`);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

/** The name the site greets the person with: first names, then the usage name, else the birth name. */
export function displayName(signedIn: Session): string {
  const identity = signedIn.account?.identity ?? signedIn.identity;
  const family =
    (signedIn.account ? signedIn.account.preferred_username : signedIn.identity?.preferred_username) ||
    identity?.family_name;
  return [identity?.given_name, family].filter(Boolean).join(' ') || signedIn.account?.email || '';
}
