import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_SCOPES } from '@franceconnect-kit/protocol';
import { attemptSignIn } from './helpers/attempt.js';
import { startForgedPair } from './helpers/bff.js';
import { CookieAgent } from './helpers/cookie-agent.js';

// security.md "FranceConnect v2 specifics" and "Authorization request and callback";
// qualification #17 (scopes), #19 (acr_values), #20 (state, nonce), #21 (one client id).

describe('GET /auth/login', () => {
  let pair: Awaited<ReturnType<typeof startForgedPair>>;

  before(async () => {
    pair = await startForgedPair();
  });
  after(async () => {
    await pair.close();
  });

  async function authorizeUrl(agent = new CookieAgent(), query = ''): Promise<URL> {
    const response = await agent.fetch(`${pair.app.url}/auth/login${query}`);
    assert.equal(response.status, 302);
    return new URL(response.headers.get('location') ?? '');
  }

  it('redirects to FranceConnect’s /authorize with exactly FranceConnect’s parameters and no PKCE', async () => {
    const url = await authorizeUrl();
    assert.equal(`${url.origin}${url.pathname}`, `${pair.provider.issuer}/authorize`);
    assert.deepEqual([...url.searchParams.keys()].sort(), [
      'acr_values',
      'client_id',
      'nonce',
      'redirect_uri',
      'response_type',
      'scope',
      'state',
    ]);
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('client_id'), pair.provider.clientId);
    assert.equal(url.searchParams.get('redirect_uri'), `${pair.app.url}/auth/callback`);
    assert.equal(url.searchParams.get('acr_values'), 'eidas1');
    assert.equal(url.searchParams.has('code_challenge'), false);
    assert.equal(url.searchParams.has('code_challenge_method'), false);
  });

  it('asks for the pivot identity, email and usage name by default (qualification #17)', async () => {
    const scopes: string[] = (await authorizeUrl()).searchParams.get('scope')?.split(' ') ?? [];
    for (const scope of [
      'openid',
      'given_name',
      'family_name',
      'birthdate',
      'gender',
      'birthplace',
      'birthcountry',
    ]) {
      assert.ok(scopes.includes(scope), scope);
    }
    assert.deepEqual(scopes, [...DEFAULT_SCOPES]);
  });

  it('sends a fresh state and nonce of at least 32 random letters and digits each time (qualification #20)', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const url = await authorizeUrl();
      for (const name of ['state', 'nonce']) {
        const value = url.searchParams.get(name) ?? '';
        assert.match(value, /^[A-Za-z0-9]{32,}$/, name);
        assert.equal(seen.has(value), false, `${name} repeated`);
        seen.add(value);
      }
    }
    // 100 values of 64 characters over 62 symbols: every symbol class shows up.
    const all = [...seen].join('');
    assert.match(all, /[A-Z]/);
    assert.match(all, /[a-z]/);
    assert.match(all, /[0-9]/);
  });

  it('passes prompt=login and refuses prompts FranceConnect does not accept, naming the field', async () => {
    assert.equal(
      (await authorizeUrl(new CookieAgent(), '?prompt=login')).searchParams.get('prompt'),
      'login',
    );
    const refused = await fetch(`${pair.app.url}/auth/login?prompt=none`, { redirect: 'manual' });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /« prompt »/);
  });

  it('refuses a returnTo given twice, naming it', async () => {
    const response = await fetch(`${pair.app.url}/auth/login?returnTo=/a&returnTo=/b`, {
      redirect: 'manual',
    });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /« returnTo »/);
  });

  it('uses one client id for authorize, token and logout (qualification #21), with client_secret_post', async () => {
    const attempt = await attemptSignIn(pair.app);
    assert.equal(attempt.authorizeUrl.searchParams.get('client_id'), pair.provider.clientId);
    const token = pair.provider.lastTokenRequest;
    assert.equal(token?.body.get('client_id'), pair.provider.clientId);
    assert.equal(token?.body.get('client_secret'), pair.provider.clientSecret, 'client_secret_post');
    assert.equal(token?.authorization, undefined, 'no client_secret_basic');
    assert.equal(token?.body.get('redirect_uri'), `${pair.app.url}/auth/callback`);
    assert.equal(token?.body.has('code_verifier'), false, 'no PKCE verifier');
    const { csrfToken } = (await (await attempt.agent.fetch(`${pair.app.url}/api/me`)).json()) as {
      csrfToken: string;
    };
    const logout = await attempt.agent.fetch(`${pair.app.url}/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken },
    });
    const endSession = new URL(logout.headers.get('location') ?? '');
    assert.equal(endSession.searchParams.get('client_id'), pair.provider.clientId);
  });

  describe('returnTo', () => {
    it('keeps a same-origin path with its query', async () => {
      const attempt = await attemptSignIn(pair.app, { returnTo: '/demarches/cantine?enfant=2' });
      assert.equal(attempt.response.headers.get('location'), '/demarches/cantine?enfant=2');
    });

    for (const evil of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '\\\\evil.example',
      'evil.example/x',
    ]) {
      it(`falls back to / for ${evil}`, async () => {
        const attempt = await attemptSignIn(pair.app, { returnTo: evil });
        assert.equal(attempt.response.status, 303);
        assert.equal(attempt.response.headers.get('location'), '/');
      });
    }
  });

  describe('several tabs', () => {
    it('lets two attempts of one browser complete in any order', async () => {
      const agent = new CookieAgent();
      const first = await authorizeUrl(agent, '?returnTo=/onglet-1');
      const second = await authorizeUrl(agent, '?returnTo=/onglet-2');
      const callbacks = [];
      for (const url of [first, second]) {
        const authorize = await agent.fetch(url);
        callbacks.push(authorize.headers.get('location') ?? '');
      }
      const secondDone = await agent.fetch(callbacks[1] ?? '');
      assert.equal(secondDone.headers.get('location'), '/onglet-2');
      const firstDone = await agent.fetch(callbacks[0] ?? '');
      assert.equal(
        firstDone.headers.get('location'),
        '/onglet-1',
        'the first tab’s attempt survived the second sign-in',
      );
      assert.equal((await agent.fetch(`${pair.app.url}/api/me`)).status, 200);
    });

    it('keeps every attempt when tabs start at the same instant', async () => {
      const agent = new CookieAgent();
      await authorizeUrl(agent); // the browser has a session cookie, as once any page was visited
      const urls = await Promise.all(
        Array.from({ length: 5 }, (_, i) => authorizeUrl(agent, `?returnTo=/tab-${i}`)),
      );
      for (const [i, url] of urls.entries()) {
        const authorize = await agent.fetch(url);
        const done = await agent.fetch(authorize.headers.get('location') ?? '');
        assert.equal(done.headers.get('location'), `/tab-${i}`, `tab ${i} lost its attempt`);
      }
    });
  });
});

describe('configured scopes and acr', () => {
  it('sends FC_SCOPES and FC_ACR_VALUES as configured', async () => {
    const pair = await startForgedPair({ scopes: 'openid given_name family_name', acrValues: 'eidas2' });
    try {
      const response = await fetch(`${pair.app.url}/auth/login`, { redirect: 'manual' });
      const url = new URL(response.headers.get('location') ?? '');
      assert.equal(url.searchParams.get('scope'), 'openid given_name family_name');
      assert.equal(url.searchParams.get('acr_values'), 'eidas2');
    } finally {
      await pair.close();
    }
  });
});
