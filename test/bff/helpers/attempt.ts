import assert from 'node:assert/strict';
import type { TestBff } from './bff.js';
import { CookieAgent } from './cookie-agent.js';

export interface Attempt {
  agent: CookieAgent;
  authorizeUrl: URL;
  callbackUrl: URL;
  /** The BFF's answer to the callback. */
  response: Response;
  body: string;
}

/**
 * A sign-in against a provider that answers /authorize at once (the forging provider): login →
 * authorize → callback, each hop by hand, the callback URL optionally altered on the way.
 */
export async function attemptSignIn(
  app: TestBff,
  {
    agent = new CookieAgent(),
    returnTo = '/profil',
    alter,
    start = '/auth/login',
  }: {
    agent?: CookieAgent;
    returnTo?: string;
    alter?: (callback: URL) => void;
    /** The route that starts it: `/auth/plus/login` for FranceConnect+. */
    start?: string;
  } = {},
): Promise<Attempt> {
  const login = await agent.fetch(`${app.url}${start}?returnTo=${encodeURIComponent(returnTo)}`);
  assert.equal(login.status, 302, `login answered ${login.status}`);
  const authorizeUrl = new URL(login.headers.get('location') ?? '');
  const authorize = await agent.fetch(authorizeUrl);
  assert.equal(authorize.status, 302, `authorize answered ${authorize.status}`);
  const callbackUrl = new URL(authorize.headers.get('location') ?? '');
  alter?.(callbackUrl);
  const response = await agent.fetch(callbackUrl);
  return { agent, authorizeUrl, callbackUrl, response, body: await response.text() };
}

/** `/api/me` says 204 (no content): the browser is not signed in. */
export async function assertSignedOut(app: TestBff, agent: CookieAgent): Promise<void> {
  const me = await agent.fetch(`${app.url}/api/me`);
  assert.equal(me.status, 204, 'a signed-in session exists');
  await me.body?.cancel();
}

/** No log line contains any of the given secrets. */
export function assertNotLogged(lines: readonly string[], secrets: ReadonlyArray<string | undefined>): void {
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 6) continue;
    const leaking = lines.find((line) => line.includes(secret));
    assert.equal(leaking, undefined, `a log line leaks a secret: ${leaking}`);
  }
}

/** `value` with its last character replaced by a different one: a minimal, always-effective tampering. */
export function tamperLast(value: string): string {
  return `${value.slice(0, -1)}${value.endsWith('X') ? 'Y' : 'X'}`;
}
