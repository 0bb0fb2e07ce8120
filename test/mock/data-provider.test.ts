import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DEMO_DATA_PROVIDER,
  QUOTIENT_FAMILIAL_PATH,
  startDataProvider,
  type RunningDataProvider,
  type RunningMockFranceConnect,
} from '@franceconnect-kit/mock-franceconnect';
import { IDENTITY_SCOPE, relyingParty, signIn, sleep, startFranceConnect } from './support.js';

const DINUM = '13002526500013';
const ALL_CNAF = 'cnaf_quotient_familial cnaf_allocataires cnaf_enfants cnaf_adresse';

interface ApiErrors {
  errors: Array<{ code: string; title: string; detail: string; source: unknown; meta: unknown }>;
}

describe('the data provider (API Particulier in FranceConnect mode)', () => {
  let fc: RunningMockFranceConnect;
  let dp: RunningDataProvider;

  before(async () => {
    fc = await startFranceConnect();
    dp = await startDataProvider({
      port: 0,
      issuer: fc.issuer,
      client_id: DEMO_DATA_PROVIDER.client_id,
      client_secret: DEMO_DATA_PROVIDER.client_secret,
    });
  });
  after(async () => {
    await dp.close();
    await fc.close();
  });

  async function accessToken(login: string, dataScopes: string): Promise<string> {
    const { tokens } = await signIn(fc, await relyingParty(fc), {
      login,
      parameters: { scope: `${IDENTITY_SCOPE} ${dataScopes}`.trim() },
    });
    return tokens.access_token;
  }

  async function quotientFamilial(
    token: string | undefined,
    recipient: string | null = DINUM,
  ): Promise<Response> {
    const url = new URL(QUOTIENT_FAMILIAL_PATH, dp.url);
    if (recipient !== null) url.searchParams.set('recipient', recipient);
    return fetch(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  }

  async function assertError(response: Response, status: number): Promise<ApiErrors['errors'][number]> {
    assert.equal(response.status, status);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await response.json()) as ApiErrors;
    assert.equal(body.errors.length, 1);
    const [error] = body.errors;
    assert.ok(error?.title && error.detail && error.code);
    return error;
  }

  it('answers the family quotient, beneficiaries, children and address for a token with every CNAF scope', async () => {
    const response = await quotientFamilial(await accessToken('test', ALL_CNAF));
    assert.equal(response.status, 200);
    const body = (await response.json()) as { data: Record<string, unknown>; links: object; meta: object };
    assert.deepEqual(Object.keys(body.data).sort(), [
      'adresse',
      'allocataires',
      'enfants',
      'quotient_familial',
    ]);
    assert.deepEqual(body.data.quotient_familial, {
      fournisseur: 'CNAF',
      valeur: 812,
      annee: 2026,
      mois: 9,
      annee_calcul: 2026,
      mois_calcul: 10,
    });
    assert.equal((body.data.enfants as unknown[]).length, 2);
    assert.deepEqual(body.links, {});
    assert.deepEqual(body.meta, {});
  });

  it('gives only what the token’s scopes allow', async () => {
    const onlyQuotient = (await (
      await quotientFamilial(await accessToken('test', 'cnaf_quotient_familial'))
    ).json()) as {
      data: object;
    };
    assert.deepEqual(Object.keys(onlyQuotient.data), ['quotient_familial']);
    const children = (await (
      await quotientFamilial(await accessToken('ne_a_l_etranger', 'cnaf_enfants cnaf_adresse'))
    ).json()) as {
      data: { enfants: unknown[] };
    };
    assert.deepEqual(Object.keys(children.data).sort(), ['adresse', 'enfants']);
    assert.equal(children.data.enfants.length, 3);
  });

  it('finds people born abroad with a presumed birth date by their pivot identity', async () => {
    const response = await quotientFamilial(
      await accessToken('date_presumee_jour', 'cnaf_quotient_familial'),
    );
    assert.equal(response.status, 200);
  });

  it('answers 401 without a bearer token, or with an unknown one', async () => {
    assert.equal((await quotientFamilial(undefined)).headers.get('www-authenticate'), 'Bearer');
    await assertError(await quotientFamilial(undefined), 401);
    await assertError(await quotientFamilial('forged-token'), 401);
    const basic = await fetch(new URL(`${QUOTIENT_FAMILIAL_PATH}?recipient=${DINUM}`, dp.url), {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    await assertError(basic, 401);
  });

  it('answers 403 when the token carries none of the CNAF scopes', async () => {
    await assertError(await quotientFamilial(await accessToken('test', '')), 403);
  });

  it('answers 400 when recipient is not a valid SIRET, naming the parameter', async () => {
    const token = await accessToken('test', 'cnaf_quotient_familial');
    for (const recipient of [
      null,
      '',
      '1300252650001',
      '13002526500014',
      '1300252650001a',
      '35600000000013',
    ]) {
      const error = await assertError(await quotientFamilial(token, recipient), 400);
      assert.deepEqual(error.source, { parameter: 'recipient' }, String(recipient));
      assert.match(error.detail, /recipient/);
    }
  });

  it('accepts La Poste’s establishments, numbered by their own rule', async () => {
    const token = await accessToken('test', 'cnaf_quotient_familial');
    assert.equal((await quotientFamilial(token, '35600000049837')).status, 200);
  });

  it('answers 404 for a person without any CAF record', async () => {
    const error = await assertError(await quotientFamilial(await accessToken('nom_compose', ALL_CNAF)), 404);
    assert.equal(error.code, '37003');
  });

  it('answers 404 for any other path', async () => {
    await assertError(await fetch(new URL('/v3/dss/unknown', dp.url)), 404);
  });
});

describe('the data provider once the FranceConnect token expired', () => {
  it('answers 401 (tokens live 60 s, shortened to 2 s here)', async () => {
    const fc = await startFranceConnect({ ttl: { accessToken: 2 } });
    const dp = await startDataProvider({
      port: 0,
      issuer: fc.issuer,
      client_id: DEMO_DATA_PROVIDER.client_id,
      client_secret: DEMO_DATA_PROVIDER.client_secret,
    });
    try {
      const { tokens } = await signIn(fc, await relyingParty(fc), {
        parameters: { scope: `${IDENTITY_SCOPE} cnaf_quotient_familial` },
      });
      const url = new URL(`${QUOTIENT_FAMILIAL_PATH}?recipient=${DINUM}`, dp.url);
      const headers = { authorization: `Bearer ${tokens.access_token}` };
      assert.equal((await fetch(url, { headers })).status, 200);
      await sleep(2100);
      assert.equal((await fetch(url, { headers })).status, 401);
    } finally {
      await dp.close();
      await fc.close();
    }
  });

  it('answers 502 when its own FranceConnect credentials are refused', async () => {
    const fc = await startFranceConnect();
    const dp = await startDataProvider({
      port: 0,
      issuer: fc.issuer,
      client_id: 'unknown',
      client_secret: 'x'.repeat(64),
    });
    const log = console.error;
    console.error = () => {};
    try {
      const { tokens } = await signIn(fc, await relyingParty(fc), {
        parameters: { scope: `${IDENTITY_SCOPE} cnaf_quotient_familial` },
      });
      const response = await fetch(new URL(`${QUOTIENT_FAMILIAL_PATH}?recipient=${DINUM}`, dp.url), {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      assert.equal(response.status, 502);
    } finally {
      console.error = log;
      await dp.close();
      await fc.close();
    }
  });
});
