import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SessionData } from 'express-session';
import { attemptSignIn, tamperLast } from './helpers/attempt.js';
import { startForgedPair } from './helpers/bff.js';
import type { CookieAgent } from './helpers/cookie-agent.js';

// security.md "Logout: … FranceConnect returns `state`; check it": the logout callback completes a
// pending logout only with the state sent to FranceConnect, within its 15 minutes; otherwise home with
// `?notice=logout-unconfirmed`, and the pending logout stays, so that the genuine return still works.

type Pair = Awaited<ReturnType<typeof startForgedPair>>;

/** The session id behind the browser's session cookie (`s:<id>.<signature>`). */
function sessionIdOf(agent: CookieAgent): string {
  const cookie = decodeURIComponent(agent.cookies.get('bff_session') ?? '');
  assert.ok(cookie.startsWith('s:'), 'a signed session cookie');
  return cookie.slice(2, cookie.lastIndexOf('.'));
}

function stored(pair: Pair, sid: string): Promise<SessionData | null | undefined> {
  return new Promise((resolve, reject) =>
    pair.app.bff.sessionStore.get(sid, (error, session) =>
      error ? reject(error instanceof Error ? error : new Error('get')) : resolve(session),
    ),
  );
}

function store(pair: Pair, sid: string, session: SessionData): Promise<void> {
  return new Promise((resolve, reject) =>
    pair.app.bff.sessionStore.set(sid, session, (error) =>
      error ? reject(error instanceof Error ? error : new Error('set')) : resolve(),
    ),
  );
}

describe('GET /auth/logout/callback', () => {
  let pair: Pair;

  before(async () => {
    pair = await startForgedPair();
  });
  after(async () => {
    await pair.close();
  });

  /** Signs in, then logs out: resolves with the browser and the state sent to FranceConnect. */
  async function pendingLogout(): Promise<{ agent: CookieAgent; state: string }> {
    const { agent } = await attemptSignIn(pair.app);
    const { csrfToken } = (await (await agent.fetch(`${pair.app.url}/api/me`)).json()) as {
      csrfToken: string;
    };
    const logout = await agent.fetch(`${pair.app.url}/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken },
    });
    assert.equal(logout.status, 303);
    const endSession = new URL(logout.headers.get('location') ?? '');
    assert.equal(endSession.origin, new URL(pair.provider.issuer).origin);
    const state = endSession.searchParams.get('state') ?? '';
    assert.match(state, /^[A-Za-z0-9]{32,}$/);
    return { agent, state };
  }

  async function back(agent: CookieAgent, query: string): Promise<string | null> {
    const response = await agent.fetch(`${pair.app.url}/auth/logout/callback${query}`);
    assert.equal(response.status, 303);
    return response.headers.get('location');
  }

  const rejections = (from: number) =>
    pair.app
      .entries()
      .slice(from)
      .filter((entry) => entry.event === 'logout.rejected')
      .map((entry) => entry.reason);

  it('confirms the logout with the state sent, then forgets it', async () => {
    const { agent, state } = await pendingLogout();
    const sid = sessionIdOf(agent);
    assert.ok((await stored(pair, sid))?.franceconnect?.logout, 'a logout is pending');
    assert.equal(await back(agent, `?state=${state}`), '/');
    assert.equal(
      (await stored(pair, sid)) ?? null,
      null,
      'the pending logout is gone, and its session with it',
    );
    assert.equal(await back(agent, `?state=${state}`), '/', 'nothing pending any more');
  });

  it('refuses a wrong, a missing, an altered or an empty state: logout-unconfirmed, the logout still pending', async () => {
    const { agent, state } = await pendingLogout();
    const lines = pair.app.lines.length;
    for (const query of [
      `?state=${'A'.repeat(state.length)}`,
      '',
      `?state=${tamperLast(state)}`,
      `?state=${state.slice(0, -1)}`,
      `?state=${state}x`,
      '?state=',
      `?state=${state}&state=${state}`,
    ]) {
      assert.equal(await back(agent, query), '/?notice=logout-unconfirmed', query);
    }
    assert.deepEqual(rejections(lines), [
      'unknown_state',
      'missing_state',
      'unknown_state',
      'unknown_state',
      'unknown_state',
      'unknown_state',
      'missing_state',
    ]);
    assert.ok((await stored(pair, sessionIdOf(agent)))?.franceconnect?.logout, 'still pending');
    assert.equal(await back(agent, `?state=${state}`), '/', 'the genuine return still works');
  });

  it('refuses the right state once the pending logout is older than 15 minutes', async () => {
    const { agent, state } = await pendingLogout();
    const sid = sessionIdOf(agent);
    const session = await stored(pair, sid);
    const logout = session?.franceconnect?.logout;
    assert.ok(session && logout);
    // Aged in the store, as if FranceConnect had taken 15 minutes and a second to come back.
    logout.createdAt -= 15 * 60 * 1000 + 1000;
    await store(pair, sid, session);
    const lines = pair.app.lines.length;
    assert.equal(await back(agent, `?state=${state}`), '/?notice=logout-unconfirmed');
    assert.deepEqual(rejections(lines), ['unknown_state']);
    // Fourteen minutes old: still within the delay.
    logout.createdAt = Date.now() - 14 * 60 * 1000;
    await store(pair, sid, session);
    assert.equal(await back(agent, `?state=${state}`), '/');
  });

  it('refuses a state sent by another browser’s logout', async () => {
    const mine = await pendingLogout();
    const theirs = await pendingLogout();
    assert.equal(await back(mine.agent, `?state=${theirs.state}`), '/?notice=logout-unconfirmed');
    assert.equal(await back(theirs.agent, `?state=${theirs.state}`), '/');
  });
});
