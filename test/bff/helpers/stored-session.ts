import type { SessionData } from 'express-session';
import type { SessionStore } from '@franceconnect-kit/bff';

/** The session id in a `bff_session` cookie value (`s:<id>.<signature>`, URL-encoded). */
export function sessionIdOf(cookie: string | undefined): string {
  if (cookie === undefined) throw new Error('no session cookie');
  const value = decodeURIComponent(cookie);
  if (!value.startsWith('s:')) throw new Error('not a signed session cookie');
  return value.slice(2, value.lastIndexOf('.'));
}

/** What the store holds for that session (`undefined` when none): what matters, not what an API says. */
export function storedSession(
  store: SessionStore,
  cookie: string | undefined,
): Promise<SessionData | undefined> {
  const sid = sessionIdOf(cookie);
  return new Promise((resolve, reject) => {
    store.get(sid, (error, data) => {
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(data ?? undefined);
    });
  });
}

/**
 * Makes the session's authentications `ms` older, in the store itself: a session whose last
 * authentication was that long ago, without waiting for it.
 */
export async function ageAuthentications(
  store: SessionStore,
  cookie: string | undefined,
  ms: number,
): Promise<void> {
  const sid = sessionIdOf(cookie);
  const session = await storedSession(store, cookie);
  const signedIn = session?.franceconnect.signedIn;
  if (!session || !signedIn) throw new Error('no signed-in session to age');
  for (const event of signedIn.authentications ?? []) event.at -= ms;
  await new Promise<void>((resolve, reject) => {
    store.set(sid, session, (error) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(),
    );
  });
}
