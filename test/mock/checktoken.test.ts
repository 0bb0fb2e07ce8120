import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import {
  DEMO_DATA_PROVIDER,
  type DataProviderRegistration,
  type RunningMockFranceConnect,
} from '@franceconnect-kit/mock-franceconnect';
import {
  decodeHeader,
  IDENTITY_SCOPE,
  relyingParty,
  SERVICE,
  signIn,
  sleep,
  startFranceConnect,
} from './support.js';

const ADDRESS_ONLY: DataProviderRegistration = {
  client_id: 'address-provider',
  client_secret: 'a'.repeat(64),
  scopes: ['cnaf_adresse'],
  checktoken_signed_response_alg: 'RS256',
};

async function checktoken(
  fc: RunningMockFranceConnect,
  body: Record<string, string>,
  method = 'POST',
): Promise<Response> {
  return fetch(`${fc.issuer}/checktoken`, {
    method,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    ...(method === 'POST' ? { body: new URLSearchParams(body) } : {}),
  });
}

async function introspect(fc: RunningMockFranceConnect, token: string, provider = DEMO_DATA_PROVIDER) {
  const response = await checktoken(fc, {
    token,
    client_id: provider.client_id,
    client_secret: provider.client_secret,
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/token-introspection+jwt');
  const jwt = await response.text();
  const { payload, protectedHeader } = await jwtVerify(
    jwt,
    createRemoteJWKSet(new URL(`${fc.issuer}/jwks`)),
    {
      issuer: fc.issuer,
      audience: provider.client_id,
      typ: 'token-introspection+jwt',
    },
  );
  assert.equal(protectedHeader.alg, provider.checktoken_signed_response_alg ?? 'ES256');
  return payload as { iss: string; aud: string; iat: number; token_introspection: Record<string, unknown> };
}

describe('/checktoken for data providers', () => {
  let fc: RunningMockFranceConnect;

  before(async () => {
    fc = await startFranceConnect({ dataProviders: [DEMO_DATA_PROVIDER, ADDRESS_ONLY] });
  });
  after(() => fc.close());

  it('describes an active token in a signed JWT: pivot identity, a sub of its own, only its scopes', async () => {
    const config = await relyingParty(fc);
    const { tokens } = await signIn(fc, config, {
      parameters: { scope: `${IDENTITY_SCOPE} cnaf_quotient_familial cnaf_enfants` },
    });
    const payload = await introspect(fc, tokens.access_token);
    assert.equal(payload.iss, fc.issuer);
    assert.equal(payload.aud, DEMO_DATA_PROVIDER.client_id);
    assert.equal(typeof payload.iat, 'number');
    const introspection = payload.token_introspection;
    assert.equal(introspection.active, true);
    assert.equal(introspection.aud, SERVICE.client_id);
    assert.match(String(introspection.sub), /^[0-9a-f]{64}v1$/);
    assert.notEqual(introspection.sub, tokens.claims()?.sub, 'the data provider gets a sub of its own');
    assert.equal(introspection.acr, 'eidas1');
    assert.equal(typeof introspection.jti, 'string');
    assert.equal(Number(introspection.exp) - Number(introspection.iat), 60);
    assert.equal(introspection.scope, 'cnaf_quotient_familial cnaf_enfants');
    assert.deepEqual(
      {
        given_name: introspection.given_name,
        given_name_array: introspection.given_name_array,
        family_name: introspection.family_name,
        birthdate: introspection.birthdate,
        gender: introspection.gender,
        birthplace: introspection.birthplace,
        birthcountry: introspection.birthcountry,
      },
      {
        given_name: 'Marie Anne',
        given_name_array: ['Marie', 'Anne'],
        family_name: 'DUPUIS',
        birthdate: '1980-04-12',
        gender: 'female',
        birthplace: '75112',
        birthcountry: '99100',
      },
    );
    assert.equal(introspection.email, undefined, 'email is not part of the pivot identity');

    const again = await introspect(fc, (await signIn(fc, config)).tokens.access_token);
    assert.equal(
      again.token_introspection.sub,
      introspection.sub,
      'stable for one identity and one data provider',
    );
  });

  it('shows each data provider only the scopes it serves, signed with its algorithm', async () => {
    const { tokens } = await signIn(fc, await relyingParty(fc), {
      parameters: { scope: `${IDENTITY_SCOPE} cnaf_quotient_familial cnaf_adresse` },
    });
    const payload = await introspect(fc, tokens.access_token, ADDRESS_ONLY);
    assert.equal(payload.token_introspection.scope, 'cnaf_adresse');
    const demo = await introspect(fc, tokens.access_token);
    assert.equal(demo.token_introspection.scope, 'cnaf_quotient_familial cnaf_adresse');
    const { tokens: identityOnly } = await signIn(fc, await relyingParty(fc));
    assert.equal((await introspect(fc, identityOnly.access_token)).token_introspection.scope, '');
  });

  it('answers {active:false} for an unknown or revoked token', async () => {
    assert.deepEqual((await introspect(fc, 'not-a-token')).token_introspection, { active: false });

    const { tokens } = await signIn(fc, await relyingParty(fc));
    const revocation = await fetch(`${fc.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: tokens.access_token,
        client_id: SERVICE.client_id,
        client_secret: SERVICE.client_secret,
      }),
    });
    assert.equal(revocation.status, 200);
    assert.deepEqual((await introspect(fc, tokens.access_token)).token_introspection, { active: false });
  });

  it('answers 401 for wrong data provider credentials, or a service’s', async () => {
    const { tokens } = await signIn(fc, await relyingParty(fc));
    for (const [client_id, client_secret, description] of [
      [DEMO_DATA_PROVIDER.client_id, 'f'.repeat(64), 'Client authentication failed.'],
      ['unknown-provider', DEMO_DATA_PROVIDER.client_secret, 'Unknown client.'],
      [SERVICE.client_id, SERVICE.client_secret, 'Unknown client.'],
    ] as const) {
      const response = await checktoken(fc, { token: tokens.access_token, client_id, client_secret });
      assert.equal(response.status, 401, client_id);
      assert.deepEqual(await response.json(), { error: 'access_denied', error_description: description });
    }
  });

  it('answers 400 for a request without the three parameters, or with others', async () => {
    const good = {
      token: 't',
      client_id: DEMO_DATA_PROVIDER.client_id,
      client_secret: DEMO_DATA_PROVIDER.client_secret,
    };
    for (const body of [
      { ...good, token: '' },
      { client_id: good.client_id, client_secret: good.client_secret },
      { ...good, extra: 'x' },
    ]) {
      const response = await checktoken(fc, body);
      assert.equal(response.status, 400, JSON.stringify(Object.keys(body)));
      assert.equal(((await response.json()) as { error: string }).error, 'invalid_request');
    }
    assert.equal((await checktoken(fc, good, 'GET')).status, 405);
  });

  it('signs with the development ES256 key by default', async () => {
    const response = await checktoken(fc, {
      token: 'x',
      client_id: DEMO_DATA_PROVIDER.client_id,
      client_secret: DEMO_DATA_PROVIDER.client_secret,
    });
    assert.deepEqual(decodeHeader(await response.text()), {
      alg: 'ES256',
      kid: 'fc-local-dev-es256-1',
      typ: 'token-introspection+jwt',
    });
  });
});

describe('/checktoken once the access token expired', () => {
  it('answers {active:false} (60 s, shortened to 2 s here)', async () => {
    const fc = await startFranceConnect({ ttl: { accessToken: 2 } });
    try {
      const { tokens } = await signIn(fc, await relyingParty(fc), {
        parameters: { scope: `${IDENTITY_SCOPE} cnaf_quotient_familial` },
      });
      assert.equal((await introspect(fc, tokens.access_token)).token_introspection.active, true);
      await sleep(2100);
      assert.deepEqual((await introspect(fc, tokens.access_token)).token_introspection, { active: false });
    } finally {
      await fc.close();
    }
  });
});
