import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATA_FAILURE_MESSAGES, type DataFailureCode, type DataResponse } from '@franceconnect-kit/bff';
import {
  dataRecordOf,
  loadIdentities,
  type ProviderErrorStatus,
} from '@franceconnect-kit/mock-franceconnect';
import { DATA_API_NAMES, type DataApiName } from '@franceconnect-kit/protocol';
import type { TestBff } from './helpers/bff.js';
import {
  Person,
  RECIPIENT_SIRET,
  startDataBff,
  startDataKit,
  startMisbehavingProvider,
  type DataKit,
  type MisbehavingProvider,
} from './helpers/data-kit.js';

// Every API of the catalogue through the BFF, against the local FranceConnect and data provider: the
// call (API Particulier's path, the recipient, the token's scopes), the answer checked against the
// catalogue's schema, and each error status of API Particulier mapped to a failure the person reads,
// API by API, all called in parallel, a failure never hiding another API's data.

/** Each API: its path at API Particulier (v3, FranceConnect mode), a person with a record, a wrong answer. */
const APIS: Record<DataApiName, { path: string; login: string; wrong: Record<string, unknown> }> = {
  quotient_familial: {
    path: '/v3/dss/quotient_familial/france_connect',
    login: 'beneficiaire_css',
    wrong: { quotient_familial: { valeur: '410' } },
  },
  statut_etudiant: {
    path: '/v3/mesri/statut_etudiant/france_connect',
    login: 'etudiant_boursier',
    wrong: { admissions: { est_inscrit: true } },
  },
  statut_etudiant_boursier: {
    path: '/v3/cnous/etudiant_boursier/france_connect',
    login: 'etudiant_boursier',
    wrong: { echelon_bourse: { echelon: '9' } },
  },
  complementaire_sante_solidaire: {
    path: '/v3/dss/complementaire_sante_solidaire/france_connect',
    login: 'etudiant_boursier',
    wrong: { est_beneficiaire: 'oui' },
  },
  allocation_adulte_handicape: {
    path: '/v3/dss/allocation_adulte_handicape/france_connect',
    login: 'nom_usage',
    wrong: { date_debut_droit: '01/04/2019' },
  },
  allocation_soutien_familial: {
    path: '/v3/dss/allocation_soutien_familial/france_connect',
    login: 'beneficiaire_css',
    wrong: { est_beneficiaire: null },
  },
  prime_activite: {
    path: '/v3/dss/prime_activite/france_connect',
    login: 'beneficiaire_css',
    wrong: { avec_majoration: 'non' },
  },
  revenu_solidarite_active: {
    path: '/v3/dss/revenu_solidarite_active/france_connect',
    login: 'beneficiaire_css',
    wrong: { est_beneficiaire: 1 },
  },
  service_civique: {
    path: '/v3/gip_mds/service_civique/france_connect',
    login: 'etudiant_boursier',
    wrong: { statut_passe: [] },
  },
  service_national: {
    path: '/v3/dsnj/service_national/france_connect',
    login: 'etudiant_boursier',
    wrong: { statut_service_national: 'exempte' },
  },
};

/** API Particulier's error statuses and what the person is told. */
const STATUSES: Array<[ProviderErrorStatus, DataFailureCode]> = [
  [401, 'token_refused'],
  [403, 'forbidden'],
  [404, 'not_found'],
  [409, 'conflict'],
  [422, 'rejected'],
  [429, 'rate_limited'],
  [503, 'unavailable'],
];

const identities = loadIdentities();
const recordOf = (login: string, api: DataApiName) => {
  const identity = identities.find((candidate) => candidate.login === login);
  assert.ok(identity);
  return dataRecordOf(identity, api);
};

describe('every API of the catalogue through the BFF', () => {
  let kit: DataKit;
  let app: TestBff;
  let faulty: MisbehavingProvider;
  let checked: TestBff;

  before(async () => {
    kit = await startDataKit(2);
    app = await startDataBff(kit, kit.ports[0] ?? 0, { dataApis: [...DATA_API_NAMES] });
    faulty = await startMisbehavingProvider({ kind: 'hang' });
    checked = await startDataBff(kit, kit.ports[1] ?? 0, {
      dataApis: [...DATA_API_NAMES],
      dataProviderUrl: faulty.url,
    });
  });
  after(async () => {
    await app.close();
    await checked.close();
    await faulty.close();
    await kit.close();
  });

  const apisOf = async (person: Person) => {
    const { status, body } = await person.data();
    assert.equal(status, 200);
    return (body as DataResponse).apis;
  };

  it('has a case for every API of the catalogue', () => {
    assert.deepEqual(Object.keys(APIS).sort(), [...DATA_API_NAMES].sort());
  });

  for (const login of ['etudiant_boursier', 'beneficiaire_css', 'nom_usage']) {
    const mine = (Object.keys(APIS) as DataApiName[]).filter((api) => APIS[api].login === login);
    it(`calls ${mine.join(', ')} at API Particulier’s paths, with the recipient and the token, and keeps each answer`, async () => {
      const person = new Person(app, kit);
      await person.signIn(login);
      const since = Date.now();
      const { location } = await person.retrieve(`apis=${mine.join('+')}&returnTo=%2Fdemarche`, { login });
      assert.equal(location, '/demarche?notice=data-retrieved');

      const received = kit.provider.received.filter((request) => request.at >= since);
      assert.deepEqual(
        received.map((request) => request.path).sort(),
        mine.map((api) => APIS[api].path).sort(),
      );
      for (const request of received) {
        assert.equal(request.recipient, RECIPIENT_SIRET);
        assert.equal(request.token, 'active');
        assert.equal(request.status, 200);
      }
      const apis = await apisOf(person);
      for (const api of mine) {
        assert.equal(apis[api]?.status, 'retrieved', api);
        assert.deepEqual(apis[api]?.data, recordOf(login, api), api);
        assert.equal(apis[api]?.endpoint, APIS[api].path);
        assert.equal(apis[api]?.failure, null);
      }
    });
  }

  it('calls every API at once, and maps each error status of API Particulier, API by API', async () => {
    const person = new Person(app, kit);
    await person.signIn('etudiant_boursier');
    const names = [...DATA_API_NAMES];
    const query = `apis=${names.join('+')}&returnTo=%2Fdemarche`;

    // In parallel: with every answer held 300 ms, every request arrives before the first answer.
    kit.provider.forceNext({ delayMs: 300, times: names.length });
    let since = Date.now();
    await person.retrieve(query, { login: 'etudiant_boursier' });
    const held = kit.provider.received.filter((request) => request.at >= since);
    assert.equal(held.length, names.length);
    const lastArrival = Math.max(...held.map((request) => request.at));
    const firstAnswer = Math.min(...held.map((request) => request.answeredAt));
    assert.ok(
      lastArrival < firstAnswer,
      `the last call arrived ${lastArrival - firstAnswer} ms after the first answer`,
    );
    const retrieved = await apisOf(person);
    const before = Object.fromEntries(names.map((api) => [api, retrieved[api]?.data]));

    // Each round, each API gets another status: every API meets every status, beside the others' successes.
    for (let round = 0; round < STATUSES.length; round++) {
      const expected = new Map<DataApiName, DataFailureCode | 'retrieved'>();
      names.forEach((api, index) => {
        const entry = STATUSES[(index + round) % (STATUSES.length + 1)];
        if (entry) {
          kit.provider.forceNext({ api, status: entry[0], retryAfter: 42 });
          expected.set(api, entry[1]);
        } else {
          // Not forced: what the provider holds for this person (not every API has a record of them).
          expected.set(api, recordOf('etudiant_boursier', api) ? 'retrieved' : 'not_found');
        }
      });
      since = Date.now();
      const { location } = await person.retrieve(query, { login: 'etudiant_boursier' });
      const firstFailure = names.map((api) => expected.get(api)).find((code) => code !== 'retrieved');
      assert.equal(
        location,
        `/demarche?notice=data-${String(firstFailure).replace(/_/g, '-')}`,
        `round ${round}`,
      );
      const apis = await apisOf(person);
      for (const api of names) {
        const code = expected.get(api);
        if (code === 'retrieved') {
          assert.equal(apis[api]?.status, 'retrieved', `${api}, round ${round}`);
          assert.equal(apis[api]?.failure, null);
          continue;
        }
        assert.equal(apis[api]?.status, 'failed', `${api}, round ${round}`);
        assert.equal(apis[api]?.failure?.code, code, `${api}, round ${round}`);
        assert.equal(apis[api]?.failure?.message, DATA_FAILURE_MESSAGES[code as DataFailureCode]);
        assert.equal(apis[api]?.failure?.api, api);
        if (code === 'rate_limited') assert.equal(apis[api]?.failure?.retryAfter, 42);
        else assert.equal(apis[api]?.failure?.retryAfter, undefined);
        // A failure never erases what the API gave before.
        assert.deepEqual(apis[api]?.data, before[api], `${api} kept its data`);
      }
      assert.equal(
        kit.provider.received.filter((request) => request.at >= since).length,
        names.length,
        'one call per API',
      );
    }
    const failed = app.entries().filter((entry) => entry.event === 'data.failed');
    assert.ok(failed.some((entry) => entry.status === 429 && entry.code === 'rate_limited'));
    assert.ok(!failed.some((entry) => JSON.stringify(entry).includes('FONTAINE')), 'no identity in the logs');
  });

  it('refuses an answer that does not match the catalogue, and drops what the catalogue does not describe', async () => {
    const person = new Person(checked, kit);
    await person.signIn('etudiant_boursier');
    for (const [api, { wrong }] of Object.entries(APIS) as Array<[DataApiName, (typeof APIS)[DataApiName]]>) {
      faulty.behaviour = {
        kind: 'answer',
        status: 200,
        body: JSON.stringify({ data: wrong, links: {}, meta: {} }),
      };
      const { location } = await person.retrieve(`apis=${api}&returnTo=%2Fdemarche`, {
        login: 'etudiant_boursier',
      });
      assert.equal(location, '/demarche?notice=data-invalid-response', api);
      assert.equal((await apisOf(person))[api]?.failure?.code, 'invalid_response', api);
    }
    const detail = checked
      .entries()
      .filter((entry) => entry.event === 'data.failed' && entry.api === 'quotient_familial')
      .map((entry) => String(entry.detail));
    assert.ok(
      detail.some((text) => text.includes('quotient_familial.valeur')),
      detail.join('\n'),
    );
    assert.ok(!detail.some((text) => text.includes('410')), 'the paths, never the values');

    faulty.behaviour = {
      kind: 'answer',
      status: 200,
      body: JSON.stringify({
        data: { est_beneficiaire: true, numero_securite_sociale: '1 86 07' },
        links: {},
        meta: {},
      }),
    };
    await person.retrieve('apis=complementaire_sante_solidaire&returnTo=%2F', { login: 'etudiant_boursier' });
    const { text } = await person.data();
    assert.equal((await apisOf(person)).complementaire_sante_solidaire?.status, 'retrieved');
    assert.deepEqual((await apisOf(person)).complementaire_sante_solidaire?.data, { est_beneficiaire: true });
    assert.ok(!text.includes('numero_securite_sociale'));
  });

  it('tells a token that expired before the provider checked it (401) from one it refused', async () => {
    // The access token lives 1 second here, and the provider takes 1.5 seconds before checking it.
    const shortLived = await startDataKit(1, { ttl: { accessToken: 1 } });
    const bff = await startDataBff(shortLived, shortLived.ports[0] ?? 0, { dataApis: ['statut_etudiant'] });
    try {
      const person = new Person(bff, shortLived);
      await person.signIn('etudiante');
      shortLived.provider.forceNext({ delayMs: 1500 });
      const { location } = await person.retrieve('apis=statut_etudiant&returnTo=%2F', { login: 'etudiante' });
      assert.equal(location, '/?notice=data-token-refused');
      assert.deepEqual(
        shortLived.provider.received.map(({ token, status }) => ({ token, status })),
        [{ token: 'inactive', status: 401 }],
      );
    } finally {
      await bff.close();
      await shortLived.close();
    }
  });
});
