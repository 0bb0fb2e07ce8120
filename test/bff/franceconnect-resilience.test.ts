import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../helpers/processes.js';
import { attemptSignIn } from './helpers/attempt.js';
import { startForgedPair, startTestBff } from './helpers/bff.js';
import { CookieAgent } from './helpers/cookie-agent.js';
import { startForgingProvider } from './helpers/forging-provider.js';

// security.md: discovery and JWKS fetched once and cached, never per login; on an unknown kid the
// JWKS is fetched again once before failing; an unreachable FranceConnect gives a controlled page and
// the next attempt retries discovery.

async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

async function close(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

describe('discovery and keys', () => {
  it('are fetched once for many sign-ins', async () => {
    const pair = await startForgedPair();
    try {
      for (let i = 0; i < 5; i++) assert.equal((await attemptSignIn(pair.app)).response.status, 303);
      assert.equal(pair.provider.counts.discovery, 1);
      assert.equal(pair.provider.counts.jwks, 1);
      assert.deepEqual(pair.app.bff.franceconnect.fetchCounts, { discovery: 1, jwks: 1 });
    } finally {
      await pair.close();
    }
  });

  it('are fetched again once when FranceConnect rotates its signing key', async () => {
    const pair = await startForgedPair();
    try {
      assert.equal((await attemptSignIn(pair.app)).response.status, 303);
      await pair.provider.rotateKeys();
      assert.equal((await attemptSignIn(pair.app)).response.status, 303, 'the new key was not fetched');
      assert.equal(pair.provider.counts.jwks, 2);
      assert.equal((await attemptSignIn(pair.app)).response.status, 303);
      assert.equal(pair.provider.counts.jwks, 2, 'keys fetched again without a new kid');
      assert.ok(pair.app.entries().some((entry) => entry.event === 'franceconnect.jwks_refreshed'));
    } finally {
      await pair.close();
    }
  });

  it('reject a signature by an unknown kid after one more fetch, and do not fetch again for it', async () => {
    const pair = await startForgedPair();
    try {
      await attemptSignIn(pair.app);
      pair.provider.forge({ idTokenKid: 'kid-nobody-published', idTokenSigning: 'foreign-key' });
      const first = await attemptSignIn(pair.app);
      assert.equal(first.response.status, 502);
      assert.equal(pair.provider.counts.jwks, 2);
      const second = await attemptSignIn(pair.app);
      assert.equal(second.response.status, 502);
      assert.equal(pair.provider.counts.jwks, 2, 'the JWKS is fetched at most once per unknown kid');
    } finally {
      await pair.close();
    }
  });
});

describe('FranceConnect unreachable', () => {
  it('gives a 503 page, keeps serving, and recovers by itself when FranceConnect comes back', async () => {
    const port = await freePort();
    const fcPort = await freePort();
    const app = await startTestBff(port, {
      issuer: `http://127.0.0.1:${fcPort}/api/v2`,
      clientId: 'a'.repeat(64),
      clientSecret: 'secret',
    });
    let provider: Awaited<ReturnType<typeof startForgingProvider>> | undefined;
    try {
      const down = await fetch(`${app.url}/auth/login?returnTo=/x`, { redirect: 'manual' });
      assert.equal(down.status, 503);
      const html = await down.text();
      assert.match(html, /<h1>FranceConnect est momentanément indisponible<\/h1>/);
      assert.match(html, /href="\/auth\/login\?returnTo=\/x"/, 'the page offers to try again');
      assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${app.url}/`)).status, 200, 'the app keeps serving');
      assert.ok(
        app
          .entries()
          .some((entry) => entry.event === 'franceconnect.discovery_failed' && entry.reason === 'network'),
      );

      provider = await startForgingProvider({
        port: fcPort,
        clientId: 'a'.repeat(64),
        clientSecret: 'secret',
        redirectUri: `${app.url}/auth/callback`,
        postLogoutRedirectUri: `${app.url}/auth/logout/callback`,
      });
      await sleep(2100); // failed discoveries are retried after 2 s, not on every request
      const agent = new CookieAgent();
      const up = await agent.follow(`${app.url}/auth/login`);
      assert.equal(up.response.status, 200);
      assert.equal((await agent.fetch(`${app.url}/api/me`)).status, 200);
    } finally {
      await app.close();
      await provider?.close();
    }
  });

  it('gives a 503 page when discovery does not answer in time', async () => {
    const { server, port: fcPort } = await listen(() => {
      // never answers
    });
    const app = await startTestBff(await freePort(), {
      issuer: `http://127.0.0.1:${fcPort}/api/v2`,
      clientId: 'client',
      clientSecret: 'secret',
      httpTimeout: 1,
    });
    try {
      const started = Date.now();
      const response = await fetch(`${app.url}/auth/login`, { redirect: 'manual' });
      assert.equal(response.status, 503);
      assert.ok(Date.now() - started < 5000);
      assert.ok(
        app
          .entries()
          .some((entry) => entry.event === 'franceconnect.discovery_failed' && entry.reason === 'timeout'),
      );
    } finally {
      await app.close();
      await close(server);
    }
  });

  it('refuses metadata whose endpoints are not https (qualification #18)', async () => {
    let issuer = '';
    const { server, port: fcPort } = await listen((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: 'http://fc.example/api/v2/token',
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks`,
          end_session_endpoint: `${issuer}/session/end`,
        }),
      );
    });
    issuer = `http://127.0.0.1:${fcPort}/api/v2`;
    const app = await startTestBff(await freePort(), { issuer, clientId: 'client', clientSecret: 'secret' });
    try {
      const response = await fetch(`${app.url}/auth/login`, { redirect: 'manual' });
      assert.equal(response.status, 503);
      const failure = app.entries().find((entry) => entry.event === 'franceconnect.discovery_failed');
      assert.equal(failure?.code, 'metadata_invalid');
    } finally {
      await app.close();
      await close(server);
    }
  });
});
