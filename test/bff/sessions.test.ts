import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBffApp } from '@franceconnect-kit/bff';
import { freePort } from '../helpers/processes.js';
import { assertSignedOut, attemptSignIn, tamperLast } from './helpers/attempt.js';
import { SESSION_SECRET, startForgedPair, startTestBff } from './helpers/bff.js';
import { CookieAgent } from './helpers/cookie-agent.js';
import { startForgingProvider } from './helpers/forging-provider.js';
import { capturingLogger } from './helpers/logs.js';
import { startRedis } from './helpers/redis.js';

// security.md "Sessions and cookies".

function cookieOf(agent: CookieAgent, name: string): string {
  const line = [...agent.setCookies].reverse().find((header) => header.startsWith(`${name}=`));
  assert.ok(line, `no ${name} cookie was set`);
  return line;
}

async function meStatus(url: string, agent: CookieAgent): Promise<number> {
  const response = await agent.fetch(`${url}/api/me`);
  await response.body?.cancel();
  return response.status;
}

describe('the session cookie', () => {
  it('on http: HttpOnly, SameSite=Lax, Path=/, no Domain, no Secure, an opaque id under 4 KB', async () => {
    const pair = await startForgedPair();
    try {
      const attempt = await attemptSignIn(pair.app);
      const line = cookieOf(attempt.agent, 'bff_session');
      const attributes = line.split(';').map((part) => part.trim().toLowerCase());
      assert.ok(attributes.includes('httponly'));
      assert.ok(attributes.includes('samesite=lax'));
      assert.ok(attributes.includes('path=/'));
      assert.equal(
        attributes.some((attribute) => attribute.startsWith('domain')),
        false,
      );
      assert.equal(attributes.includes('secure'), false);
      assert.ok(line.length < 4096);
      const value = decodeURIComponent(attempt.agent.cookies.get('bff_session') ?? '');
      assert.match(value, /^s:[A-Za-z0-9_-]{20,}\.[A-Za-z0-9+/_-]+$/, 'only a signed random id');
      for (const claim of ['DUBOIS', 'Angela', '1962', pair.provider.sub])
        assert.equal(value.includes(claim), false);
    } finally {
      await pair.close();
    }
  });

  it('on https: named __Host-, Secure, Path=/, no Domain', async () => {
    const port = await freePort();
    const publicUrl = 'https://demarches.example';
    const provider = await startForgingProvider({
      redirectUri: `${publicUrl}/auth/callback`,
      postLogoutRedirectUri: `${publicUrl}/auth/logout/callback`,
    });
    const { app, bff } = createBffApp({
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      publicUrl,
      sessionSecret: SESSION_SECRET,
      sessionStore: 'memory',
      logger: capturingLogger().logger,
      trustProxy: 'loopback',
    });
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(port, '127.0.0.1', () => resolve(listening));
    });
    try {
      // A TLS-terminating proxy on the same host forwards with X-Forwarded-Proto.
      const agent = new CookieAgent();
      const headers = { 'x-forwarded-proto': 'https' };
      const local = (url: string) => {
        const { pathname, search } = new URL(url);
        return `http://127.0.0.1:${port}${pathname}${search}`;
      };
      const login = await agent.fetch(local(`${publicUrl}/auth/login`), { headers });
      assert.equal(login.status, 302);
      const authorize = await agent.fetch(login.headers.get('location') ?? '');
      const done = await agent.fetch(local(authorize.headers.get('location') ?? ''), { headers });
      assert.equal(done.status, 303, 'signed in through the proxy');
      const line = cookieOf(agent, '__Host-bff_session');
      const attributes = line.split(';').map((part) => part.trim().toLowerCase());
      assert.ok(attributes.includes('secure'));
      assert.ok(attributes.includes('path=/'));
      assert.ok(attributes.includes('httponly'));
      assert.ok(attributes.includes('samesite=lax'));
      assert.equal(
        attributes.some((attribute) => attribute.startsWith('domain')),
        false,
      );
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await bff.close();
      await provider.close();
    }
  });
});

describe('sessions', () => {
  let pair: Awaited<ReturnType<typeof startForgedPair>>;
  before(async () => {
    pair = await startForgedPair();
  });
  after(async () => {
    await pair.close();
  });

  it('get a new id at sign-in: the pre-login id is dead (no session fixation)', async () => {
    // The attacker plants a session id of their own (starting a sign-in creates none) in the victim's browser.
    const planted = (await attemptSignIn(pair.app)).agent.cookies.get('bff_session');
    assert.ok(planted);
    const agent = new CookieAgent();
    agent.cookies.set('bff_session', planted);
    const login = await agent.fetch(`${pair.app.url}/auth/login`);
    const authorize = await agent.fetch(login.headers.get('location') ?? '');
    await agent.fetch(authorize.headers.get('location') ?? '');
    const signedIn = agent.cookies.get('bff_session');
    assert.notEqual(signedIn, planted);
    assert.equal(await meStatus(pair.app.url, agent), 200);
    // Whoever planted or saw the pre-login id gets nothing.
    const attacker = new CookieAgent();
    attacker.cookies.set('bff_session', planted);
    assert.equal(await meStatus(pair.app.url, attacker), 204);
  });

  it('treat a forged or tampered cookie as anonymous, never as an error', async () => {
    const attempt = await attemptSignIn(pair.app);
    const genuine = decodeURIComponent(attempt.agent.cookies.get('bff_session') ?? '');
    const [sid = '', signature = ''] = genuine.slice(2).split('.');
    const forged = [
      'garbage',
      '%',
      '%E0%A4%A',
      's:',
      `s:${sid}`,
      `s:${sid}.${tamperLast(signature)}`,
      `s:${tamperLast(sid)}.${signature}`,
      `s:${'a'.repeat(3000)}.${signature}`,
      encodeURIComponent(`s:${sid}.${signature}\u0000`),
    ];
    for (const value of forged) {
      const agent = new CookieAgent();
      agent.cookies.set('bff_session', value);
      assert.equal(await meStatus(pair.app.url, agent), 204, value);
      const login = await agent.fetch(`${pair.app.url}/auth/login`);
      assert.equal(login.status, 302, value);
    }
  });

  it('end at logout on the server: replaying the old cookie gives 401', async () => {
    const attempt = await attemptSignIn(pair.app);
    const old = attempt.agent.clone();
    const { csrfToken } = (await (await attempt.agent.fetch(`${pair.app.url}/api/me`)).json()) as {
      csrfToken: string;
    };
    const before = await storeSize(pair.app.bff.sessionStore);
    const logout = await attempt.agent.fetch(`${pair.app.url}/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken },
    });
    assert.equal(logout.status, 303);
    assert.equal(await meStatus(pair.app.url, old), 204);
    assert.equal(await meStatus(pair.app.url, attempt.agent), 204);
    // The signed-in session is gone; only the pending logout (its state) remains, without identity.
    assert.equal(await storeSize(pair.app.bff.sessionStore), before);
  });

  it('answer a JSON caller of POST /auth/logout with where to go', async () => {
    const attempt = await attemptSignIn(pair.app);
    const { csrfToken } = (await (await attempt.agent.fetch(`${pair.app.url}/api/me`)).json()) as {
      csrfToken: string;
    };
    const logout = await attempt.agent.fetch(`${pair.app.url}/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken, accept: 'application/json' },
    });
    assert.equal(logout.status, 200);
    const { redirectTo } = (await logout.json()) as { redirectTo: string };
    assert.ok(redirectTo.startsWith(`${pair.provider.issuer}/session/end?`));
  });
});

describe('ending every session of a user', () => {
  it('signs the user out on all devices, and nobody else', async () => {
    const pair = await startForgedPair();
    try {
      const laptop = await attemptSignIn(pair.app);
      const phone = await attemptSignIn(pair.app);
      const visitor = new CookieAgent();
      const started = await visitor.fetch(`${pair.app.url}/auth/login`); // a sign-in under way elsewhere
      assert.equal(await pair.app.bff.endSessionsOfUser(pair.provider.sub), 2);
      for (const device of [laptop, phone]) await assertSignedOut(pair.app, device.agent);
      assert.equal(await storeSize(pair.app.bff.sessionStore), 0);
      const authorize = await visitor.fetch(started.headers.get('location') ?? '');
      const done = await visitor.fetch(authorize.headers.get('location') ?? '');
      assert.equal(done.status, 303, 'the sign-in under way was not affected');
      assert.equal(await meStatus(pair.app.url, visitor), 200);
    } finally {
      await pair.close();
    }
  });
});

async function storeSize(store: {
  length?: (callback: (error: unknown, length?: number) => void) => void;
}): Promise<number> {
  return new Promise((resolve, reject) =>
    store.length?.((error, length) =>
      error ? reject(error instanceof Error ? error : new Error('length')) : resolve(length ?? 0),
    ),
  );
}

describe('session lifetimes', () => {
  it('end after the idle timeout, renewed by each request; an expired session is signed out (204)', async () => {
    const pair = await startForgedPair({ sessionIdleTimeout: 2, sessionAbsoluteTimeout: 60 });
    try {
      const attempt = await attemptSignIn(pair.app);
      for (let i = 0; i < 3; i++) {
        await sleep(1000);
        assert.equal(await meStatus(pair.app.url, attempt.agent), 200, 'activity did not renew the session');
      }
      await sleep(2500);
      const expired = await attempt.agent.fetch(`${pair.app.url}/api/me`);
      assert.equal(expired.status, 204);
    } finally {
      await pair.close();
    }
  });

  it('end at the absolute lifetime whatever the activity', async () => {
    const pair = await startForgedPair({ sessionIdleTimeout: 2, sessionAbsoluteTimeout: 3 });
    try {
      const attempt = await attemptSignIn(pair.app);
      const body = (await (await attempt.agent.fetch(`${pair.app.url}/api/me`)).json()) as {
        expiresAt: string;
      };
      assert.ok(Date.parse(body.expiresAt) - Date.now() <= 2000, 'expiresAt is the nearer end');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        await sleep(1000);
        statuses.push(await meStatus(pair.app.url, attempt.agent));
      }
      assert.deepEqual(statuses.slice(0, 2), [200, 200]);
      assert.equal(statuses.at(-1), 204);
    } finally {
      await pair.close();
    }
  });
});

describe('SQLite sessions', () => {
  it('survive a restart of the BFF', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bff-restart-'));
    const port = await freePort();
    const provider = await startForgingProvider({
      redirectUri: `http://127.0.0.1:${port}/auth/callback`,
      postLogoutRedirectUri: `http://127.0.0.1:${port}/auth/logout/callback`,
    });
    const options = {
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      sessionStore: 'sqlite' as const,
      databasePath: join(folder, 'var', 'sessions.sqlite'),
    };
    try {
      const first = await startTestBff(port, options);
      const attempt = await attemptSignIn(first);
      assert.equal(await meStatus(first.url, attempt.agent), 200);
      await first.close();
      const second = await startTestBff(port, options);
      try {
        const me = await attempt.agent.fetch(`${second.url}/api/me`);
        assert.equal(me.status, 200);
        assert.equal(
          ((await me.json()) as { identity: { family_name: string } }).identity.family_name,
          'DUBOIS',
        );
      } finally {
        await second.close();
      }
    } finally {
      await provider.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('Redis down', () => {
  it('gives 503 on session routes without crashing, and recovers when Redis is back', async () => {
    const redis = await startRedis();
    const pair = await startForgedPair({ sessionStore: 'redis', redisUrl: redis.url });
    try {
      for (let i = 0; i < 50 && (await fetch(`${pair.app.url}/healthz`)).status !== 200; i++) await sleep(50);
      const attempt = await attemptSignIn(pair.app);
      assert.equal(await meStatus(pair.app.url, attempt.agent), 200);

      await redis.stop();
      const me = await attempt.agent.fetch(`${pair.app.url}/api/me`);
      assert.equal(me.status, 503);
      assert.equal(((await me.json()) as { error: string }).error, 'service_unavailable');
      // Starting a sign-in needs no store; finishing it does, and says so.
      const during = await attemptSignIn(pair.app);
      assert.equal(during.response.status, 503);
      assert.match(during.body, /Service momentanément indisponible/);
      assert.equal((await fetch(`${pair.app.url}/healthz`)).status, 503);
      assert.equal((await fetch(`${pair.app.url}/`)).status, 200, 'the app keeps serving');

      await redis.restart();
      let healthy = false;
      for (let i = 0; i < 100 && !healthy; i++) {
        healthy = (await fetch(`${pair.app.url}/healthz`)).status === 200;
        if (!healthy) await sleep(100);
      }
      assert.ok(healthy, 'the BFF did not reconnect to Redis');
      const again = await attemptSignIn(pair.app);
      assert.equal(again.response.status, 303);
      assert.equal(await meStatus(pair.app.url, again.agent), 200);
    } finally {
      await pair.close();
      await redis.stop();
    }
  });
});
