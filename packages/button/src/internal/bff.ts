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
