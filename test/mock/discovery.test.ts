import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import * as client from 'openid-client';
import { DATA_SCOPES, IDENTITY_SCOPE_CLAIMS } from '@franceconnect-kit/protocol';
import type { RunningMockFranceConnect } from '@franceconnect-kit/mock-franceconnect';
import {
  LOGOUT_CALLBACK,
  relyingParty,
  SERVICE,
  signIn,
  sleep,
  startFranceConnect,
  userOf,
} from './support.js';

describe('discovery, JWKS and pages', () => {
  let fc: RunningMockFranceConnect;
  let discovery: Record<string, unknown>;

  before(async () => {
    fc = await startFranceConnect();
    const response = await fetch(`${fc.issuer}/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    discovery = (await response.json()) as Record<string, unknown>;
  });
  after(() => fc.close());

  it('serves FranceConnect’s endpoints under /api/v2', () => {
    assert.match(fc.issuer, /^http:\/\/127\.0\.0\.1:\d+\/api\/v2$/);
    assert.equal(discovery.issuer, fc.issuer);
    assert.equal(discovery.authorization_endpoint, `${fc.issuer}/authorize`);
    assert.equal(discovery.token_endpoint, `${fc.issuer}/token`);
    assert.equal(discovery.userinfo_endpoint, `${fc.issuer}/userinfo`);
    assert.equal(discovery.end_session_endpoint, `${fc.issuer}/session/end`);
    assert.equal(discovery.jwks_uri, `${fc.issuer}/jwks`);
    assert.equal(discovery.revocation_endpoint, `${fc.issuer}/token/revocation`);
  });

  it('advertises what FranceConnect advertises', () => {
    assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
    assert.equal(discovery.authorization_response_iss_parameter_supported, true);
    assert.deepEqual(discovery.token_endpoint_auth_methods_supported, [
      'client_secret_post',
      'private_key_jwt',
    ]);
    assert.deepEqual(discovery.id_token_signing_alg_values_supported, ['ES256', 'RS256']);
    assert.deepEqual(discovery.userinfo_signing_alg_values_supported, ['ES256', 'RS256']);
    assert.deepEqual(discovery.acr_values_supported, ['eidas1']);
    assert.deepEqual(discovery.response_types_supported, ['code']);
    assert.deepEqual(discovery.grant_types_supported, ['authorization_code']);
    assert.deepEqual(discovery.subject_types_supported, ['pairwise']);
    assert.equal(discovery.claims_parameter_supported, true);
    assert.equal(discovery.pushed_authorization_request_endpoint, undefined);
    const scopes = new Set(discovery.scopes_supported as string[]);
    for (const scope of [...Object.keys(IDENTITY_SCOPE_CLAIMS), ...DATA_SCOPES])
      assert.ok(scopes.has(scope), scope);
    const claims = new Set(discovery.claims_supported as string[]);
    for (const claim of new Set(Object.values(IDENTITY_SCOPE_CLAIMS).flat()))
      assert.ok(claims.has(claim), claim);
    assert.ok(claims.has('acr') && claims.has('amr'));
  });

  it('publishes an ES256 and an RS256 public key with their kids, and nothing private', async () => {
    const jwks = (await (await fetch(`${fc.issuer}/jwks`)).json()) as {
      keys: Array<Record<string, unknown>>;
    };
    assert.deepEqual(
      jwks.keys.map((key) => [key.kid, key.alg, key.use]),
      [
        ['fc-local-dev-es256-1', 'ES256', 'sig'],
        ['fc-local-dev-rs256-1', 'RS256', 'sig'],
      ],
    );
    for (const key of jwks.keys) {
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(key[secret], undefined);
    }
  });

  it('has a home page in French and an error page for unknown paths', async () => {
    const home = await fetch(fc.url);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /<html lang="fr">[\s\S]*FranceConnect local[\s\S]*test/);
    const missing = await fetch(`${fc.url}/nowhere`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /Y000404/);
    assert.equal((await fetch(`${fc.issuer}/nowhere`)).status, 404);
  });
});

describe('fixed development keys', () => {
  it('survive a restart: an ID token from before still verifies and still logs out', async () => {
    const first = await startFranceConnect();
    const port = new URL(first.url).port;
    const user = userOf(first);
    const { tokens } = await signIn(first, await relyingParty(first), { user });
    const jwksBefore = (await (await fetch(`${first.issuer}/jwks`)).json()) as JSONWebKeySet;
    await first.close();
    await sleep(50); // lets this process's fetch notice that its keep-alive sockets were closed

    const second = await startFranceConnect({ port: Number(port) });
    try {
      const jwksAfter = (await (await fetch(`${second.issuer}/jwks`)).json()) as JSONWebKeySet;
      assert.deepEqual(jwksAfter, jwksBefore);
      const { payload } = await jwtVerify(tokens.id_token ?? '', createLocalJWKSet(jwksAfter), {
        issuer: second.issuer,
        audience: SERVICE.client_id,
      });
      assert.equal(payload.sub, tokens.claims()?.sub);

      const state = client.randomState();
      const url = new URL(`${second.issuer}/session/end`);
      url.search = new URLSearchParams({
        id_token_hint: tokens.id_token ?? '',
        state,
        post_logout_redirect_uri: LOGOUT_CALLBACK,
      }).toString();
      const departure = await user.signOut(url);
      assert.equal(departure.params.get('state'), state);
    } finally {
      await second.close();
    }
  });
});
