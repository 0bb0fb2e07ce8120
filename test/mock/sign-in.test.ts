import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import { demoClient, type RunningMockFranceConnect } from '@franceconnect-kit/mock-franceconnect';
import { FranceConnectUser } from '../helpers/franceconnect-user.js';
import {
  authorization,
  decodeHeader,
  relyingParty,
  SERVICE,
  signIn,
  startFranceConnect,
  userOf,
} from './support.js';

const SUB = /^[0-9a-f]{64}v1$/;

describe('sign-in with openid-client configured as the BFF', () => {
  let fc: RunningMockFranceConnect;
  let config: client.Configuration;
  const rs256 = {
    ...demoClient('http://127.0.0.1:4998'),
    client_id: 'rs256-service',
    id_token_signed_response_alg: 'RS256' as const,
    userinfo_signed_response_alg: 'RS256' as const,
  };

  before(async () => {
    fc = await startFranceConnect({ clients: [SERVICE, rs256] });
    config = await relyingParty(fc);
  });
  after(() => fc.close());

  it('goes through the identity-provider choice, the login form and consent, then completes the code flow', async () => {
    const { tokens, departure, attempt } = await signIn(fc, config);
    assert.deepEqual(departure.screens, ['identity-provider', 'login', 'consent']);
    assert.equal(departure.url.origin + departure.url.pathname, SERVICE.redirect_uris[0]);
    assert.equal(departure.params.get('iss'), fc.issuer);
    assert.equal(departure.params.get('state'), attempt.state);
    assert.equal(tokens.token_type.toLowerCase(), 'bearer');
    assert.equal(tokens.expires_in, 60);
    assert.equal(tokens.refresh_token, undefined, 'FranceConnect issues no refresh token');
  });

  it('signs the ID token with ES256, with acr eidas1, a pairwise sub and no amr unless asked', async () => {
    const { tokens } = await signIn(fc, config);
    const idToken = tokens.id_token ?? '';
    assert.equal(decodeHeader(idToken).alg, 'ES256');
    const claims = tokens.claims();
    assert.ok(claims);
    assert.equal(claims.acr, 'eidas1');
    assert.match(claims.sub, SUB);
    assert.equal(claims.amr, undefined);
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 60, 'ID token lives 60 s');
    assert.equal(claims.given_name, undefined, 'identity claims come from userinfo only');
  });

  it('adds amr when the claims parameter asks for it', async () => {
    const { tokens } = await signIn(fc, config, {
      parameters: { claims: JSON.stringify({ id_token: { amr: { essential: true } } }) },
    });
    assert.deepEqual(tokens.claims()?.amr, ['pwd']);
  });

  it('returns userinfo as an ES256-signed JWT whose signature openid-client verifies', async () => {
    const { tokens } = await signIn(fc, config);
    const response = await fetch(`${fc.issuer}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/jwt');
    assert.equal(decodeHeader(await response.text()).alg, 'ES256');

    const sub = tokens.claims()?.sub ?? '';
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, sub);
    assert.equal(userinfo.sub, sub);
    assert.equal(userinfo.given_name, 'Marie Anne');
    assert.deepEqual(userinfo.given_name_array, ['Marie', 'Anne']);
    assert.equal(userinfo.family_name, 'DUPUIS');
    assert.equal(userinfo.birthdate, '1980-04-12');
    assert.equal(userinfo.gender, 'female');
    assert.equal(userinfo.birthplace, '75112');
    assert.equal(userinfo.birthcountry, '99100');
    assert.equal(userinfo.email, 'marie.dupuis@example.com');
    assert.equal(userinfo.preferred_username, '');
  });

  it('rejects a tampered userinfo signature (the signature is real)', async () => {
    const { tokens } = await signIn(fc, config);
    const tampering = await relyingParty(fc);
    tampering[client.customFetch] = async (url, options) => {
      const response = await fetch(url, options as RequestInit);
      if (!String(url).endsWith('/userinfo')) return response;
      const jwt = await response.text();
      const forged = `${jwt.slice(0, -4)}${jwt.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
      return new Response(forged, { status: 200, headers: response.headers });
    };
    await assert.rejects(
      client.fetchUserInfo(tampering, tokens.access_token, tokens.claims()?.sub ?? ''),
      (error: unknown) =>
        error instanceof client.ClientError &&
        /signature verification failed/.test((error.cause as Error).message),
    );
  });

  it('gives a sub stable for one identity and one service, different between identities and services', async () => {
    const first = (await signIn(fc, config)).tokens.claims()?.sub;
    const again = (await signIn(fc, config)).tokens.claims()?.sub;
    const other = (await signIn(fc, config, { login: 'nom_usage' })).tokens.claims()?.sub;
    const rsConfig = await relyingParty(fc, rs256);
    const attempt = authorization(rsConfig, {}, rs256.redirect_uris[0]);
    const departure = await userOf(fc).signIn(attempt.url);
    const elsewhere = (
      await client.authorizationCodeGrant(rsConfig, departure.url, {
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
      })
    ).claims()?.sub;
    assert.equal(first, again);
    assert.notEqual(first, other);
    assert.notEqual(first, elsewhere);
    for (const sub of [first, other, elsewhere]) assert.match(sub ?? '', SUB);
  });

  it('signs ID token and userinfo with RS256 for a client registered so', async () => {
    const rsConfig = await relyingParty(fc, rs256);
    const attempt = authorization(rsConfig, {}, rs256.redirect_uris[0]);
    const departure = await userOf(fc).signIn(attempt.url);
    const tokens = await client.authorizationCodeGrant(rsConfig, departure.url, {
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    assert.equal(decodeHeader(tokens.id_token ?? '').alg, 'RS256');
    const response = await fetch(`${fc.issuer}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(decodeHeader(await response.text()).alg, 'RS256');
    const userinfo = await client.fetchUserInfo(rsConfig, tokens.access_token, tokens.claims()?.sub ?? '');
    assert.equal(userinfo.family_name, 'DUPUIS');
  });

  it('refuses client_secret_basic at the token endpoint', async () => {
    const attempt = authorization(config);
    const departure = await userOf(fc).signIn(attempt.url);
    const response = await fetch(`${fc.issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${SERVICE.client_id}:${SERVICE.client_secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: departure.params.get('code') ?? '',
        redirect_uri: SERVICE.redirect_uris[0] ?? '',
      }),
    });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_client');
  });

  it('refuses a wrong client secret', async () => {
    const wrong = await relyingParty(fc, { ...SERVICE, client_secret: 'x'.repeat(64) });
    const attempt = authorization(wrong);
    const departure = await userOf(fc).signIn(attempt.url);
    await assert.rejects(
      client.authorizationCodeGrant(wrong, departure.url, {
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
      }),
      (error: unknown) => error instanceof client.ResponseBodyError && error.error === 'invalid_client',
    );
  });

  it('sends the user back with access_denied when they choose « Revenir sur … »', async () => {
    for (const screen of ['identity-provider', 'login', 'consent'] as const) {
      const attempt = authorization(config);
      const departure = await userOf(fc).signIn(attempt.url, { cancelAt: screen });
      assert.equal(departure.params.get('error'), 'access_denied', screen);
      assert.ok(departure.params.get('error_description'), screen);
      assert.equal(departure.params.get('state'), attempt.state, screen);
      assert.equal(departure.params.get('iss'), fc.issuer, screen);
      assert.equal(departure.params.get('code'), null, screen);
    }
  });

  it('refuses the identity FranceConnect cannot confirm: access_denied after the credentials', async () => {
    const attempt = authorization(config);
    const departure = await userOf(fc).signIn(attempt.url, { login: 'identite_refusee' });
    assert.deepEqual(departure.screens, ['identity-provider', 'login']);
    assert.equal(departure.params.get('error'), 'access_denied');
    assert.equal(departure.params.get('state'), attempt.state);
    assert.equal(departure.params.get('iss'), fc.issuer);
  });

  it('shows the login form again with an error for a wrong password or an unknown login', async () => {
    const user = userOf(fc);
    await assert.rejects(user.signIn(authorization(config).url, { password: 'wrong' }), /login refused/);
    await assert.rejects(userOf(fc).signIn(authorization(config).url, { login: 'nobody' }), /login refused/);
  });

  it('refuses a code used twice', async () => {
    const attempt = authorization(config);
    const departure = await userOf(fc).signIn(attempt.url);
    const checks = { expectedState: attempt.state, expectedNonce: attempt.nonce, idTokenExpected: true };
    await client.authorizationCodeGrant(config, departure.url, checks);
    await assert.rejects(
      client.authorizationCodeGrant(config, departure.url, checks),
      (error: unknown) => error instanceof client.ResponseBodyError && error.error === 'invalid_grant',
    );
  });
});

describe('sign-in with private_key_jwt', () => {
  it('authenticates a client with its own key at the token endpoint', async () => {
    const { privateKey, publicKey } = await crypto.subtle.generateKey(
      { name: 'ECDSA', namedCurve: 'P-256' },
      true,
      ['sign', 'verify'],
    );
    const jwk = {
      ...(await crypto.subtle.exportKey('jwk', publicKey)),
      kid: 'service-key',
      alg: 'ES256',
      use: 'sig',
    };
    const registration = {
      ...demoClient('http://127.0.0.1:4997'),
      client_id: 'private-key-jwt-service',
      token_endpoint_auth_method: 'private_key_jwt' as const,
      jwks: { keys: [jwk] },
    };
    const fc = await startFranceConnect({ clients: [registration] });
    try {
      const config = await client.discovery(
        new URL(fc.issuer),
        registration.client_id,
        { id_token_signed_response_alg: 'ES256', userinfo_signed_response_alg: 'ES256' },
        client.PrivateKeyJwt({ key: privateKey, kid: 'service-key' }),
        // allowInsecureRequests: http on loopback, tests only.
        { execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks] },
      );
      const attempt = authorization(config, {}, registration.redirect_uris[0]);
      const departure = await new FranceConnectUser({ franceConnectUrl: fc.url }).signIn(attempt.url);
      const tokens = await client.authorizationCodeGrant(config, departure.url, {
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
      });
      assert.match(tokens.claims()?.sub ?? '', SUB);
    } finally {
      await fc.close();
    }
  });
});
