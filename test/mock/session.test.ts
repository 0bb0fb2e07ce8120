import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import {
  DEFAULT_LIFETIMES,
  demoClient,
  type RunningMockFranceConnect,
} from '@franceconnect-kit/mock-franceconnect';
import { FranceConnectPageError, type FranceConnectUser } from '../helpers/franceconnect-user.js';
import {
  authorization,
  LOGOUT_CALLBACK,
  relyingParty,
  SERVICE,
  signIn,
  sleep,
  startFranceConnect,
  userOf,
} from './support.js';

function endSessionUrl(fc: RunningMockFranceConnect, parameters: Record<string, string>): URL {
  const url = new URL(`${fc.issuer}/session/end`);
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return url;
}

async function screensOfSignIn(config: client.Configuration, user: FranceConnectUser, parameters = {}) {
  return (await user.signIn(authorization(config, parameters).url)).screens;
}

describe('FranceConnect session (SSO) and logout', () => {
  let fc: RunningMockFranceConnect;
  let config: client.Configuration;
  const other = { ...demoClient('http://127.0.0.1:4995'), client_id: 'other-service' };

  before(async () => {
    fc = await startFranceConnect({ clients: [SERVICE, other] });
    config = await relyingParty(fc);
  });
  after(() => fc.close());

  it('lasts 30 minutes: the session cookie expires then', async () => {
    assert.equal(DEFAULT_LIFETIMES.session, 1800);
    const user = userOf(fc);
    await signIn(fc, config, { user });
    const response = await user.fetch(authorization(config).url);
    await response.body?.cancel();
    const cookie = response.headers.getSetCookie().find((header) => header.startsWith('fc_session='));
    const expires = Date.parse(/expires=([^;]+)/i.exec(cookie ?? '')?.[1] ?? '');
    assert.ok(Math.abs(expires - (Date.now() + 1800 * 1000)) < 5000, `session cookie: ${cookie}`);
  });

  it('asks only for consent at a second sign-in within the session, with the same identity', async () => {
    const user = userOf(fc);
    const first = await signIn(fc, config, { user, login: 'nom_usage' });
    assert.deepEqual(first.departure.screens, ['identity-provider', 'login', 'consent']);
    const second = await signIn(fc, config, { user, login: 'ignored-within-the-session' });
    assert.deepEqual(second.departure.screens, ['consent']);
    assert.equal(second.tokens.claims()?.sub, first.tokens.claims()?.sub);
  });

  it('asks for consent again for another service in the same session', async () => {
    const user = userOf(fc);
    await signIn(fc, config, { user });
    const otherConfig = await relyingParty(fc, other);
    const departure = await user.signIn(authorization(otherConfig, {}, other.redirect_uris[0]).url);
    assert.deepEqual(departure.screens, ['consent']);
    assert.ok(departure.params.get('code'));
  });

  it('asks for the credentials again with prompt=login', async () => {
    const user = userOf(fc);
    await signIn(fc, config, { user });
    assert.deepEqual(await screensOfSignIn(config, user, { prompt: 'login' }), [
      'identity-provider',
      'login',
      'consent',
    ]);
    assert.deepEqual(await screensOfSignIn(config, user, { prompt: 'consent' }), ['consent']);
  });

  it('ends the session at /session/end and sends the browser back with state, without any screen', async () => {
    const user = userOf(fc);
    const { tokens } = await signIn(fc, config, { user });
    const state = client.randomState();
    const departure = await user.signOut(
      endSessionUrl(fc, {
        id_token_hint: tokens.id_token ?? '',
        state,
        post_logout_redirect_uri: LOGOUT_CALLBACK,
      }),
    );
    assert.deepEqual(departure.screens, []);
    assert.equal(`${departure.url.origin}${departure.url.pathname}`, LOGOUT_CALLBACK);
    assert.equal(departure.params.get('state'), state);
    assert.equal(user.jar.get(new URL(fc.url), 'fc_session'), undefined);
    assert.deepEqual(await screensOfSignIn(config, user), ['identity-provider', 'login', 'consent']);
  });

  it('builds the same logout URL as openid-client’s buildEndSessionUrl', async () => {
    const user = userOf(fc);
    const { tokens } = await signIn(fc, config, { user });
    const state = client.randomState();
    const url = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: LOGOUT_CALLBACK,
      state,
    });
    const departure = await user.signOut(url);
    assert.equal(departure.params.get('state'), state);
  });

  const refusals: Array<[string, (idToken: string) => Record<string, string>]> = [
    [
      'an unregistered post_logout_redirect_uri',
      (id) => ({ id_token_hint: id, state: 's', post_logout_redirect_uri: 'https://evil.example/' }),
    ],
    [
      'another client’s post_logout_redirect_uri',
      (id) => ({
        id_token_hint: id,
        state: 's',
        post_logout_redirect_uri: other.post_logout_redirect_uris[0] ?? '',
      }),
    ],
    ['no id_token_hint', () => ({ state: 's', post_logout_redirect_uri: LOGOUT_CALLBACK })],
    ['no post_logout_redirect_uri', (id) => ({ id_token_hint: id, state: 's' })],
    ['no state', (id) => ({ id_token_hint: id, post_logout_redirect_uri: LOGOUT_CALLBACK })],
    [
      'a forged id_token_hint',
      (id) => ({
        id_token_hint: `${id.slice(0, -6)}AAAAAA`,
        state: 's',
        post_logout_redirect_uri: LOGOUT_CALLBACK,
      }),
    ],
    [
      'an unknown parameter',
      (id) => ({ id_token_hint: id, state: 's', post_logout_redirect_uri: LOGOUT_CALLBACK, foo: 'bar' }),
    ],
  ];
  for (const [what, parameters] of refusals) {
    it(`shows an error page, not a redirect, for ${what}, and keeps the session`, async () => {
      const user = userOf(fc);
      const { tokens } = await signIn(fc, config, { user });
      await assert.rejects(
        user.signOut(endSessionUrl(fc, parameters(tokens.id_token ?? ''))),
        (error: unknown) => {
          assert.ok(error instanceof FranceConnectPageError);
          assert.equal(error.status, 400);
          assert.equal(error.code, 'Y000400');
          return true;
        },
      );
      assert.deepEqual(await screensOfSignIn(config, user), ['consent']);
    });
  }
});

describe('FranceConnect lifetimes', { concurrency: true }, () => {
  it('slides the 30-minute session with each sign-in (shortened to 4 s here)', async () => {
    // Expiry times have a one-second granularity (epoch seconds, cookie dates): margins allow for it.
    const fc = await startFranceConnect({ ttl: { session: 4 } });
    try {
      const config = await relyingParty(fc);
      const user = userOf(fc);
      await signIn(fc, config, { user });
      await sleep(2200);
      assert.deepEqual(await screensOfSignIn(config, user), ['consent']);
      await sleep(2200); // 4.4 s after the login, 2.2 s after the last use
      assert.deepEqual(await screensOfSignIn(config, user), ['consent']);
      await sleep(5200);
      assert.deepEqual(await screensOfSignIn(config, user), ['identity-provider', 'login', 'consent']);
    } finally {
      await fc.close();
    }
  });

  it('accepts an expired id_token_hint at logout', async () => {
    const fc = await startFranceConnect({ ttl: { idToken: 1 } });
    try {
      const config = await relyingParty(fc);
      const user = userOf(fc);
      const { tokens } = await signIn(fc, config, { user });
      await sleep(2100);
      const state = client.randomState();
      const departure = await user.signOut(
        endSessionUrl(fc, {
          id_token_hint: tokens.id_token ?? '',
          state,
          post_logout_redirect_uri: LOGOUT_CALLBACK,
        }),
      );
      assert.equal(departure.params.get('state'), state);
    } finally {
      await fc.close();
    }
  });

  it('expires codes after 30 s and access tokens after 60 s (shortened to 2 s here)', async () => {
    assert.equal(DEFAULT_LIFETIMES.code, 30);
    assert.equal(DEFAULT_LIFETIMES.accessToken, 60);
    assert.equal(DEFAULT_LIFETIMES.idToken, 60);
    const fc = await startFranceConnect({ ttl: { code: 2, accessToken: 2 } });
    try {
      const config = await relyingParty(fc);
      const attempt = authorization(config);
      const departure = await userOf(fc).signIn(attempt.url);
      await sleep(2100);
      const checks = { expectedState: attempt.state, expectedNonce: attempt.nonce, idTokenExpected: true };
      await assert.rejects(
        client.authorizationCodeGrant(config, departure.url, checks),
        (error: unknown) => error instanceof client.ResponseBodyError && error.error === 'invalid_grant',
      );

      const { tokens } = await signIn(fc, config);
      assert.equal(tokens.expires_in, 2);
      await sleep(2100);
      const response = await fetch(`${fc.issuer}/userinfo`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      assert.equal(response.status, 401);
    } finally {
      await fc.close();
    }
  });
});
