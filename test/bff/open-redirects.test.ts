import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  randomAlphanumeric,
  TransactionCookies,
  type PurposeHandler,
  type Transaction,
} from '@franceconnect-kit/bff';
import { attemptSignIn } from './helpers/attempt.js';
import { SESSION_SECRET, startForgedPair } from './helpers/bff.js';
import { CookieAgent } from './helpers/cookie-agent.js';
import { FUZZ_SEED, seededRandom } from './helpers/fuzz.js';

// security.md "returnTo: only same-origin relative paths", as the browser follows the BFF's redirects:
// every `Location` the BFF answers, resolved against the site, stays on the site (or is FranceConnect),
// whatever `returnTo` was given and whatever was kept in an attempt meanwhile.

type Pair = Awaited<ReturnType<typeof startForgedPair>>;

/** Asserts a redirect of the BFF keeps the browser on the site; resolves where it goes. */
function assertOnSite(pair: Pair, response: Response, what: string): URL {
  const location = response.headers.get('location');
  assert.ok(location !== null, `${what}: no redirect (${response.status})`);
  const target = new URL(location, `${pair.app.url}/auth/callback`);
  assert.equal(target.origin, pair.app.url, `${what}: Location ${location} leaves the site`);
  assert.equal(target.pathname.startsWith('//'), false, `${what}: Location ${location}`);
  return target;
}

/** Return paths that leave the site once a browser reads them (as the BFF receives them, decoded). */
const THREATS = [
  '/.//evil.example/x',
  '/%2e//evil.example/x',
  '/%2E%2E//evil.example/x',
  '/a/..//evil.example/x',
  '/a/%2e%2e//evil.example/x',
  '//evil.example/x',
  '/\\evil.example/x',
  '/\t/evil.example/x',
  '/\n/evil.example/x',
  '/\r//evil.example/x',
  'https://evil.example/x',
  'javascript:alert(1)',
];

/** Look-alikes that are plain paths of the site (their encoded characters stay encoded): kept. */
const HARMLESS = ['/%09/evil.example/x', '/%5c/evil.example/x', '/%2F%2Fevil.example/x'];

/** An attempt pending in a new browser whose returnTo was kept as is, bypassing the check at login. */
function storedAttempt(pair: Pair, returnTo: string): { agent: CookieAgent; authorize: URL } {
  const transaction: Transaction = {
    state: randomAlphanumeric(48),
    nonce: randomAlphanumeric(48),
    returnTo,
    scopes: [...pair.app.bff.settings.scopes],
    acr: 'eidas1',
    purpose: 'sign-in',
    createdAt: Date.now(),
  };
  const headers = new Map<string, string | string[]>();
  const response = {
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    setHeader: (name: string, value: string | string[]) => headers.set(name.toLowerCase(), value),
  };
  // The BFF's own sealing, with the test's session secret.
  new TransactionCookies({ secrets: [SESSION_SECRET], secure: false }).add(
    { headers: {} } as never,
    response as never,
    transaction,
  );
  const agent = new CookieAgent();
  const [line = ''] = [headers.get('set-cookie') ?? ''].flat();
  const [cookie = ''] = line.split(';');
  agent.cookies.set(cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1));
  const authorize = new URL(`${pair.provider.issuer}/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: pair.provider.clientId,
    redirect_uri: `${pair.app.url}/auth/callback`,
    scope: transaction.scopes.join(' '),
    acr_values: 'eidas1',
    state: transaction.state,
    nonce: transaction.nonce,
  }).toString();
  return { agent, authorize };
}

describe('redirects of the BFF', () => {
  let pair: Pair;
  /** What an app's purpose handler redirects to (the BFF's routes include the purposes it completes). */
  let appLocation = '/';

  before(async () => {
    const appPurpose: PurposeHandler = (_authorization, { res }) => {
      res.redirect(303, appLocation);
      return Promise.resolve();
    };
    pair = await startForgedPair({ purposes: { app: appPurpose } }, (app, bff) => {
      app.get('/auth/app', async (req, res) => {
        res.redirect(302, (await bff.startAuthorization(req, { purpose: 'app' })).href);
      });
    });
  });
  after(async () => {
    await pair.close();
  });

  it('keep the browser on the site after the callback, whatever returnTo was (the threats of the review)', async () => {
    for (const returnTo of THREATS) {
      const attempt = await attemptSignIn(pair.app, { returnTo });
      assert.equal(assertOnSite(pair, attempt.response, JSON.stringify(returnTo)).pathname, '/');
    }
    for (const returnTo of HARMLESS) {
      const attempt = await attemptSignIn(pair.app, { returnTo });
      assert.equal(attempt.response.headers.get('location'), returnTo, 'a path of the site is kept');
    }
  });

  it('keep the browser on the site over hundreds of seeded random return paths, through the real callback', async () => {
    const random = seededRandom(FUZZ_SEED);
    const pieces = [
      '/',
      '//',
      '\\',
      '.',
      '..',
      '%2e',
      '%2E',
      '%2f',
      '%5c',
      '%09',
      '%0a',
      '\t',
      '\n',
      '\u3000',
      '\uff0f',
      'é',
      '@',
      ':',
      '?',
      '#',
      'evil.example',
      'javascript:',
      'https:',
      'profil',
    ];
    let kept = 0;
    for (let i = 0; i < 100; i++) {
      const returnTo = `/${Array.from({ length: 1 + random.int(6) }, () => random.pick(pieces)).join('')}`;
      const attempt = await attemptSignIn(pair.app, { returnTo });
      const target = assertOnSite(pair, attempt.response, `${JSON.stringify(returnTo)} (seed ${FUZZ_SEED})`);
      if (target.pathname !== '/') kept++;
    }
    assert.ok(kept > 5, `some random paths were harmless and kept (${kept}, seed ${FUZZ_SEED})`);
  });

  it('are checked again when they go out: a stored attempt whose returnTo leaves the site goes home', async () => {
    // An attempt kept before this check existed, or sealed with a leaked secret: nothing but the last
    // check, when the Location header is set, stands between its returnTo and the browser.
    for (const returnTo of ['//evil.example/x', '/.//evil.example/x', 'https://evil.example/x']) {
      const { agent, authorize } = storedAttempt(pair, returnTo);
      const answer = await agent.fetch(authorize);
      const lines = pair.app.lines.length;
      const callback = await agent.fetch(answer.headers.get('location') ?? '');
      assert.equal(callback.status, 303, returnTo);
      assert.equal(callback.headers.get('location'), '/', `${returnTo}: sent home instead`);
      assert.ok(
        pair.app
          .entries()
          .slice(lines)
          .some((entry) => entry.event === 'redirect.refused'),
        `${returnTo}: the refusal is logged`,
      );
    }
  });

  it('are checked again when they go out: an app’s purpose handler cannot send the browser elsewhere', async () => {
    for (const location of [
      '//evil.example/x',
      '/.//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
    ]) {
      appLocation = location;
      const agent = new CookieAgent();
      const start = await agent.fetch(`${pair.app.url}/auth/app`);
      const authorize = await agent.fetch(start.headers.get('location') ?? '');
      const callback = await agent.fetch(authorize.headers.get('location') ?? '');
      assert.equal(callback.status, 303, location);
      assert.equal(callback.headers.get('location'), '/', `${location}: sent home instead`);
    }
    // FranceConnect stays reachable (that is where sign-ins start), and so do the site's own paths.
    appLocation = '/mes-demarches?onglet=1';
    const agent = new CookieAgent();
    const start = await agent.fetch(`${pair.app.url}/auth/app`);
    assert.ok(start.headers.get('location')?.startsWith(`${pair.provider.issuer}/authorize?`));
    const authorize = await agent.fetch(start.headers.get('location') ?? '');
    const callback = await agent.fetch(authorize.headers.get('location') ?? '');
    assert.equal(callback.headers.get('location'), '/mes-demarches?onglet=1');
  });
});

describe('redirects of the BFF with accounts', () => {
  let pair: Pair;

  before(async () => {
    pair = await startForgedPair({ accounts: true, databasePath: ':memory:' });
  });
  after(async () => {
    await pair.close();
  });

  it('carry only a safe returnTo to the sign-up page', async () => {
    for (const returnTo of THREATS) {
      const attempt = await attemptSignIn(pair.app, { returnTo });
      const target = assertOnSite(pair, attempt.response, JSON.stringify(returnTo));
      assert.equal(target.pathname, '/compte/inscription', JSON.stringify(returnTo));
      assert.equal(target.searchParams.get('returnTo'), '/', JSON.stringify(returnTo));
    }
    const { agent, authorize } = storedAttempt(pair, '//evil.example/x');
    const answer = await agent.fetch(authorize);
    const callback = await agent.fetch(answer.headers.get('location') ?? '');
    const target = assertOnSite(pair, callback, 'a stored returnTo');
    assert.equal(target.searchParams.get('returnTo'), '/', 'checked again when carried on');
  });

  it('keep the browser on the site after « Lier mon compte FranceConnect » (GET /auth/link?returnTo=)', async () => {
    const agent = new CookieAgent();
    const { csrfToken } = (await (await agent.fetch(`${pair.app.url}/api/csrf`)).json()) as {
      csrfToken: string;
    };
    const created = await agent.fetch(`${pair.app.url}/auth/local/signup`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-csrf-token': csrfToken,
        origin: pair.app.url,
        'sec-fetch-site': 'same-origin',
      },
      body: JSON.stringify({ email: 'lien@example.fr', password: 'une phrase de passe assez longue' }),
    });
    assert.equal(created.status, 201, await created.text());
    const start = await agent.fetch(
      `${pair.app.url}/auth/link?returnTo=${encodeURIComponent('/.//evil.example/x')}`,
    );
    assert.equal(start.status, 302);
    const authorize = await agent.fetch(start.headers.get('location') ?? '');
    const callback = await agent.fetch(authorize.headers.get('location') ?? '');
    assert.equal(assertOnSite(pair, callback, '/auth/link').pathname, '/');
  });
});
