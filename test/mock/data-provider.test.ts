import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DEMO_DATA_PROVIDER,
  QUOTIENT_FAMILIAL_PATH,
  dataRecordOf,
  loadIdentities,
  startDataProvider,
  type RunningDataProvider,
  type RunningMockFranceConnect,
} from '@franceconnect-kit/mock-franceconnect';
import { DATA_API_NAMES, dataSchemaOf, type DataApiName } from '@franceconnect-kit/protocol';
import { IDENTITY_SCOPE, relyingParty, signIn, sleep, startFranceConnect } from './support.js';

// The local data provider against API Particulier v3's documentation (its OpenAPI, in
// etalab/admin_api_entreprise `config/api-particulier-openapi-v3.yml`): one FranceConnect endpoint per
// API, `{ data, links, meta }`, the fields the token's scopes open, and its error model.

const DINUM = '13002526500013';
const ALL_CNAF = 'cnaf_quotient_familial cnaf_allocataires cnaf_enfants cnaf_adresse';

/**
 * Each API as API Particulier documents it: its path, a FranceConnect scope of its, a person the
 * provider has a record for, and the provider named in its errors with the prefix of their codes.
 */
const APIS: Record<
  DataApiName,
  { path: string; scope: string; login: string; provider: string; prefix: string }
> = {
  quotient_familial: {
    path: '/v3/dss/quotient_familial/france_connect',
    scope: 'cnaf_quotient_familial',
    login: 'test',
    provider: 'CNAF & MSA',
    prefix: '35',
  },
  statut_etudiant: {
    path: '/v3/mesri/statut_etudiant/france_connect',
    scope: 'mesri_admissions',
    login: 'etudiante',
    provider: 'MESRI',
    prefix: '25',
  },
  statut_etudiant_boursier: {
    path: '/v3/cnous/etudiant_boursier/france_connect',
    scope: 'cnous_statut_boursier',
    login: 'etudiant_boursier',
    provider: 'CNOUS',
    prefix: '26',
  },
  complementaire_sante_solidaire: {
    path: '/v3/dss/complementaire_sante_solidaire/france_connect',
    scope: 'complementaire_sante_solidaire',
    login: 'beneficiaire_css',
    provider: 'RNCPS',
    prefix: '40',
  },
  allocation_adulte_handicape: {
    path: '/v3/dss/allocation_adulte_handicape/france_connect',
    scope: 'allocation_adulte_handicape',
    login: 'nom_usage',
    provider: 'CNAF & MSA',
    prefix: '35',
  },
  allocation_soutien_familial: {
    path: '/v3/dss/allocation_soutien_familial/france_connect',
    scope: 'allocation_soutien_familial',
    login: 'beneficiaire_css',
    provider: 'CNAF & MSA',
    prefix: '35',
  },
  prime_activite: {
    path: '/v3/dss/prime_activite/france_connect',
    scope: 'prime_activite',
    login: 'test',
    provider: 'CNAF & MSA',
    prefix: '35',
  },
  revenu_solidarite_active: {
    path: '/v3/dss/revenu_solidarite_active/france_connect',
    scope: 'revenu_solidarite_active',
    login: 'beneficiaire_css',
    provider: 'CNAF & MSA',
    prefix: '35',
  },
  service_civique: {
    path: '/v3/gip_mds/service_civique/france_connect',
    scope: 'gip_mds_service_civique_statut_passe',
    login: 'etudiant_boursier',
    provider: 'GIP-MDS',
    prefix: '31',
  },
  service_national: {
    path: '/v3/dsnj/service_national/france_connect',
    scope: 'dsnj_statut_service_national',
    login: 'etudiante',
    provider: 'DSNJ',
    prefix: '39',
  },
};

/** Every data scope of FranceConnect that API Particulier's FranceConnect endpoints serve. */
const EVERY_SCOPE = [
  ALL_CNAF,
  'mesri_admissions mesri_admission_inscrit mesri_admission_regime_formation mesri_admission_commune_etudes mesri_admission_etablissement_etude',
  'cnous_statut_boursier cnous_echelon_bourse cnous_email cnous_periode_versement cnous_ville_etudes',
  'complementaire_sante_solidaire allocation_adulte_handicape allocation_soutien_familial',
  'prime_activite prime_activite_majoration revenu_solidarite_active revenu_solidarite_active_majoration',
  'gip_mds_service_civique_statut_actuel gip_mds_service_civique_statut_passe gip_mds_service_civique_organisme_accueil gip_mds_service_civique_dates',
  'dsnj_statut_service_national',
].join(' ');

interface ApiError {
  code: string;
  title: string;
  detail: string;
  source: { parameter: string } | null;
  meta: Record<string, unknown>;
}

const records = loadIdentities();
const recordOf = (login: string, api: DataApiName) => {
  const identity = records.find((candidate) => candidate.login === login);
  assert.ok(identity, login);
  return dataRecordOf(identity, api);
};

describe('the data provider (API Particulier v3 in FranceConnect mode)', () => {
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

  async function call(
    path: string,
    token: string | undefined,
    recipient: string | null = DINUM,
  ): Promise<Response> {
    const url = new URL(path, dp.url);
    if (recipient !== null) url.searchParams.set('recipient', recipient);
    return fetch(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  }

  async function assertError(response: Response, status: number): Promise<ApiError> {
    assert.equal(response.status, status);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await response.json()) as { errors: ApiError[] };
    assert.deepEqual(Object.keys(body), ['errors']);
    assert.equal(body.errors.length, 1);
    const [error] = body.errors;
    assert.ok(error);
    assert.deepEqual(Object.keys(error).sort(), ['code', 'detail', 'meta', 'source', 'title']);
    assert.match(error.code, /^\d{5}$/);
    assert.ok(error.title && error.detail);
    return error;
  }

  it('has one FranceConnect endpoint per API of the catalogue, at API Particulier’s paths', () => {
    assert.deepEqual([...DATA_API_NAMES].sort(), Object.keys(APIS).sort());
  });

  for (const [api, { path, login }] of Object.entries(APIS) as Array<
    [DataApiName, (typeof APIS)[DataApiName]]
  >) {
    it(`${api}: answers { data, links, meta } with the person’s record, in the catalogue’s shape`, async () => {
      const response = await call(path, await accessToken(login, EVERY_SCOPE));
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      const body = (await response.json()) as { data: Record<string, unknown>; links: object; meta: object };
      assert.deepEqual(Object.keys(body), ['data', 'links', 'meta']);
      assert.deepEqual(body.links, {});
      assert.deepEqual(body.meta, {});
      assert.deepEqual(body.data, recordOf(login, api));
      assert.ok(dataSchemaOf(api, 'complete').safeParse(body.data).success);
    });
  }

  it('gives only what the token’s scopes open, nested fields included', async () => {
    const onlyQuotient = (await (
      await call(QUOTIENT_FAMILIAL_PATH, await accessToken('test', 'cnaf_quotient_familial'))
    ).json()) as { data: object };
    assert.deepEqual(Object.keys(onlyQuotient.data), ['quotient_familial']);
    const children = (await (
      await call(QUOTIENT_FAMILIAL_PATH, await accessToken('ne_a_l_etranger', 'cnaf_enfants cnaf_adresse'))
    ).json()) as { data: { enfants: unknown[] } };
    assert.deepEqual(Object.keys(children.data).sort(), ['adresse', 'enfants']);
    assert.equal(children.data.enfants.length, 3);

    // API Particulier's serializers: each admission's dates come with mesri_admissions, the rest with its own scope.
    const admissions = (await (
      await call(
        APIS.statut_etudiant.path,
        await accessToken('etudiante', 'mesri_admissions mesri_admission_inscrit'),
      )
    ).json()) as { data: unknown };
    assert.deepEqual(admissions.data, {
      admissions: [{ date_debut: '2026-09-01', date_fin: '2027-08-31', est_inscrit: true }],
    });
    const civique = (await (
      await call(
        APIS.service_civique.path,
        await accessToken(
          'etudiant_boursier',
          'gip_mds_service_civique_statut_passe gip_mds_service_civique_dates',
        ),
      )
    ).json()) as { data: unknown };
    assert.deepEqual(civique.data, {
      statut_passe: {
        contrat_trouve: true,
        date_debut_contrat: '2024-10-01',
        date_fin_contrat: '2025-05-31',
      },
    });
    const bourse = (await (
      await call(
        APIS.statut_etudiant_boursier.path,
        await accessToken('etudiant_boursier', 'cnous_statut_boursier cnous_echelon_bourse'),
      )
    ).json()) as { data: unknown };
    assert.deepEqual(bourse.data, {
      est_boursier: true,
      echelon_bourse: { echelon: '5', echelon_bourse_regionale_provisoire: false },
    });
  });

  it('finds people born abroad with a presumed birth date by their pivot identity', async () => {
    const response = await call(
      QUOTIENT_FAMILIAL_PATH,
      await accessToken('date_presumee_jour', 'cnaf_quotient_familial'),
    );
    assert.equal(response.status, 200);
  });

  it('401 (00101): without a bearer token, with an unknown one, or another scheme', async () => {
    for (const { path } of Object.values(APIS)) {
      const absent = await call(path, undefined);
      assert.equal(absent.headers.get('www-authenticate'), 'Bearer');
      const error = await assertError(absent, 401);
      assert.equal(error.code, '00101');
      assert.deepEqual(error.source, { parameter: 'token' });
      assert.equal((await assertError(await call(path, 'forged-token'), 401)).code, '00101');
    }
    const basic = await fetch(new URL(`${QUOTIENT_FAMILIAL_PATH}?recipient=${DINUM}`, dp.url), {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    await assertError(basic, 401);
  });

  it('403 (00100): a token without any of the API’s scopes', async () => {
    const cnafOnly = await accessToken('etudiant_boursier', ALL_CNAF);
    for (const api of ['statut_etudiant', 'statut_etudiant_boursier', 'service_national'] as const) {
      const error = await assertError(await call(APIS[api].path, cnafOnly), 403);
      assert.equal(error.code, '00100');
    }
    await assertError(await call(QUOTIENT_FAMILIAL_PATH, await accessToken('test', '')), 403);
  });

  it('404 (XX003): no record for this person, with the provider’s own code', async () => {
    const token = await accessToken('nom_compose', EVERY_SCOPE);
    for (const { path, provider, prefix } of Object.values(APIS)) {
      const error = await assertError(await call(path, token), 404);
      assert.equal(error.code, `${prefix}003`, path);
      assert.deepEqual(error.meta, { provider });
    }
  });

  it('422 (00203, 00210): recipient missing or not a valid SIRET, naming the parameter', async () => {
    const token = await accessToken('test', 'cnaf_quotient_familial');
    for (const [recipient, code] of [
      [null, '00203'],
      ['', '00203'],
      ['1300252650001', '00210'],
      ['13002526500014', '00210'],
      ['1300252650001a', '00210'],
      ['35600000000013', '00210'],
    ] as const) {
      const error = await assertError(await call(QUOTIENT_FAMILIAL_PATH, token, recipient), 422);
      assert.equal(error.code, code, String(recipient));
      assert.deepEqual(error.source, { parameter: 'recipient' }, String(recipient));
      assert.match(error.detail, /recipient/);
    }
  });

  it('accepts La Poste’s establishments, numbered by their own rule', async () => {
    const token = await accessToken('test', 'cnaf_quotient_familial');
    assert.equal((await call(QUOTIENT_FAMILIAL_PATH, token, '35600000049837')).status, 200);
  });

  it('409 (00015), 429 (00429) with Retry-After, 503 (XX001): answers a test forces, for one API', async () => {
    const token = await accessToken('etudiant_boursier', EVERY_SCOPE);
    dp.forceNext({ api: 'statut_etudiant', status: 409 });
    // Forced for statut_etudiant only: another API answers normally meanwhile.
    assert.equal((await call(APIS.statut_etudiant_boursier.path, token)).status, 200);
    assert.equal((await assertError(await call(APIS.statut_etudiant.path, token), 409)).code, '00015');
    assert.equal((await call(APIS.statut_etudiant.path, token)).status, 200, 'once only');

    dp.forceNext({ status: 429, retryAfter: 42 });
    const limited = await call(APIS.statut_etudiant_boursier.path, token);
    assert.equal(limited.headers.get('retry-after'), '42');
    assert.equal(limited.headers.get('ratelimit-remaining'), '0');
    assert.equal((await assertError(limited, 429)).code, '00429');

    dp.forceNext({ status: 503, times: 2 });
    for (const api of ['statut_etudiant_boursier', 'service_civique'] as const) {
      const error = await assertError(await call(APIS[api].path, token), 503);
      assert.equal(error.code, `${APIS[api].prefix}001`);
      assert.deepEqual(error.meta, { provider: APIS[api].provider });
    }
    assert.equal((await call(APIS.service_civique.path, token)).status, 200);
  });

  it('503 for every API for the test identity whose provider is unavailable', async () => {
    const token = await accessToken('fournisseur_indisponible', EVERY_SCOPE);
    for (const { path, prefix } of Object.values(APIS)) {
      assert.equal((await assertError(await call(path, token), 503)).code, `${prefix}001`);
    }
  });

  it('keeps a journal of what it received, without the token or the data', async () => {
    const since = Date.now();
    const token = await accessToken('test', 'cnaf_quotient_familial');
    await (await call(QUOTIENT_FAMILIAL_PATH, token)).body?.cancel();
    await (await call(QUOTIENT_FAMILIAL_PATH, undefined)).body?.cancel();
    const journal = dp.received.filter((request) => request.at >= since);
    assert.deepEqual(
      journal.map(({ api, token: state, status, recipient, scopes }) => ({
        api,
        state,
        status,
        recipient,
        scopes,
      })),
      [
        {
          api: 'quotient_familial',
          state: 'active',
          status: 200,
          recipient: DINUM,
          scopes: ['cnaf_quotient_familial'],
        },
        { api: 'quotient_familial', state: 'absent', status: 401, recipient: DINUM, scopes: undefined },
      ],
    );
    assert.ok(!JSON.stringify(journal).includes(token));
    assert.ok(!JSON.stringify(journal).includes('valeur'));
  });

  it('answers 404 for any other path, 405 for another method', async () => {
    await assertError(await fetch(new URL('/v3/dss/unknown', dp.url)), 404);
    const post = await fetch(new URL(QUOTIENT_FAMILIAL_PATH, dp.url), { method: 'POST' });
    assert.equal(post.status, 405);
    await post.body?.cancel();
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
      assert.deepEqual(
        dp.received.map((request) => request.token),
        ['active', 'inactive'],
      );
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
