import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { assertNotLogged, assertSignedOut, attemptSignIn, type Attempt } from './helpers/attempt.js';
import { startForgedPair } from './helpers/bff.js';
import type { Claims, Forgery } from './helpers/forging-provider.js';

// security.md "Tokens": each forged ID token or userinfo answer is rejected: no signed-in session, no
// token from that response used further, a clear page, a log line that names the reason and holds
// no secret.

const now = () => Math.floor(Date.now() / 1000);
const without =
  (claim: string) =>
  ({ [claim]: _removed, ...rest }: Claims): Claims =>
    rest;
const withClaims =
  (changes: Claims) =>
  (claims: Claims): Claims => ({ ...claims, ...changes });

describe('ID token and userinfo rejections (forging provider)', () => {
  let pair: Awaited<ReturnType<typeof startForgedPair>>;

  before(async () => {
    pair = await startForgedPair();
  });
  after(async () => {
    await pair.close();
  });
  beforeEach(() => {
    pair.provider.forge({});
  });

  async function rejected(forgery: Forgery, reason: string): Promise<Attempt> {
    const { provider, app } = pair;
    provider.forge(forgery);
    const userinfoBefore = provider.counts.userinfo;
    const linesBefore = app.lines.length;
    const attempt = await attemptSignIn(app);
    await assertSignedOut(app, attempt.agent);
    const rejection = app
      .entries()
      .slice(linesBefore)
      .find((entry) => entry.event === 'login.rejected');
    assert.ok(rejection, 'no login.rejected log line');
    assert.equal(rejection.reason, reason);
    assert.ok(typeof rejection.reqId === 'string', 'the log line has a request id');
    if (reason !== 'userinfo_invalid' && reason !== 'claims_invalid') {
      assert.equal(
        provider.counts.userinfo,
        userinfoBefore,
        'the access token of a rejected ID token was used',
      );
    }
    assertNotLogged(app.lines, [
      ...provider.issued,
      attempt.authorizeUrl.searchParams.get('state') ?? undefined,
      attempt.authorizeUrl.searchParams.get('nonce') ?? undefined,
      provider.clientSecret,
      provider.sub,
    ]);
    return attempt;
  }

  async function rejectedWithPage(forgery: Forgery, reason: string): Promise<void> {
    const attempt = await rejected(forgery, reason);
    assert.equal(attempt.response.status, 502);
    assert.match(attempt.body, /La connexion n’a pas abouti/);
    assert.match(attempt.body, /n’a pas pu être vérifiée/);
    assert.match(attempt.body, /href="\/auth\/login\?returnTo=%2Fprofil"/, 'the page offers to try again');
  }

  it('accepts the well-formed answer (the control case)', async () => {
    const attempt = await attemptSignIn(pair.app);
    assert.equal(attempt.response.status, 303);
    assert.equal(attempt.response.headers.get('location'), '/profil');
    const me = await attempt.agent.fetch(`${pair.app.url}/api/me`);
    assert.equal(me.status, 200);
  });

  describe('ID token', () => {
    const cases: Array<[string, Forgery, string]> = [
      ['with an invalid signature', { idTokenSigning: 'tampered' }, 'id_token_invalid'],
      [
        'signed by a key FranceConnect never published',
        { idTokenSigning: 'foreign-key' },
        'id_token_invalid',
      ],
      ['with alg none', { idTokenSigning: 'none' }, 'id_token_invalid'],
      ['signed HS256 with the client secret', { idTokenSigning: 'hs256-client-secret' }, 'id_token_invalid'],
      ['signed RS256 while ES256 is registered', { idTokenSigning: 'rs256' }, 'id_token_invalid'],
      ['for another audience', { idTokenClaims: withClaims({ aud: 'another-client' }) }, 'id_token_invalid'],
      [
        'for several audiences without azp',
        { idTokenClaims: (claims) => ({ ...claims, aud: [claims.aud, 'another-client'] }) },
        'id_token_invalid',
      ],
      [
        'from another issuer',
        { idTokenClaims: withClaims({ iss: 'https://evil.example/api/v2' }) },
        'id_token_invalid',
      ],
      ['expired', { idTokenClaims: withClaims({ exp: now() - 120, iat: now() - 180 }) }, 'id_token_invalid'],
      [
        'issued in the future',
        { idTokenClaims: withClaims({ iat: now() + 3600, exp: now() + 3660 }) },
        'id_token_invalid',
      ],
      ['without sub', { idTokenClaims: without('sub') }, 'id_token_invalid'],
      ['without iat', { idTokenClaims: without('iat') }, 'id_token_invalid'],
      ['without acr', { idTokenClaims: without('acr') }, 'acr_insufficient'],
      ['with an unknown acr', { idTokenClaims: withClaims({ acr: 'eidas9' }) }, 'acr_insufficient'],
    ];
    for (const [name, forgery, reason] of cases) {
      it(`is rejected ${name}`, async () => {
        await rejectedWithPage(forgery, reason);
      });
    }

    it('is rejected when its nonce differs, ending with a FranceConnect logout and a notice (qualification #20)', async () => {
      const endSessions = pair.provider.counts.endSession;
      const attempt = await rejected(
        { idTokenClaims: withClaims({ nonce: 'x'.repeat(64) }) },
        'nonce_mismatch',
      );
      assert.equal(attempt.response.status, 303);
      const logout = new URL(attempt.response.headers.get('location') ?? '');
      assert.equal(`${logout.origin}${logout.pathname}`, `${pair.provider.issuer}/session/end`);
      assert.ok(logout.searchParams.get('id_token_hint'), 'the FranceConnect logout names the session');
      assert.equal(
        logout.searchParams.get('post_logout_redirect_uri'),
        `${pair.app.url}/auth/logout/callback`,
      );
      const { response, urls } = await attempt.agent.follow(logout);
      assert.equal(pair.provider.counts.endSession, endSessions + 1);
      assert.equal(
        new URL(urls.at(-1) ?? '').pathname + new URL(urls.at(-1) ?? '').search,
        '/?notice=login-interrupted',
      );
      assert.equal(response.status, 200);
      await assertSignedOut(pair.app, attempt.agent);
    });

    it('is rejected without nonce', async () => {
      const attempt = await rejected({ idTokenClaims: without('nonce') }, 'nonce_mismatch');
      assert.equal(attempt.response.status, 303);
      assert.match(attempt.response.headers.get('location') ?? '', /\/session\/end\?/);
    });

    it('sends a forged token with a wrong nonce nowhere: home with the notice, no FranceConnect logout', async () => {
      const endSessions = pair.provider.counts.endSession;
      const attempt = await rejected(
        { idTokenClaims: withClaims({ nonce: 'y'.repeat(64) }), idTokenSigning: 'foreign-key' },
        'nonce_mismatch',
      );
      assert.equal(attempt.response.status, 303);
      assert.equal(attempt.response.headers.get('location'), '/?notice=login-interrupted');
      assert.equal(pair.provider.counts.endSession, endSessions);
    });
  });

  describe('userinfo', () => {
    const cases: Array<[string, Forgery, string]> = [
      ['as plain JSON while a signed JWT is registered', { userinfoFormat: 'json' }, 'userinfo_invalid'],
      ['with an invalid signature', { userinfoSigning: 'tampered' }, 'userinfo_invalid'],
      ['signed by a foreign key', { userinfoSigning: 'foreign-key' }, 'userinfo_invalid'],
      ['with alg none', { userinfoSigning: 'none' }, 'userinfo_invalid'],
      ['signed HS256 with the client secret', { userinfoSigning: 'hs256-client-secret' }, 'userinfo_invalid'],
      [
        'for another subject than the ID token',
        { userinfoClaims: withClaims({ sub: `${'0'.repeat(64)}v1` }) },
        'userinfo_invalid',
      ],
      ['without family_name', { userinfoClaims: without('family_name') }, 'claims_invalid'],
      ['without birthdate', { userinfoClaims: without('birthdate') }, 'claims_invalid'],
      [
        'with a malformed birthdate',
        { userinfoClaims: withClaims({ birthdate: '24/08/1962' }) },
        'claims_invalid',
      ],
      ['with an unknown gender', { userinfoClaims: withClaims({ gender: 'f' }) }, 'claims_invalid'],
      [
        'with a given_name that is not text',
        { userinfoClaims: withClaims({ given_name: 42 }) },
        'claims_invalid',
      ],
      [
        'with markup in a name',
        { userinfoClaims: withClaims({ family_name: '<script>alert(1)</script>' }) },
        'claims_invalid',
      ],
      [
        'with a birthplace that is no commune code for France',
        { userinfoClaims: withClaims({ birthplace: 'Paris' }) },
        'claims_invalid',
      ],
      [
        'with a malformed birthcountry',
        { userinfoClaims: withClaims({ birthcountry: 'FR' }) },
        'claims_invalid',
      ],
      ['with a malformed email', { userinfoClaims: withClaims({ email: 'not-an-email' }) }, 'claims_invalid'],
    ];
    for (const [name, forgery, reason] of cases) {
      it(`is rejected ${name}`, async () => {
        await rejectedWithPage(forgery, reason);
      });
    }

    it('accepts unknown extra claims and keeps only the known ones', async () => {
      pair.provider.forge({ userinfoClaims: withClaims({ idp_id: 'demo', favourite_colour: 'blue' }) });
      const attempt = await attemptSignIn(pair.app);
      assert.equal(attempt.response.status, 303);
      const me = (await (await attempt.agent.fetch(`${pair.app.url}/api/me`)).json()) as { identity: Claims };
      assert.deepEqual(me.identity.given_name_array, ['Angela', 'Claire', 'Louise']);
      assert.equal(me.identity.favourite_colour, undefined);
      assert.equal(me.identity.iss, undefined);
    });

    it('accepts someone born abroad, whose birthplace is empty', async () => {
      pair.provider.forge({ userinfoClaims: withClaims({ birthplace: '', birthcountry: '99352' }) });
      const attempt = await attemptSignIn(pair.app);
      assert.equal(attempt.response.status, 303);
    });
  });
});

describe('acr lower than requested', () => {
  it('is rejected when eidas2 was asked and eidas1 came back (qualification #19)', async () => {
    const pair = await startForgedPair({ acrValues: 'eidas2' });
    try {
      const attempt = await attemptSignIn(pair.app);
      assert.equal(pair.provider.lastAuthorize?.get('acr_values'), 'eidas2');
      assert.equal(attempt.response.status, 502);
      await assertSignedOut(pair.app, attempt.agent);
      assert.ok(
        pair.app
          .entries()
          .some((entry) => entry.event === 'login.rejected' && entry.reason === 'acr_insufficient'),
      );
      pair.provider.forge({ idTokenClaims: withClaims({ acr: 'eidas3' }) });
      const higher = await attemptSignIn(pair.app);
      assert.equal(higher.response.status, 303, 'eidas3 satisfies eidas2');
    } finally {
      await pair.close();
    }
  });
});
