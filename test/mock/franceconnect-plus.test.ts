import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  compactDecrypt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JWK,
} from 'jose';
import * as client from 'openid-client';
import {
  demoPlusClient,
  startMockFranceConnect,
  type MockClient,
  type RunningMockFranceConnect,
} from '@franceconnect-kit/mock-franceconnect';
import { FranceConnectUser } from '../helpers/franceconnect-user.js';
import { freePort } from '../helpers/processes.js';
import { authorizeUrl, CALLBACK, decodePayload, IDENTITY_SCOPE, SERVICE_URL } from './support.js';

// The local FranceConnect as FranceConnect+ (franceconnect.md §1.2, §2, §3.3, §3.4): its own issuer,
// acr eidas2/eidas3 only (eidas1: invalid_acr), ES256 signatures, ID token and userinfo encrypted to
// the client's jwks_uri (A256GCM), a verification code after the password, amr, the identity
// provider's identity, its own error code, its sentence and help link on its screens.

describe('the local FranceConnect+', () => {
  let plus: RunningMockFranceConnect;
  let keys: Server;
  let privateKey: CryptoKey;
  let publicJwk: JWK;
  let registration: MockClient;

  before(async () => {
    const pair = await generateKeyPair('ECDH-ES', { extractable: true });
    privateKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'service-key', alg: 'ECDH-ES', use: 'enc' };
    const port = await freePort();
    keys = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => keys.listen(port, '127.0.0.1', resolve));
    registration = { ...demoPlusClient(SERVICE_URL), jwks_uri: `http://127.0.0.1:${port}/jwks` };
    plus = await startMockFranceConnect({ port: 0, platform: 'franceconnect-plus', clients: [registration] });
  });
  after(async () => {
    await plus.close();
    await new Promise<void>((resolve) => keys.close(() => resolve()));
  });

  async function relyingParty(): Promise<client.Configuration> {
    const config = await client.discovery(
      new URL(plus.issuer),
      registration.client_id,
      {
        client_secret: registration.client_secret,
        id_token_signed_response_alg: 'ES256',
        userinfo_signed_response_alg: 'ES256',
      },
      client.ClientSecretPost(registration.client_secret),
      { execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks] },
    );
    client.enableDecryptingResponses(config, ['A256GCM'], {
      key: privateKey,
      kid: 'service-key',
      alg: 'ECDH-ES',
    });
    return config;
  }

  /** Signs in as `login` through the screens and exchanges the code, the raw answers kept. */
  async function signIn(parameters: Record<string, string> = {}, login = 'test') {
    const config = await relyingParty();
    let rawIdToken = '';
    let rawUserinfo = '';
    config[client.customFetch] = async (url, options) => {
      const response = await fetch(url, options as RequestInit);
      if (url.endsWith('/token'))
        rawIdToken = ((await response.clone().json()) as { id_token: string }).id_token;
      if (url.endsWith('/userinfo')) rawUserinfo = await response.clone().text();
      return response;
    };
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: IDENTITY_SCOPE,
      state,
      nonce,
      claims: JSON.stringify({ id_token: { amr: { essential: true } } }),
      ...parameters,
    });
    const departure = await new FranceConnectUser({ franceConnectUrl: plus.url }).signIn(url, { login });
    const tokens = await client.authorizationCodeGrant(config, departure.url, {
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    assert.ok(claims);
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    return { departure, claims, userinfo, rawIdToken, rawUserinfo };
  }

  it('publishes FranceConnect+’s metadata: eidas2 and eidas3, ES256, encryption with A256GCM', async () => {
    const metadata = (await (
      await fetch(`${plus.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    assert.equal(metadata.issuer, plus.issuer);
    assert.deepEqual(metadata.acr_values_supported, ['eidas2', 'eidas3']);
    assert.deepEqual(metadata.id_token_signing_alg_values_supported, ['ES256']);
    assert.deepEqual(metadata.userinfo_signing_alg_values_supported, ['ES256']);
    for (const part of ['id_token', 'userinfo']) {
      const algorithms = metadata[`${part}_encryption_alg_values_supported`] as string[];
      assert.ok(algorithms.includes('RSA-OAEP') && algorithms.includes('ECDH-ES'), part);
      assert.deepEqual(metadata[`${part}_encryption_enc_values_supported`], ['A256GCM']);
    }
    const jwks = (await (await fetch(String(metadata.jwks_uri))).json()) as { keys: JWK[] };
    assert.ok(jwks.keys.length > 0);
    assert.ok(jwks.keys.every((key) => key.alg === 'ES256'));
  });

  it('encrypts the ID token and userinfo to the client’s key, signed ES256 inside, amr included', async () => {
    const { departure, claims, userinfo, rawIdToken, rawUserinfo } = await signIn({ acr_values: 'eidas2' });
    assert.deepEqual(departure.screens, ['identity-provider', 'login', 'second-factor', 'consent']);
    for (const jwe of [rawIdToken, rawUserinfo]) {
      assert.equal(jwe.split('.').length, 5);
      const header = decodeProtectedHeader(jwe);
      assert.deepEqual(
        { alg: header.alg, enc: header.enc, kid: header.kid },
        {
          alg: 'ECDH-ES',
          enc: 'A256GCM',
          kid: 'service-key',
        },
      );
      const { plaintext } = await compactDecrypt(jwe, privateKey);
      const jws = new TextDecoder().decode(plaintext);
      assert.equal(decodeProtectedHeader(jws).alg, 'ES256');
    }
    assert.equal(claims.iss, plus.issuer);
    assert.equal(claims.acr, 'eidas2');
    assert.deepEqual(claims.amr, ['pwd', 'pop', 'mfa']);
    assert.equal(userinfo.family_name, 'DUPUIS');
    assert.equal('given_name_array' in userinfo, false);
  });

  it('picks the lowest level asked, eidas3 when none', async () => {
    assert.equal((await signIn({ acr_values: 'eidas3 eidas2' })).claims.acr, 'eidas2');
    assert.equal((await signIn({ acr_values: 'eidas3' })).claims.acr, 'eidas3');
    assert.equal((await signIn()).claims.acr, 'eidas3');
  });

  it('refuses eidas1 with invalid_acr, back at the service', async () => {
    const state = client.randomState();
    const response = await fetch(
      authorizeUrl(plus, {
        response_type: 'code',
        client_id: registration.client_id,
        redirect_uri: CALLBACK,
        scope: IDENTITY_SCOPE,
        acr_values: 'eidas1',
        state,
        nonce: client.randomNonce(),
      }),
      { redirect: 'manual' },
    );
    const location = new URL(response.headers.get('location') ?? '');
    assert.equal(`${location.origin}${location.pathname}`, CALLBACK);
    assert.equal(location.searchParams.get('error'), 'invalid_acr');
    assert.equal(location.searchParams.get('state'), state);
  });

  it('sends the identity provider’s identity: a presumed birth date keeps its 00', async () => {
    const { userinfo } = await signIn({}, 'date_presumee');
    assert.equal(userinfo.birthdate, '1992-00-00');
    assert.equal('idp_birthdate' in userinfo, false);
  });

  it('shows FranceConnect+’s sentence and help link on its screens', async () => {
    const html = await (await fetch(plus.url)).text();
    assert.match(html, /<main data-screen="home" data-platform="franceconnect-plus">/);
    assert.ok(
      html.includes(
        'FranceConnect+ est la solution proposée par l’État pour renforcer la sécurité de vos services en ligne les plus sensibles.',
      ),
    );
    assert.match(
      html,
      /<a\s+href="https:\/\/franceconnect.gouv.fr\/france-connect-plus"\s+target="_blank"\s+rel="noopener"\s+title="Qu’est-ce que FranceConnect\+ \? - nouvelle fenêtre"\s*>Qu’est-ce que FranceConnect\+ \?<\/a/,
    );
  });

  it('answers its own error code (Y150001) for a verification step outside a sign-in', async () => {
    const config = await relyingParty();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: IDENTITY_SCOPE,
      state: client.randomState(),
      nonce: client.randomNonce(),
    });
    const user = new FranceConnectUser({ franceConnectUrl: plus.url });
    const { url: screen } = await user.navigate(url);
    const uid = /\/interaction\/([\w-]+)/.exec(screen.pathname)?.[1];
    assert.ok(uid, screen.href);
    // The code step before the password step: no verification is pending.
    const response = await user.fetch(`${plus.url}/interaction/${uid}/second-factor`);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /id="error-code">Y150001</);
  });

  it('refuses to start with a client that publishes no encryption key, or signs RS256', async () => {
    const { jwks_uri: _jwks, ...withoutKeys } = registration;
    await assert.rejects(
      startMockFranceConnect({ port: 0, platform: 'franceconnect-plus', clients: [withoutKeys] }),
      /clients\[0\]: jwks_uri is required/,
    );
    await assert.rejects(
      startMockFranceConnect({
        port: 0,
        platform: 'franceconnect-plus',
        clients: [{ ...registration, id_token_signed_response_alg: 'RS256' }],
      }),
      /ES256 only/,
    );
  });

  it('keeps FranceConnect+’s payload claims the service asked for', async () => {
    const { rawIdToken } = await signIn();
    const { plaintext } = await compactDecrypt(rawIdToken, privateKey);
    const payload = decodePayload(new TextDecoder().decode(plaintext));
    assert.equal(payload.aud, registration.client_id);
    assert.equal(typeof payload.auth_time, 'number');
  });
});
