import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, startProcess, type Started } from '../helpers/processes.js';
import { CookieAgent } from './helpers/cookie-agent.js';
import { startForgingProvider, type ForgingProvider } from './helpers/forging-provider.js';
import { startRedis, type TestRedis } from './helpers/redis.js';

// Several BFF processes behind one load balancer share their sessions through Redis: a sign-in
// started on one finishes on the other, and a logout on one ends the session on the other.

describe('two BFF processes on one Redis', () => {
  const cli = join(import.meta.dirname, '../../packages/bff/dist/cli.js');
  let redis: TestRedis;
  let provider: ForgingProvider;
  let publicUrl: string;
  const instances: Array<{ url: string; process: Started }> = [];

  before(async () => {
    redis = await startRedis();
    // The public URL is the load balancer's; each instance listens on its own port behind it.
    publicUrl = `http://127.0.0.1:${await freePort()}`;
    provider = await startForgingProvider({
      redirectUri: `${publicUrl}/auth/callback`,
      postLogoutRedirectUri: `${publicUrl}/auth/logout/callback`,
    });
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const child = await startProcess(process.execPath, [cli], {
        env: {
          FC_ISSUER: provider.issuer,
          FC_CLIENT_ID: provider.clientId,
          FC_CLIENT_SECRET: provider.clientSecret,
          PUBLIC_URL: publicUrl,
          SESSION_SECRET: 'a shared secret of more than thirty-two characters',
          SESSION_STORE: 'redis',
          REDIS_URL: redis.url,
          PORT: String(port),
        },
        ready: /listening on/,
      });
      instances.push({ url: `http://127.0.0.1:${port}`, process: child });
    }
  });

  after(async () => {
    for (const instance of instances) await instance.process.stop();
    await provider.close();
    await redis.stop();
  });

  /** FranceConnect's redirect, delivered to the given instance instead of the load balancer's URL. */
  function via(instance: { url: string }, url: string): string {
    const target = new URL(url);
    return `${instance.url}${target.pathname}${target.search}`;
  }

  async function me(instance: { url: string }, agent: CookieAgent): Promise<number> {
    const response = await agent.fetch(`${instance.url}/api/me`);
    await response.body?.cancel();
    return response.status;
  }

  it('finish on one the sign-in started on the other, and end on both the session logged out on one', async () => {
    const [first, second] = instances;
    assert.ok(first && second);
    const agent = new CookieAgent();
    const login = await agent.fetch(`${first.url}/auth/login?returnTo=/tableau-de-bord`);
    assert.equal(login.status, 302);
    const authorize = await agent.fetch(login.headers.get('location') ?? '');
    const callback = await agent.fetch(via(second, authorize.headers.get('location') ?? ''));
    assert.equal(callback.status, 303);
    assert.equal(callback.headers.get('location'), '/tableau-de-bord');
    assert.equal(await me(first, agent), 200);
    assert.equal(await me(second, agent), 200);

    const { csrfToken } = (await (await agent.fetch(`${first.url}/api/me`)).json()) as { csrfToken: string };
    const logout = await agent.fetch(`${second.url}/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken, origin: publicUrl },
    });
    assert.equal(logout.status, 303);
    assert.equal(await me(first, agent), 204);
    const back = await agent.fetch(logout.headers.get('location') ?? '');
    const done = await agent.fetch(via(first, back.headers.get('location') ?? ''));
    assert.equal(done.status, 303);
    assert.equal(
      done.headers.get('location'),
      '/',
      'the logout state set on one instance was checked on the other',
    );
  });
});
