import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { DataResponse, OutboundInterceptor } from '@franceconnect-kit/bff';
import { DEFAULT_SCOPES } from '@franceconnect-kit/protocol';
import { freePort } from '../helpers/processes.js';
import type { TestBff } from './helpers/bff.js';
import { Person, startDataBff, startDataKit, type DataKit } from './helpers/data-kit.js';

// Data retrieved with the sign-in itself, the first moment of seed 004 (« En cliquant sur le bouton
// “S’identifier avec FranceConnect”, les données API Particulier nécessaires sont téléchargées en
// parallèle de l’authentification »), against the local FranceConnect and its data provider: the data
// scopes join the sign-in's authorization, the APIs are called at the callback with the 60-second
// access token, beside userinfo, and /api/data has the data at once. What FranceConnect and the data
// provider received is read from their own journals.

/** The scopes FranceConnect is asked for, from the data provider's and FranceConnect's point of view. */
const QF_SCOPES = ['cnaf_quotient_familial', 'cnaf_allocataires', 'cnaf_enfants', 'cnaf_adresse'];
const CSS_SCOPES = ['complementaire_sante_solidaire'];
const MESRI_SCOPES = [
  'mesri_admissions',
  'mesri_admission_inscrit',
  'mesri_admission_regime_formation',
  'mesri_admission_commune_etudes',
  'mesri_admission_etablissement_etude',
];
const USERINFO_DELAY_MS = 400;

describe('data retrieved with the sign-in (moment 1)', () => {
  let kit: DataKit;
  /** Retrieves the family quotient and the C2S with every sign-in; userinfo answers slowly. */
  let app: TestBff;
  /** May retrieve the same APIs, none by default. */
  let plain: TestBff;
  /** Its data provider cannot be reached. */
  let down: TestBff;
  /** Data retrieval off. */
  let off: TestBff;
  /** When userinfo's answers reached the BFF. */
  const userinfoDelivered: number[] = [];
  const slowUserinfo: OutboundInterceptor = async (url, request, send) => {
    const response = await send(url, request);
    if (new URL(url).pathname.endsWith('/userinfo')) {
      // A slow userinfo: the data calls must not wait for it.
      await sleep(USERINFO_DELAY_MS);
      userinfoDelivered.push(Date.now());
    }
    return response;
  };
  const dataApis = ['quotient_familial', 'complementaire_sante_solidaire', 'statut_etudiant'];

  before(async () => {
    kit = await startDataKit(4);
    const [one = 0, two = 0, three = 0, four = 0] = kit.ports;
    app = await startDataBff(kit, one, {
      dataApis,
      signInDataApis: ['quotient_familial', 'complementaire_sante_solidaire'],
      interceptOutbound: slowUserinfo,
    });
    plain = await startDataBff(kit, two, { dataApis });
    down = await startDataBff(kit, three, {
      dataApis,
      signInDataApis: ['quotient_familial'],
      dataProviderUrl: `http://127.0.0.1:${await freePort()}`,
    });
    off = await startDataBff(kit, four, { recipientSiret: undefined, dataProviderUrl: undefined });
  });
  after(async () => {
    for (const bff of [app, plain, down, off]) await bff.close();
    await kit.close();
  });

  /** What the local FranceConnect received since `since` on `path`. */
  const fcReceived = (since: number, path: string) =>
    kit.fc.received.filter((request) => request.at >= since && request.path === `/api/v2/${path}`);
  const providerReceived = (since: number) => kit.provider.received.filter((request) => request.at >= since);
  const apisOf = (body: DataResponse | undefined) => body?.apis ?? {};

  it('asks FranceConnect for the APIs’ scopes in the sign-in’s own authorization, and /api/data has the data right after', async () => {
    const since = Date.now();
    const person = new Person(app, kit);
    const { departure, location } = await person.signInWith('returnTo=%2Floisirs', {
      login: 'beneficiaire_css',
    });
    assert.deepEqual(departure.screens, ['identity-provider', 'login', 'consent']);
    assert.equal(location, '/loisirs', 'back where the sign-in started, without a notice');

    const authorize = fcReceived(since, 'authorize');
    assert.equal(authorize.length, 1, 'one authorization');
    assert.deepEqual(authorize[0]?.query.get('scope')?.split(' '), [
      ...DEFAULT_SCOPES,
      ...QF_SCOPES,
      ...CSS_SCOPES,
    ]);

    const { status, body } = await person.data();
    assert.equal(status, 200);
    const apis = apisOf(body);
    assert.deepEqual(Object.keys(apis).sort(), ['complementaire_sante_solidaire', 'quotient_familial']);
    assert.equal(apis.quotient_familial?.status, 'retrieved');
    assert.equal(apis.quotient_familial?.label, 'Quotient familial CAF & MSA');
    assert.deepEqual((apis.quotient_familial?.data?.quotient_familial as { valeur?: number }).valeur, 410);
    assert.deepEqual(apis.complementaire_sante_solidaire?.data, {
      est_beneficiaire: true,
      avec_participation: true,
      date_debut_droit: '2026-03-01',
    });
    assert.equal(body?.failure, null);
    const me = await person.me();
    assert.equal(me.status, 200);
    assert.equal(me.body?.identity?.family_name, 'HAMIDI');

    // No second trip to FranceConnect: one authorization, one code exchanged for one token.
    assert.equal(fcReceived(since, 'authorize').length, 1);
    assert.equal(fcReceived(since, 'token').length, 1);
  });

  it('calls the APIs with the one access token, within its life, beside userinfo rather than after it', async () => {
    const since = Date.now();
    const person = new Person(app, kit);
    await person.signInWith('returnTo=%2F', { login: 'beneficiaire_css' });
    const token = fcReceived(since, 'token');
    assert.equal(token.length, 1);
    const tokenAt = token[0]?.at ?? 0;

    const received = providerReceived(since);
    assert.deepEqual(received.map((request) => request.api).sort(), [
      'complementaire_sante_solidaire',
      'quotient_familial',
    ]);
    for (const request of received) {
      assert.equal(request.token, 'active', `${request.api}: FranceConnect said the token was active`);
      assert.equal(request.status, 200);
      assert.ok(request.at >= tokenAt, 'after the code was exchanged');
      assert.ok(request.at < (request.tokenExpiresAt ?? 0) * 1000, 'before the token expired');
      assert.ok(request.tokenExpiresAt !== undefined && request.tokenExpiresAt * 1000 - tokenAt <= 61_000);
    }
    assert.ok(received.every((request) => typeof request.tokenId === 'string'));
    assert.equal(new Set(received.map((request) => request.tokenId)).size, 1, 'one access token for both');
    // FranceConnect checked that token once per API, for the data provider.
    assert.equal(fcReceived(since, 'checktoken').length, 2);

    // userinfo's answer was held USERINFO_DELAY_MS: the data calls had already reached the provider.
    const delivered = userinfoDelivered.filter((at) => at >= since);
    assert.equal(delivered.length, 1);
    for (const request of received) {
      assert.ok(
        request.at < (delivered[0] ?? 0),
        `${request.api} was called ${request.at - (delivered[0] ?? 0)} ms after userinfo’s answer`,
      );
    }
  });

  it('takes the APIs of a button from the sign-in URL, validated against what the site allows', async () => {
    const started = await fetch(`${plain.url}/auth/login?apis=statut_etudiant&returnTo=/etudes`, {
      redirect: 'manual',
    });
    assert.equal(started.status, 302);
    assert.deepEqual(new URL(started.headers.get('location') ?? '').searchParams.get('scope')?.split(' '), [
      ...DEFAULT_SCOPES,
      ...MESRI_SCOPES,
    ]);

    const since = Date.now();
    const person = new Person(plain, kit);
    const { location } = await person.signInWith('apis=statut_etudiant&returnTo=%2Fetudes', {
      login: 'etudiante',
    });
    assert.equal(location, '/etudes');
    const apis = apisOf((await person.data()).body);
    assert.deepEqual(Object.keys(apis), ['statut_etudiant'], 'only what the button asked for');
    const admission = (apis.statut_etudiant?.data?.admissions as Array<Record<string, unknown>>)[0];
    assert.deepEqual(admission?.etablissement_etudes, { uai: '0352721T', nom: 'UNIVERSITE DE RENNES' });
    assert.deepEqual(
      providerReceived(since).map((request) => request.api),
      ['statut_etudiant'],
    );
  });

  it('refuses an API the site does not allow, an empty or repeated list, naming it, and starts nothing', async () => {
    const since = Date.now();
    for (const [query, named] of [
      ['apis=service_national', '« service_national »'],
      ['apis=quotient_familial+dgfip_rfr', '« dgfip_rfr »'],
      ['apis=', '« apis » est vide'],
      ['apis=quotient_familial&apis=statut_etudiant', '« apis »'],
      [`apis=${encodeURIComponent('<script>alert(1)</script>')}`, '&lt;script&gt;'],
    ] as const) {
      const response = await fetch(`${plain.url}/auth/login?${query}`, { redirect: 'manual' });
      assert.equal(response.status, 400, query);
      assert.equal(response.headers.get('set-cookie'), null, `${query}: no attempt was started`);
      const html = await response.text();
      assert.match(html, /<h1>Requête invalide<\/h1>/);
      assert.ok(html.includes(named), `${query}: ${html}`);
      assert.ok(!html.includes('<script>alert(1)</script>'));
    }
    const json = await fetch(`${plain.url}/auth/login?apis=service_national`, {
      redirect: 'manual',
      headers: { accept: 'application/json' },
    });
    assert.equal(json.status, 400);
    assert.equal(((await json.json()) as { error: string }).error, 'invalid_request');
    assert.equal(fcReceived(since, 'authorize').length, 0);

    const disabled = await fetch(`${off.url}/auth/login?apis=quotient_familial`, { redirect: 'manual' });
    assert.equal(disabled.status, 400);
    assert.match(await disabled.text(), /ne récupère pas de données/);
  });

  it('asks for the identity scopes only when no data is asked for, and calls no API', async () => {
    for (const bff of [plain, off]) {
      const response = await fetch(`${bff.url}/auth/login?returnTo=/`, { redirect: 'manual' });
      assert.equal(response.status, 302);
      const scope = new URL(response.headers.get('location') ?? '').searchParams.get('scope');
      assert.deepEqual(scope?.split(' '), [...DEFAULT_SCOPES]);
    }
    const since = Date.now();
    const person = new Person(plain, kit);
    const { location } = await person.signInWith('returnTo=%2F', { login: 'beneficiaire_css' });
    assert.equal(location, '/');
    assert.equal(providerReceived(since).length, 0);
    assert.equal((await person.data()).status, 204, 'nothing retrieved');
  });

  it('never fails the sign-in when the data fails, and keeps each API’s outcome apart', async () => {
    kit.provider.forceNext({ api: 'complementaire_sante_solidaire', status: 503 });
    const person = new Person(app, kit);
    const { location } = await person.signInWith('returnTo=%2Floisirs', { login: 'beneficiaire_css' });
    assert.equal(location, '/loisirs?notice=data-unavailable');
    assert.equal((await person.me()).status, 200, 'signed in');
    const { body } = await person.data();
    const apis = apisOf(body);
    assert.equal(apis.quotient_familial?.status, 'retrieved');
    assert.equal((apis.quotient_familial?.data?.quotient_familial as { valeur?: number }).valeur, 410);
    assert.equal(apis.complementaire_sante_solidaire?.status, 'failed');
    assert.equal(apis.complementaire_sante_solidaire?.data, null);
    assert.equal(apis.complementaire_sante_solidaire?.failure?.code, 'unavailable');
    assert.equal(apis.complementaire_sante_solidaire?.failure?.api, 'complementaire_sante_solidaire');
    assert.equal(body?.failure?.code, 'unavailable');

    const unreachable = new Person(down, kit);
    const back = await unreachable.signInWith('returnTo=%2Floisirs', { login: 'beneficiaire_css' });
    assert.equal(back.location, '/loisirs?notice=data-unavailable');
    assert.equal((await unreachable.me()).status, 200, 'signed in although the provider is down');
    assert.equal(apisOf((await unreachable.data()).body).quotient_familial?.failure?.code, 'unavailable');
    assert.ok(
      down.entries().some((entry) => entry.event === 'data.failed' && entry.api === 'quotient_familial'),
    );
  });

  it('keeps what the sign-in retrieved when « Récupérer ses données » adds another API later', async () => {
    const person = new Person(app, kit);
    await person.signInWith('returnTo=%2F', { login: 'etudiant_boursier' });
    const first = apisOf((await person.data()).body);
    assert.equal(first.complementaire_sante_solidaire?.status, 'retrieved');
    assert.equal(first.quotient_familial?.failure?.code, 'not_found', 'no CAF record for this student');

    const { departure, location } = await person.retrieve('apis=statut_etudiant&returnTo=%2Fetudes', {
      login: 'etudiant_boursier',
    });
    assert.deepEqual(departure.screens, ['consent'], 'within FranceConnect’s session: consent only');
    assert.equal(location, '/etudes?notice=data-retrieved');
    const apis = apisOf((await person.data()).body);
    assert.deepEqual(Object.keys(apis).sort(), [
      'complementaire_sante_solidaire',
      'quotient_familial',
      'statut_etudiant',
    ]);
    assert.equal(apis.complementaire_sante_solidaire?.data?.est_beneficiaire, true);
    assert.equal(apis.statut_etudiant?.status, 'retrieved');
  });
});
