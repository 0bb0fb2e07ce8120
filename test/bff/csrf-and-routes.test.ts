import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FranceConnectBff, FranceConnectBffOptions, MeResponse } from '@franceconnect-kit/bff';
import { attemptSignIn, tamperLast } from './helpers/attempt.js';
import { startForgedPair } from './helpers/bff.js';
import { CookieAgent } from './helpers/cookie-agent.js';

// security.md "CSRF and headers": every state-changing route refuses cross-site and token-less
// requests; GET and HEAD change nothing. The routes are read from the router itself, so a route
// added later is covered without anyone remembering to list it.

interface RouteInfo {
  path: string;
  methods: string[];
}

interface LayerLike {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

function routesOf(router: FranceConnectBff): RouteInfo[] {
  const stack = (router as unknown as { stack: LayerLike[] }).stack;
  return stack.flatMap((layer) => {
    if (!layer.route) return [];
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    const methods = Object.keys(layer.route.methods)
      .filter((method) => layer.route?.methods[method])
      .map((method) => method.toUpperCase());
    return paths.map((path) => ({ path: path.replace(/:(\w+)/g, 'x'), methods }));
  });
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const ROUTES = [
  'GET /auth/login',
  'GET /auth/callback',
  'GET /api/me',
  'POST /auth/logout',
  'GET /auth/logout/callback',
  'GET /healthz',
  'GET /auth/reauthenticate',
  'GET /api/step-up',
];
const ACCOUNT_ROUTES = [
  'GET /api/csrf',
  'GET /api/signup',
  'POST /api/signup',
  'POST /api/signup/link',
  'POST /auth/local/signup',
  'POST /auth/local/login',
  'GET /auth/link',
  'GET /api/profile',
  'PATCH /api/profile',
  'DELETE /api/account',
  'POST /api/account/delete',
  'POST /api/account/unlink',
  'POST /auth/reauthenticate/password',
  'GET /api/passkeys',
  'POST /api/passkeys/options',
  'POST /api/passkeys',
  'PATCH /api/passkeys/x',
  'DELETE /api/passkeys/x',
  'POST /api/step-up/passkey/options',
  'POST /api/step-up/passkey',
];

// Once without accounts, once with them (each signed-in browser then has an account, so that the
// account routes go past their own checks when the CSRF token is right).
for (const [variant, options, expected] of [
  ['without accounts', {}, ROUTES],
  ['with accounts', { accounts: true, databasePath: ':memory:' }, [...ROUTES, ...ACCOUNT_ROUTES]],
] as Array<[string, Partial<FranceConnectBffOptions>, string[]]>) {
  describe(`routes and CSRF, ${variant}`, () => {
    let pair: Awaited<ReturnType<typeof startForgedPair>>;
    let routes: RouteInfo[];

    before(async () => {
      pair = await startForgedPair(options);
      routes = routesOf(pair.app.bff);
    });
    after(async () => {
      await pair.close();
    });

    async function signedIn(): Promise<{ agent: CookieAgent; me: MeResponse }> {
      const { agent } = await attemptSignIn(pair.app);
      let me = (await (await agent.fetch(`${pair.app.url}/api/me`)).json()) as MeResponse;
      if (options.accounts && me.account === null) {
        // A first sign-in (or one after the account was deleted by a previous round): sign up.
        const signUp = await agent.fetch(`${pair.app.url}/api/signup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken, origin: pair.app.url },
          body: JSON.stringify({ email: 'angela@example.fr' }),
        });
        assert.equal(signUp.status, 201);
        me = (await (await agent.fetch(`${pair.app.url}/api/me`)).json()) as MeResponse;
      }
      return { agent, me };
    }

    async function unchanged(
      agent: CookieAgent,
      before: MeResponse,
      cookie: string | undefined,
    ): Promise<void> {
      assert.equal(agent.cookies.get('bff_session'), cookie, 'the session id changed');
      const response = await agent.fetch(`${pair.app.url}/api/me`);
      assert.equal(response.status, 200, 'the session was ended');
      const now = (await response.json()) as MeResponse;
      assert.deepEqual(now.identity, before.identity);
      assert.equal(now.csrfToken, before.csrfToken);
    }

    it('are found on the router, state-changing ones included', () => {
      const summary = routes.map((route) => `${route.methods.join(',')} ${route.path}`);
      for (const route of expected) {
        assert.ok(summary.includes(route), `${route} missing from ${summary.join('; ')}`);
      }
      assert.ok(routes.some((route) => route.methods.some((method) => !SAFE.has(method))));
    });

    it('every state-changing route refuses cross-site requests, even with the right token', async () => {
      for (const route of routes) {
        for (const method of route.methods.filter((name) => !SAFE.has(name))) {
          const { agent, me } = await signedIn();
          const cookie = agent.cookies.get('bff_session');
          const crossSite: Array<Record<string, string>> = [
            { 'sec-fetch-site': 'cross-site' },
            { 'sec-fetch-site': 'same-site' },
            { origin: 'https://evil.example' },
            { origin: 'null' },
            { origin: `${pair.app.url}.evil.example` },
          ];
          for (const headers of crossSite) {
            const response = await agent.fetch(`${pair.app.url}${route.path}`, {
              method,
              headers: { ...headers, 'x-csrf-token': me.csrfToken },
            });
            assert.equal(response.status, 403, `${method} ${route.path} with ${JSON.stringify(headers)}`);
            await response.body?.cancel();
          }
          await unchanged(agent, me, cookie);
        }
      }
    });

    it('every state-changing route refuses requests without the session’s token', async () => {
      for (const route of routes) {
        for (const method of route.methods.filter((name) => !SAFE.has(name))) {
          const { agent, me } = await signedIn();
          const cookie = agent.cookies.get('bff_session');
          const sameOrigin = { origin: pair.app.url, 'sec-fetch-site': 'same-origin' };
          const attempts: RequestInit[] = [
            { headers: sameOrigin },
            { headers: { ...sameOrigin, 'x-csrf-token': '' } },
            { headers: { ...sameOrigin, 'x-csrf-token': tamperLast(me.csrfToken) } },
            {
              headers: { ...sameOrigin, 'content-type': 'application/x-www-form-urlencoded' },
              body: `_csrf=${encodeURIComponent(me.csrfToken.slice(1))}`,
            },
          ];
          for (const init of attempts) {
            const response = await agent.fetch(`${pair.app.url}${route.path}`, { ...init, method });
            assert.equal(response.status, 403, `${method} ${route.path} ${JSON.stringify(init)}`);
            await response.body?.cancel();
          }
          await unchanged(agent, me, cookie);
          // Control: the same request with the token is accepted (header, then form field).
          const accepted = await agent.fetch(`${pair.app.url}${route.path}`, {
            method,
            headers: { ...sameOrigin, 'content-type': 'application/x-www-form-urlencoded' },
            body: `_csrf=${encodeURIComponent(me.csrfToken)}`,
          });
          assert.notEqual(accepted.status, 403, `${method} ${route.path} refused its own token`);
        }
      }
    });

    it('accepts a form of its own page sent without a referrer (Origin: null, Sec-Fetch-Site: same-origin)', async () => {
      // What Chromium sends for a form POST from a page with `Referrer-Policy: no-referrer`, such as the
      // pages behind `pageSecurityHeaders` or helmet's defaults: <franceconnect-user>'s logout form.
      const { agent, me } = await signedIn();
      const noReferrer = { origin: 'null', 'sec-fetch-site': 'same-origin' };
      const tokenless = await agent.fetch(`${pair.app.url}/auth/logout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...noReferrer, 'content-type': 'application/x-www-form-urlencoded' },
        body: '_csrf=',
      });
      assert.equal(tokenless.status, 403, 'the token is still required');
      for (const site of ['cross-site', 'same-site']) {
        const crossSite = await agent.fetch(`${pair.app.url}/auth/logout`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            origin: 'null',
            'sec-fetch-site': site,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: `_csrf=${encodeURIComponent(me.csrfToken)}`,
        });
        assert.equal(crossSite.status, 403, `Origin: null from a ${site} page`);
      }
      const logout = await agent.fetch(`${pair.app.url}/auth/logout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...noReferrer, 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${encodeURIComponent(me.csrfToken)}`,
      });
      assert.equal(logout.status, 303);
      assert.equal((await agent.fetch(`${pair.app.url}/api/me`)).status, 204, 'signed out');
    });

    it('refuses a token-less state-changing request without any session, as 403', async () => {
      for (const route of routes) {
        for (const method of route.methods.filter((name) => !SAFE.has(name))) {
          const response = await fetch(`${pair.app.url}${route.path}`, { method, redirect: 'manual' });
          assert.equal(response.status, 403, `${method} ${route.path}`);
        }
      }
    });

    it('no GET or HEAD route changes the signed-in session, even cross-site', async () => {
      const { agent, me } = await signedIn();
      const cookie = agent.cookies.get('bff_session');
      for (const route of routes.filter((item) => item.methods.includes('GET'))) {
        for (const method of ['GET', 'HEAD']) {
          for (const query of [
            '',
            '?state=x&code=y',
            '?error=access_denied&state=z',
            '?returnTo=//evil.example',
          ]) {
            const response = await agent.fetch(`${pair.app.url}${route.path}${query}`, {
              method,
              headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
            });
            assert.ok(response.status < 500, `${method} ${route.path}${query}: ${response.status}`);
            await response.body?.cancel();
            await unchanged(agent, me, cookie);
          }
        }
      }
    });

    it('stores no session for anonymous traffic, on any route (every method, with and without a token)', async () => {
      const sessions = () =>
        new Promise<number>((resolve, reject) =>
          pair.app.bff.sessionStore.length?.((error, count) =>
            error ? reject(error instanceof Error ? error : new Error('length')) : resolve(count ?? -1),
          ),
        );
      const before = await sessions();
      for (let round = 0; round < 5; round++) {
        for (const route of routes) {
          for (const method of route.methods) {
            const visitor = new CookieAgent();
            // A visitor's token when the BFF gives one (accounts), as the sign-in forms get it.
            const csrf = options.accounts
              ? ((await (await visitor.fetch(`${pair.app.url}/api/csrf`)).json()) as { csrfToken: string })
                  .csrfToken
              : '';
            const response = await visitor.fetch(`${pair.app.url}${route.path}?state=x&code=y`, {
              method,
              headers: {
                origin: pair.app.url,
                'sec-fetch-site': 'same-origin',
                'content-type': 'application/json',
                'x-csrf-token': csrf,
              },
              body: SAFE.has(method)
                ? undefined
                : JSON.stringify({ email: `v${round}@example.fr`, password: 'x' }),
            });
            assert.ok(response.status < 500, `${method} ${route.path}: ${response.status}`);
            await response.body?.cancel();
          }
        }
      }
      assert.equal(await sessions(), before, 'anonymous requests stored sessions');
    });

    it('leaves the app’s own routes alone (the BFF guards only its own paths)', async () => {
      const response = await fetch(`${pair.app.url}/app/contact`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'message=bonjour',
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('set-cookie'), null, 'the BFF opened a session on an app route');
    });
  });
}

describe('CSRF tokens of visitors not signed in (GET /api/csrf)', () => {
  let pair: Awaited<ReturnType<typeof startForgedPair>>;

  before(async () => {
    pair = await startForgedPair({ accounts: true, databasePath: ':memory:' });
  });
  after(async () => {
    await pair.close();
  });

  const tokenOf = async (agent: CookieAgent) =>
    ((await (await agent.fetch(`${pair.app.url}/api/csrf`)).json()) as { csrfToken: string }).csrfToken;
  const sessions = () =>
    new Promise<number>((resolve, reject) =>
      pair.app.bff.sessionStore.length?.((error, count) =>
        error ? reject(error instanceof Error ? error : new Error('length')) : resolve(count ?? -1),
      ),
    );
  const login = (agent: CookieAgent, token: string) =>
    agent.fetch(`${pair.app.url}/auth/local/login`, {
      method: 'POST',
      headers: {
        origin: pair.app.url,
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/json',
        'x-csrf-token': token,
      },
      body: JSON.stringify({ email: 'personne@example.fr', password: 'pas un vrai mot de passe' }),
    });

  it('cost no storage: 500 visitors, no session stored', async () => {
    const before = await sessions();
    const tokens = new Set<string>();
    for (let i = 0; i < 500; i++) tokens.add(await tokenOf(new CookieAgent()));
    assert.equal(tokens.size, 500, 'one token per visitor');
    assert.equal(await sessions(), before);
  });

  it('are bound to the visitor’s cookie: accepted with it, refused without it or with another browser’s', async () => {
    const visitor = new CookieAgent();
    const token = await tokenOf(visitor);
    assert.equal(await tokenOf(visitor), token, 'the same token for the same browser');
    const cookie = visitor.setCookies.find((line) => line.startsWith('bff_csrf='));
    assert.ok(cookie);
    const attributes = cookie.split(';').map((part) => part.trim().toLowerCase());
    assert.ok(
      attributes.includes('httponly') &&
        attributes.includes('samesite=strict') &&
        attributes.includes('path=/'),
    );
    assert.equal((await login(visitor, token)).status, 401, 'accepted: the credentials are checked');

    assert.equal((await login(new CookieAgent(), token)).status, 403, 'without the cookie');
    const other = new CookieAgent();
    await tokenOf(other);
    assert.equal((await login(other, token)).status, 403, 'with another browser’s cookie');
    const forged = new CookieAgent();
    forged.cookies.set('bff_csrf', 'A'.repeat(32));
    assert.equal((await login(forged, token)).status, 403, 'with a cookie of the attacker’s choosing');
    assert.equal((await login(visitor, tamperLast(token))).status, 403, 'an altered token');
  });

  it('give way to the session’s token once signed in', async () => {
    const { agent } = await attemptSignIn(pair.app);
    const me = (await (await agent.fetch(`${pair.app.url}/api/me`)).json()) as MeResponse;
    assert.equal(await tokenOf(agent), me.csrfToken);
  });
});
