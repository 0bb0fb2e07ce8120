import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { decodeProtectedHeader, type JWK } from 'jose';
import {
  generateEncryptionKey,
  type MeResponse,
  type OutboundInterceptor,
  type SignedIn,
} from '@franceconnect-kit/bff';
import {
  demoClient,
  demoPlusClient,
  startMockFranceConnect,
  type RunningMockFranceConnect,
} from '@franceconnect-kit/mock-franceconnect';
import { FranceConnectUser } from '../helpers/franceconnect-user.js';
import { freePort } from '../helpers/processes.js';
import { assertNotLogged, assertSignedOut, attemptSignIn, type Attempt } from './helpers/attempt.js';
import { startForgedPlusPair, startTestBff, type TestBff } from './helpers/bff.js';
import { CookieAgent } from './helpers/cookie-agent.js';
import type { Forgery } from './helpers/forging-provider.js';
import { storedSession } from './helpers/stored-session.js';
import { startSwitchboard, type Switchboard } from './helpers/switchboard.js';

// FranceConnect+ (qualification #22, franceconnect.md §1.2, §3.3, §3.4, §5): its own registration and
// issuer, acr eidas2/eidas3 checked against the level asked, ID token and userinfo signed ES256 AND
// encrypted (JWE, RSA-OAEP or ECDH-ES, A256GCM) to the service's key published at /auth/jwks, amr
// kept, logout at its session/end. Every refused answer signs nobody in.

const PRIVATE_PARAMETERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

describe('FranceConnect+ answers (forging provider)', () => {
  let pair: Awaited<ReturnType<typeof startForgedPlusPair>>;

  before(async () => {
    pair = await startForgedPlusPair();
  });
  after(async () => {
    await pair.close();
  });
  beforeEach(() => {
    pair.provider.forge({});
  });

  const signInPlus = (agent = new CookieAgent()) =>
    attemptSignIn(pair.app, { agent, start: '/auth/plus/login' });

  async function rejected(forgery: Forgery, reason: string): Promise<Attempt> {
    const { provider, app } = pair;
    provider.forge(forgery);
    const linesBefore = app.lines.length;
    const attempt = await signInPlus();
    assert.equal(attempt.response.status, 502, `answered ${attempt.response.status}`);
    assert.match(attempt.body, /n’a pas pu être vérifiée/);
    await assertSignedOut(app, attempt.agent);
    const rejection = app
      .entries()
      .slice(linesBefore)
      .find((entry) => entry.event === 'login.rejected');
    assert.equal(rejection?.reason, reason);
    assertNotLogged(app.lines, [...provider.issued, provider.clientSecret, provider.sub]);
    return attempt;
  }

  it('signs in with an encrypted, signed answer at eidas2, amr kept (the control case)', async () => {
    const attempt = await signInPlus();
    assert.equal(attempt.response.status, 303);
    assert.equal(attempt.response.headers.get('location'), '/profil');
    const session = await storedSession(pair.app.bff.sessionStore, attempt.agent.cookies.get('bff_session'));
    const signedIn = session?.franceconnect.signedIn as SignedIn & { platform?: string };
    assert.equal(signedIn.method, 'franceconnect');
    assert.equal(signedIn.platform, 'franceconnect-plus');
    assert.equal(signedIn.acr, 'eidas2');
    assert.equal(signedIn.identity?.sub, pair.provider.sub);
    // The sign-in is the session's first authentication, with FranceConnect+'s amr.
    assert.deepEqual(
      signedIn.authentications?.map(({ method, acr, amr }) => ({ method, acr, amr })),
      [{ method: 'franceconnect-plus', acr: 'eidas2', amr: ['pwd', 'pop', 'mfa'] }],
    );
    // Kept for the logout: the signed ID token inside the JWE, never the JWE.
    assert.equal(signedIn.idToken?.split('.').length, 3);
  });

  it('asks FranceConnect+ for eidas2, a new authentication and amr, without PKCE', async () => {
    await signInPlus();
    const query = pair.provider.lastAuthorize;
    assert.ok(query);
    assert.equal(query.get('acr_values'), 'eidas2');
    assert.equal(query.get('prompt'), 'login');
    assert.deepEqual(JSON.parse(query.get('claims') ?? '{}'), { id_token: { amr: { essential: true } } });
    assert.equal(query.get('client_id'), pair.provider.clientId);
    assert.equal(query.has('code_challenge'), false);
    for (const scope of [
      'openid',
      'given_name',
      'family_name',
      'birthdate',
      'gender',
      'birthplace',
      'birthcountry',
    ]) {
      assert.ok(query.get('scope')?.split(' ').includes(scope), `scope ${scope}`);
    }
  });

  describe('is refused when', () => {
    it('the ID token is not encrypted', async () => {
      await rejected({ encryption: 'none', encrypted: ['id_token'] }, 'encryption_invalid');
    });
    it('userinfo is signed but not encrypted', async () => {
      await rejected({ encryption: 'none', encrypted: ['userinfo'] }, 'encryption_invalid');
    });
    it('userinfo is plain JSON', async () => {
      await rejected({ userinfoFormat: 'json' }, 'encryption_invalid');
    });
    it('the ID token is encrypted to a key the service never published (under its kid)', async () => {
      await rejected({ encryption: 'foreign-key', encrypted: ['id_token'] }, 'encryption_invalid');
    });
    it('userinfo is encrypted to a key the service never published', async () => {
      await rejected({ encryption: 'foreign-key', encrypted: ['userinfo'] }, 'encryption_invalid');
    });
    it('the content is encrypted with A128CBC-HS256 instead of A256GCM', async () => {
      await rejected({ encryption: 'A128CBC-HS256', encrypted: ['id_token'] }, 'encryption_invalid');
    });
    it('the key is wrapped with an algorithm the service’s key is not for (RSA-OAEP-256)', async () => {
      await rejected({ encryption: 'RSA-OAEP-256', encrypted: ['id_token'] }, 'encryption_invalid');
    });
    it('the acr is eidas1, below the eidas2 asked (qualification #19)', async () => {
      await rejected({ idTokenClaims: (claims) => ({ ...claims, acr: 'eidas1' }) }, 'acr_insufficient');
    });
    it('the acr is missing', async () => {
      await rejected({ idTokenClaims: ({ acr: _acr, ...claims }) => claims }, 'acr_insufficient');
    });
    it('the encrypted ID token is signed RS256 (FranceConnect+ signs ES256)', async () => {
      await rejected({ idTokenSigning: 'rs256' }, 'id_token_invalid');
    });
  });

  it('ends at FranceConnect+’s session/end with the signed ID token as hint', async () => {
    const attempt = await signInPlus();
    const me = await attempt.agent.fetch(`${pair.app.url}/api/me`, {
      headers: { accept: 'application/json' },
    });
    const { csrfToken } = (await me.json()) as MeResponse;
    const logout = await attempt.agent.fetch(`${pair.app.url}/auth/logout`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: pair.app.url,
        'sec-fetch-site': 'same-origin',
      },
      body: new URLSearchParams({ _csrf: csrfToken }),
    });
    assert.equal(logout.status, 303);
    const location = new URL(logout.headers.get('location') ?? '');
    assert.equal(`${location.origin}${location.pathname}`, `${pair.provider.issuer}/session/end`);
    const hint = location.searchParams.get('id_token_hint') ?? '';
    assert.equal(hint.split('.').length, 3, 'the signed ID token, not the JWE');
    assert.ok(pair.provider.issued.includes(hint), 'the very ID token FranceConnect+ signed');
    const { urls } = await attempt.agent.follow(location);
    assert.equal(new URL(urls.at(-1) ?? '').pathname, '/');
    await assertSignedOut(pair.app, attempt.agent);
  });
});

describe('FranceConnect+ at eidas3', () => {
  let pair: Awaited<ReturnType<typeof startForgedPlusPair>>;
  before(async () => {
    pair = await startForgedPlusPair({}, { acrValues: 'eidas3' });
  });
  after(async () => {
    await pair.close();
  });

  it('refuses eidas2 when eidas3 was asked, and accepts eidas3', async () => {
    pair.provider.forge({});
    const refused = await attemptSignIn(pair.app, { start: '/auth/plus/login' });
    assert.equal(pair.provider.lastAuthorize?.get('acr_values'), 'eidas3');
    assert.equal(refused.response.status, 502);
    await assertSignedOut(pair.app, refused.agent);
    pair.provider.forge({ idTokenClaims: (claims) => ({ ...claims, acr: 'eidas3' }) });
    const accepted = await attemptSignIn(pair.app, { start: '/auth/plus/login' });
    assert.equal(accepted.response.status, 303);
  });
});

describe('the service’s encryption keys at /auth/jwks', () => {
  const cases: Array<[string, 'ECDH-ES' | 'RSA-OAEP']> = [
    ['an EC P-256 key (ECDH-ES)', 'ECDH-ES'],
    ['an RSA key (RSA-OAEP)', 'RSA-OAEP'],
  ];
  for (const [name, alg] of cases) {
    it(`serves only the public part of ${name}, and only the current key`, async () => {
      const current = generateEncryptionKey(alg);
      const previous = generateEncryptionKey(alg);
      const pair = await startForgedPlusPair({}, { encryptionKeys: { keys: [current, previous] } });
      try {
        const response = await fetch(`${pair.app.url}/auth/jwks`);
        assert.equal(response.status, 200);
        assert.match(response.headers.get('content-type') ?? '', /^application\/jwk-set\+json/);
        assert.match(response.headers.get('cache-control') ?? '', /public, max-age=600/);
        const text = await response.text();
        const { keys } = JSON.parse(text) as { keys: JWK[] };
        assert.equal(keys.length, 1);
        const [key] = keys as [JWK];
        assert.equal(key.kid, current.kid);
        assert.equal(key.use, 'enc');
        assert.equal(key.alg, alg);
        for (const parameter of PRIVATE_PARAMETERS) assert.equal(parameter in key, false, parameter);
        assert.deepEqual(
          Object.keys(key).sort(),
          (alg === 'ECDH-ES'
            ? ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']
            : ['alg', 'e', 'kid', 'kty', 'n', 'use']
          ).sort(),
        );
        // No private value anywhere in the document, whatever its field.
        for (const secret of [current, previous].flatMap((jwk) =>
          PRIVATE_PARAMETERS.map((p) => jwk[p as keyof JWK]),
        )) {
          if (typeof secret === 'string') assert.equal(text.includes(secret), false);
        }
        // Both keys decrypt: the answer encrypted to the current key signs in.
        const attempt = await attemptSignIn(pair.app, { start: '/auth/plus/login' });
        assert.equal(attempt.response.status, 303);
      } finally {
        await pair.close();
      }
    });
  }
});

describe('against the local FranceConnect+', () => {
  let folder: string;
  /** The service's one address (its registration at FranceConnect+), in front of the BFF of the moment. */
  let board: Switchboard;
  let plus: RunningMockFranceConnect;
  let fc: RunningMockFranceConnect;
  let app: TestBff;
  /** The protected headers of the ID tokens FranceConnect+ sent, as they travelled. */
  const envelopes: Array<Record<string, unknown>> = [];
  const observe: OutboundInterceptor = async (url, request, send) => {
    const response = await send(url, request);
    if (url.endsWith('/token') && response.status === 200) {
      const body = (await response.clone().json()) as { id_token?: string };
      if (body.id_token)
        envelopes.push({ parts: body.id_token.split('.').length, ...decodeProtectedHeader(body.id_token) });
    }
    return response;
  };
  const keysOf = (...keys: JWK[]) => ({ keys });
  const firstKey = generateEncryptionKey();
  const secondKey = generateEncryptionKey();

  /** A new BFF behind the switchboard, FranceConnect+ at `platform`, with these keys. */
  async function replaceApp(encryptionKeys: { keys: JWK[] }, platform = plus): Promise<void> {
    await app?.close();
    const client = demoClient(board.url);
    const plusClient = demoPlusClient(board.url);
    app = await startTestBff(await freePort(), {
      publicUrl: board.url,
      issuer: fc.issuer,
      clientId: client.client_id,
      clientSecret: client.client_secret,
      sessionStore: 'sqlite',
      databasePath: join(folder, 'sessions.sqlite'),
      interceptOutbound: observe,
      franceconnectPlus: {
        issuer: platform.issuer,
        clientId: plusClient.client_id,
        clientSecret: plusClient.client_secret,
        encryptionKeys,
      },
    });
    board.connect(app.url);
  }

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'bff-plus-'));
    board = await startSwitchboard(await freePort());
    fc = await startMockFranceConnect({ port: 0, clients: [demoClient(board.url)] });
    plus = await startMockFranceConnect({
      port: 0,
      platform: 'franceconnect-plus',
      clients: [demoPlusClient(board.url)],
    });
    await replaceApp(keysOf(firstKey));
  });
  after(async () => {
    await app.close();
    await Promise.all([fc.close(), plus.close(), board.close()]);
    rmSync(folder, { recursive: true, force: true });
  });

  async function signIn(user: FranceConnectUser, options: { codes?: string[] } = {}) {
    const departure = await user.signIn(`${board.url}/auth/plus/login?returnTo=/profil`, options);
    return { departure, back: await user.navigate(departure.url) };
  }

  it('signs in through its screens, a verification code after the password, the token a JWE', async () => {
    const user = new FranceConnectUser({ franceConnectUrl: plus.url });
    const { departure, back } = await signIn(user);
    assert.deepEqual(departure.screens, ['identity-provider', 'login', 'second-factor', 'consent']);
    assert.equal(back.url.pathname, '/profil');
    const envelope = envelopes.at(-1);
    assert.equal(envelope?.parts, 5, 'a compact JWE');
    assert.equal(envelope?.alg, 'ECDH-ES');
    assert.equal(envelope?.enc, 'A256GCM');
    assert.equal(envelope?.kid, firstKey.kid);
    const session = await storedSession(
      app.bff.sessionStore,
      user.jar.get(new URL(board.url), 'bff_session'),
    );
    const signedIn = session?.franceconnect.signedIn;
    assert.equal(signedIn?.acr, 'eidas2');
    assert.deepEqual(signedIn?.authentications?.[0]?.amr, ['pwd', 'pop', 'mfa']);
    assert.equal(signedIn?.identity?.family_name, 'DUPUIS');
  });

  it('ends FranceConnect+’s session at logout: the next sign-in asks for the password again', async () => {
    const user = new FranceConnectUser({ franceConnectUrl: plus.url });
    await signIn(user);
    const me = await user.fetch(`${board.url}/api/me`, { headers: { accept: 'application/json' } });
    const { csrfToken } = (await me.json()) as MeResponse;
    const logout = await user.fetch(`${board.url}/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: board.url },
      body: new URLSearchParams({ _csrf: csrfToken }),
    });
    const location = new URL(logout.headers.get('location') ?? '');
    assert.equal(`${location.origin}${location.pathname}`, `${plus.issuer}/session/end`);
    const out = await user.signOut(location);
    assert.equal(out.url.pathname, '/auth/logout/callback');
    await user.navigate(out.url);
    const again = await user.signIn(`${board.url}/auth/plus/login`);
    assert.ok(again.screens.includes('login'), `screens: ${again.screens.join(', ')}`);
  });

  it('sends the person back to the service with access_denied after three wrong codes', async () => {
    const user = new FranceConnectUser({ franceConnectUrl: plus.url });
    const departure = await user.signIn(`${board.url}/auth/plus/login`, {
      codes: ['000000', '000001', '000002'],
    });
    assert.equal(departure.params.get('error'), 'access_denied');
    assert.deepEqual(departure.screens, [
      'identity-provider',
      'login',
      'second-factor',
      'second-factor',
      'second-factor',
    ]);
    const { response } = await user.navigate(departure.url);
    assert.match(await response.text(), /Connexion annulée/);
  });

  it('rotates keys: the old key still decrypts, the new one is published, a removed one no longer decrypts', async () => {
    // FranceConnect+ has the first key's JWKS in its cache (it fetched it for the sign-ins above).
    await replaceApp(keysOf(secondKey, firstKey));
    const published = (await (await fetch(`${board.url}/auth/jwks`)).json()) as { keys: JWK[] };
    assert.deepEqual(
      published.keys.map((key) => key.kid),
      [secondKey.kid],
    );
    const cached = new FranceConnectUser({ franceConnectUrl: plus.url });
    assert.equal((await signIn(cached)).back.url.pathname, '/profil');
    assert.equal(envelopes.at(-1)?.kid, firstKey.kid, 'encrypted to the key FranceConnect+ cached');

    // A FranceConnect+ that fetches the JWKS now encrypts to the new key.
    const fresh = await startMockFranceConnect({
      port: 0,
      platform: 'franceconnect-plus',
      clients: [demoPlusClient(board.url)],
    });
    try {
      await replaceApp(keysOf(secondKey, firstKey), fresh);
      const user = new FranceConnectUser({ franceConnectUrl: fresh.url });
      const departure = await user.signIn(`${board.url}/auth/plus/login?returnTo=/profil`);
      assert.equal((await user.navigate(departure.url)).url.pathname, '/profil');
      assert.equal(envelopes.at(-1)?.kid, secondKey.kid, 'encrypted to the new key');
    } finally {
      await fresh.close();
    }

    // The first key removed: what FranceConnect+ (still caching it) encrypts to it is refused.
    await replaceApp(keysOf(secondKey));
    const linesBefore = app.lines.length;
    const user = new FranceConnectUser({ franceConnectUrl: plus.url });
    const { back } = await signIn(user);
    assert.equal(back.response.status, 502);
    assert.equal(envelopes.at(-1)?.kid, firstKey.kid);
    const rejection = app
      .entries()
      .slice(linesBefore)
      .find((entry) => entry.event === 'login.rejected');
    assert.equal(rejection?.reason, 'encryption_invalid');
    const me = await user.fetch(`${board.url}/api/me`, { headers: { accept: 'application/json' } });
    assert.equal(me.status, 204);
  });
});

describe('against the local FranceConnect+, with an RSA key (RSA-OAEP)', () => {
  it('signs in, the token encrypted with RSA-OAEP and A256GCM', async () => {
    const port = await freePort();
    const key = generateEncryptionKey('RSA-OAEP');
    const plusClient = demoPlusClient(`http://127.0.0.1:${port}`, 'RSA-OAEP');
    const plus = await startMockFranceConnect({
      port: 0,
      platform: 'franceconnect-plus',
      clients: [plusClient],
    });
    const headers: Array<Record<string, unknown>> = [];
    const app = await startTestBff(port, {
      databasePath: ':memory:',
      issuer: 'http://127.0.0.1:9/api/v2',
      clientId: 'unused',
      clientSecret: 'unused',
      interceptOutbound: async (url, request, send) => {
        const response = await send(url, request);
        if (url.endsWith('/token') && response.status === 200) {
          const { id_token: idToken } = (await response.clone().json()) as { id_token: string };
          headers.push(decodeProtectedHeader(idToken));
        }
        return response;
      },
      franceconnectPlus: {
        issuer: plus.issuer,
        clientId: plusClient.client_id,
        clientSecret: plusClient.client_secret,
        encryptionKeys: { keys: [key] },
      },
    });
    try {
      const user = new FranceConnectUser({ franceConnectUrl: plus.url });
      const departure = await user.signIn(`${app.url}/auth/plus/login?returnTo=/profil`);
      assert.equal((await user.navigate(departure.url)).url.pathname, '/profil');
      assert.deepEqual(
        { alg: headers[0]?.alg, enc: headers[0]?.enc, kid: headers[0]?.kid },
        { alg: 'RSA-OAEP', enc: 'A256GCM', kid: key.kid },
      );
    } finally {
      await app.close();
      await plus.close();
    }
  });
});
