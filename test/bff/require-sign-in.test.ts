import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { signedInOf } from '@franceconnect-kit/bff';
import { attemptSignIn } from './helpers/attempt.js';
import { startForgedPair, type AppRoutes } from './helpers/bff.js';
import { CookieAgent } from './helpers/cookie-agent.js';

// `bff.requireSignIn` guards an app's own API (README « Mounting the router »): 401 JSON unless the
// browser is signed in, `Cache-Control: no-store` on what it lets through, the handler never reached
// for anyone else (signed out, logged out, expired, forged cookie).

type Pair = Awaited<ReturnType<typeof startForgedPair>>;

describe('bff.requireSignIn on an app’s route', () => {
  let pair: Pair;
  let reached = 0;
  const routes: AppRoutes = (app, bff) => {
    app.get('/app/dossiers', ...bff.requireSignIn, (req, res) => {
      reached++;
      res.json({ for: signedInOf(req)?.identity?.family_name ?? null });
    });
  };

  before(async () => {
    pair = await startForgedPair({ sessionIdleTimeout: 2, sessionAbsoluteTimeout: 60 }, routes);
  });
  after(async () => {
    await pair.close();
  });

  async function dossiers(agent: CookieAgent): Promise<{ status: number; body: unknown; headers: Headers }> {
    const response = await agent.fetch(`${pair.app.url}/app/dossiers`, {
      headers: { accept: 'application/json' },
    });
    return { status: response.status, body: await response.json(), headers: response.headers };
  }

  function assertRefused(answer: Awaited<ReturnType<typeof dossiers>>, what: string): void {
    assert.equal(answer.status, 401, what);
    assert.deepEqual(
      answer.body,
      { error: 'unauthenticated', message: 'Aucune session FranceConnect.' },
      what,
    );
    assert.equal(answer.headers.get('cache-control'), 'no-store', what);
  }

  it('lets a signed-in browser through, with its session, never cached', async () => {
    const { agent } = await attemptSignIn(pair.app);
    const before = reached;
    const answer = await dossiers(agent);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { for: 'DUBOIS' }, 'the handler reads the session');
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.equal(reached, before + 1);
  });

  it('answers 401 to a browser that never signed in, or whose sign-in is only under way', async () => {
    const before = reached;
    assertRefused(await dossiers(new CookieAgent()), 'no cookie');
    const starting = new CookieAgent();
    await starting.fetch(`${pair.app.url}/auth/login`);
    assertRefused(await dossiers(starting), 'a sign-in under way');
    assert.equal(reached, before, 'the handler was never reached');
  });

  it('answers 401 after logout, even to a copy of the old cookie', async () => {
    const { agent } = await attemptSignIn(pair.app);
    const copy = agent.clone();
    const { csrfToken } = (await (await agent.fetch(`${pair.app.url}/api/me`)).json()) as {
      csrfToken: string;
    };
    await agent.fetch(`${pair.app.url}/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken },
    });
    const before = reached;
    assertRefused(await dossiers(agent), 'logged out');
    assertRefused(await dossiers(copy), 'the old cookie');
    assert.equal(reached, before);
  });

  it('answers 401 to a forged or tampered session cookie', async () => {
    const { agent } = await attemptSignIn(pair.app);
    const genuine = agent.cookies.get('bff_session') ?? '';
    const before = reached;
    for (const value of [
      `${genuine.slice(0, -1)}${genuine.endsWith('A') ? 'B' : 'A'}`,
      's%3Aforged.signature',
    ]) {
      const forged = new CookieAgent();
      forged.cookies.set('bff_session', value);
      assertRefused(await dossiers(forged), value);
    }
    assert.equal(reached, before);
  });

  it('answers 401 once the session has expired', async () => {
    const { agent } = await attemptSignIn(pair.app);
    assert.equal((await dossiers(agent)).status, 200);
    await sleep(2600); // the idle timeout is 2 s
    const before = reached;
    assertRefused(await dossiers(agent), 'expired');
    assert.equal(reached, before);
  });
});
