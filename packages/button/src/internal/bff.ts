// The few calls the account elements make to the backend-for-frontend (packages/bff), same origin,
// with the session cookie. Types are the parts of its answers the elements read.

/** The part of `GET /api/me` the elements read. */
export interface SessionInfo {
  identity: { given_name?: string; family_name?: string; preferred_username?: string } | null;
  account: {
    email?: string;
    preferred_username?: string;
    identity?: { given_name?: string; family_name?: string } | null;
  } | null;
  csrfToken: string;
}

/**
 * `GET` a JSON resource of the BFF; `undefined` unless it answers 200: 204 when there is nothing (signed
 * out: the BFF answers the ordinary case without an error status, which the console would log), an
 * error, offline…
 */
export async function getJson<T>(url: string): Promise<T | undefined> {
  try {
    const response = await fetch(url, {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { accept: 'application/json' },
    });
    return response.status === 200 ? ((await response.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** An answer of the BFF: its status (0 offline) and JSON body. */
export interface Answer {
  status: number;
  json: Record<string, unknown>;
}

/** The session's CSRF token: the one given, else the session endpoint's (`GET /api/me`). */
export async function csrfOf(given: string | undefined, sessionEndpoint: string): Promise<string> {
  return given ?? (await getJson<SessionInfo>(sessionEndpoint))?.csrfToken ?? '';
}

/** A state-changing JSON call to the BFF with the CSRF header; status 0 when it cannot be reached. */
export async function sendJson(url: string, method: string, body: unknown, csrf: string): Promise<Answer> {
  try {
    const response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body ?? {}),
    });
    return { status: response.status, json: (await response.json().catch(() => ({}))) as Answer['json'] };
  } catch {
    return { status: 0, json: {} };
  }
}

/** A same-origin path from a value the page does not control (`?returnTo=`…), else `/`. */
export function samePath(value: string | null | undefined): string {
  if (!value) return '/';
  const url = new URL(value, location.origin);
  return url.origin === location.origin ? `${url.pathname}${url.search}${url.hash}` : '/';
}
