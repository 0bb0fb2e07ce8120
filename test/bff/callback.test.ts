import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { assertNotLogged, assertSignedOut, tamperLast } from './helpers/attempt.js';
import { startForgedPair } from './helpers/bff.js';
import { CookieAgent } from './helpers/cookie-agent.js';

// security.md "Authorization request and callback": a callback that does not belong to a pending
// attempt of this browser sends no token request and creates no session (qualification #20).

describe('GET /auth/callback', () => {
  let pair: Awaited<ReturnType<typeof startForgedPair>>;

  before(async () => {
    pair = await startForgedPair();
  });
  after(async () => {
    await pair.close();
  });

  /** Starts an attempt and returns FranceConnect's answer, without delivering it. */
  async function pendingAnswer(agent = new CookieAgent()): Promise<{ agent: CookieAgent; callback: URL }> {
    const login = await agent.fetch(`${pair.app.url}/auth/login?returnTo=/profil`);
    const authorize = await agent.fetch(login.headers.get('location') ?? '');
    return { agent, callback: new URL(authorize.headers.get('location') ?? '') };
  }

  async function interrupted(agent: CookieAgent, url: URL | string, reason: string): Promise<void> {
    const tokens = pair.provider.counts.token;
    const lines = pair.app.lines.length;
    const response = await agent.fetch(url);
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/?notice=login-interrupted');
    assert.equal(pair.provider.counts.token, tokens, 'a token request was sent');
    await assertSignedOut(pair.app, agent);
    const entry = pair.app
      .entries()
      .slice(lines)
      .find((line) => line.event === 'login.rejected');
    assert.equal(entry?.reason, reason);
  }

  it('is rejected without a session (the answer delivered to another browser)', async () => {
    const { callback } = await pendingAnswer();
    await interrupted(new CookieAgent(), callback, 'unknown_state');
  });

  it('is rejected with a different state', async () => {
    const { agent, callback } = await pendingAnswer();
    callback.searchParams.set('state', 'A'.repeat(64));
    await interrupted(agent, callback, 'unknown_state');
  });

  it('is rejected when the state differs from the one sent only in its last character', async () => {
    // The attempt's cookie is named after the state's first characters: it is found, then the whole
    // state is compared.
    const { agent, callback } = await pendingAnswer();
    callback.searchParams.set('state', tamperLast(callback.searchParams.get('state') ?? ''));
    await interrupted(agent, callback, 'unknown_state');
  });

  it('is rejected without state', async () => {
    const { agent, callback } = await pendingAnswer();
    callback.searchParams.delete('state');
    await interrupted(agent, callback, 'missing_state');
  });

  it('is rejected when replayed: a state is single use', async () => {
    const { agent, callback } = await pendingAnswer();
    const preLogin = agent.clone();
    const first = await agent.fetch(callback);
    assert.equal(first.status, 303);
    assert.equal(first.headers.get('location'), '/profil');
    // With a copy of the attempt's cookie taken before: the state is spent server-side.
    const tokens = pair.provider.counts.token;
    await interrupted(preLogin, callback, 'replayed_state');
    assert.equal(pair.provider.counts.token, tokens, 'no token request for a replayed state');
    // With the signed-in cookie (the attempt's cookie was cleared): nothing happens either.
    const replay = await agent.fetch(callback);
    assert.equal(replay.headers.get('location'), '/?notice=login-interrupted');
    assert.equal(pair.provider.counts.token, tokens);
  });

  it('is rejected when an attacker’s own answer is planted in the victim’s browser (login CSRF)', async () => {
    const { callback: attackers } = await pendingAnswer();
    const victim = new CookieAgent();
    await pendingAnswer(victim);
    await interrupted(victim, attackers, 'unknown_state');
  });

  it('is rejected when iss is not FranceConnect’s (RFC 9207), or missing although advertised', async () => {
    const { agent, callback } = await pendingAnswer();
    callback.searchParams.set('iss', 'https://evil.example/api/v2');
    await interrupted(agent, callback, 'issuer_mismatch');
    const second = await pendingAnswer();
    second.callback.searchParams.delete('iss');
    await interrupted(second.agent, second.callback, 'issuer_mismatch');
  });

  it('refuses a state given twice, naming it, without a token request', async () => {
    const { agent, callback } = await pendingAnswer();
    const tokens = pair.provider.counts.token;
    callback.searchParams.append('state', 'B'.repeat(64));
    const response = await agent.fetch(callback);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /« state »/);
    assert.equal(pair.provider.counts.token, tokens);
  });

  it('refuses an answer with a state but no code, naming it', async () => {
    const { agent, callback } = await pendingAnswer();
    callback.searchParams.delete('code');
    const response = await agent.fetch(callback);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /« code »/);
  });

  describe('with error=…', () => {
    it('shows « Connexion annulée » for access_denied, with a link to try again', async () => {
      const { agent, callback } = await pendingAnswer();
      const tokens = pair.provider.counts.token;
      const cancelled = new URL(callback);
      cancelled.search = '';
      cancelled.searchParams.set('error', 'access_denied');
      cancelled.searchParams.set('error_description', 'User auth aborted');
      cancelled.searchParams.set('state', callback.searchParams.get('state') ?? '');
      cancelled.searchParams.set('iss', pair.provider.issuer);
      const response = await agent.fetch(cancelled);
      assert.equal(response.status, 200);
      const html = await response.text();
      assert.match(html, /<h1>Connexion annulée<\/h1>/);
      assert.match(html, /<a href="\/auth\/login\?returnTo=%2Fprofil">Réessayer avec FranceConnect<\/a>/);
      assert.match(html, /autre moyen de connexion/);
      assert.equal(pair.provider.counts.token, tokens);
      await assertSignedOut(pair.app, agent);
    });

    it('checks the state first: access_denied with a foreign state is an interruption', async () => {
      const { agent, callback } = await pendingAnswer();
      const forged = new URL(callback);
      forged.search = `?error=access_denied&state=${'C'.repeat(64)}&iss=${encodeURIComponent(pair.provider.issuer)}`;
      await interrupted(agent, forged, 'unknown_state');
    });

    it('shows a generic page for other errors, escaping and capping error_description', async () => {
      const { agent, callback } = await pendingAnswer();
      const description = `<script>alert("x")</script>${'é'.repeat(500)}`;
      const failed = new URL(callback);
      failed.search = '';
      failed.searchParams.set('error', 'server_error');
      failed.searchParams.set('error_description', description);
      failed.searchParams.set('state', callback.searchParams.get('state') ?? '');
      failed.searchParams.set('iss', pair.provider.issuer);
      const response = await agent.fetch(failed);
      assert.equal(response.status, 400);
      const html = await response.text();
      assert.match(html, /La connexion n’a pas abouti/);
      assert.match(html, /Code de l’erreur : server_error/);
      assert.equal(html.includes('<script>'), false, 'error_description rendered unescaped');
      assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
      const shown = /Détail : ([^<]*)<\/p>/.exec(html)?.[1] ?? '';
      assert.ok(
        shown.replace(/&[a-z]+;/g, '_').length <= 200,
        `error_description not capped (${shown.length})`,
      );
      assertNotLogged(pair.app.lines, ['alert(']);
    });

    it('never echoes an error code that is not a plain token', async () => {
      const { agent, callback } = await pendingAnswer();
      const failed = new URL(callback);
      failed.search = '';
      failed.searchParams.set('error', '"><img src=x onerror=alert(1)>');
      failed.searchParams.set('state', callback.searchParams.get('state') ?? '');
      failed.searchParams.set('iss', pair.provider.issuer);
      const html = await (await agent.fetch(failed)).text();
      assert.match(html, /Code de l’erreur : inconnu/);
      assert.equal(html.includes('<img'), false);
    });
  });
});

describe('the token endpoint fails', () => {
  it('answers a controlled 5xx page when FranceConnect refuses the code, and no session', async () => {
    const pair = await startForgedPair();
    try {
      pair.provider.forge({ tokenError: { status: 400, error: 'invalid_grant' } });
      const agent = new CookieAgent();
      const { response } = await agent.follow(`${pair.app.url}/auth/login`);
      assert.equal(response.status, 502);
      assert.match(await response.text(), /La connexion n’a pas abouti/);
      await assertSignedOut(pair.app, agent);
      assert.ok(
        pair.app
          .entries()
          .some((entry) => entry.event === 'login.rejected' && entry.reason === 'token_rejected'),
      );
    } finally {
      await pair.close();
    }
  });

  it('answers 503 « FranceConnect est momentanément indisponible » when the token endpoint times out', async () => {
    const pair = await startForgedPair({ httpTimeout: 1 });
    try {
      pair.provider.forge({ tokenDelayMs: 2500 });
      const agent = new CookieAgent();
      const { response } = await agent.follow(`${pair.app.url}/auth/login`);
      assert.equal(response.status, 503);
      assert.match(await response.text(), /FranceConnect est momentanément indisponible/);
      await assertSignedOut(pair.app, agent);
      pair.provider.forge({});
      // The failure opened the breaker: the next attempt stays on the site (no browser sent to a
      // FranceConnect that does not answer)…
      const authorizations = pair.provider.counts.authorize;
      const atOnce = await agent.fetch(`${pair.app.url}/auth/login`);
      assert.equal(atOnce.status, 503);
      assert.equal(pair.provider.counts.authorize, authorizations);
      // …and after its short cool-down, a probe finds FranceConnect again: the next attempt works.
      let retry = await agent.follow(`${pair.app.url}/auth/login`);
      for (const deadline = Date.now() + 15_000; retry.response.status !== 200 && Date.now() < deadline;) {
        await retry.response.body?.cancel();
        await sleep(250);
        retry = await agent.follow(`${pair.app.url}/auth/login`);
      }
      assert.equal(retry.response.status, 200, 'an attempt after the cool-down works');
      assert.equal(retry.urls.at(-1), `${pair.app.url}/`);
      assert.equal((await agent.fetch(`${pair.app.url}/api/me`)).status, 200);
    } finally {
      await pair.close();
    }
  });

  it('answers 503 when the token endpoint answers 5xx', async () => {
    const pair = await startForgedPair();
    try {
      pair.provider.forge({ tokenError: { status: 500, error: 'server_error' } });
      const { response } = await new CookieAgent().follow(`${pair.app.url}/auth/login`);
      assert.equal(response.status, 503);
    } finally {
      await pair.close();
    }
  });
});
