import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type tls from 'node:tls';
import {
  BffConfigurationError,
  configFromEnv,
  createFranceConnectBff,
  DATA_DEFAULTS,
  DATA_PROVIDER_URLS,
  QUOTIENT_FAMILIAL_ENDPOINT,
  type PurposeHandler,
} from '@franceconnect-kit/bff';
import { DEFAULT_SCOPES } from '@franceconnect-kit/protocol';
import { FranceConnectUser } from '../helpers/franceconnect-user.js';
import { startProcess } from '../helpers/processes.js';
import { CookieAgent } from './helpers/cookie-agent.js';
import type { TestBff } from './helpers/bff.js';
import { Person, RECIPIENT_SIRET, startDataBff, startDataKit, type DataKit } from './helpers/data-kit.js';
import {
  httpsServerUpTo,
  loosenProcessTlsDefaults,
  selfSignedCertificate,
  type Certificate,
} from './helpers/old-tls.js';

// Data retrieval's configuration: the recipient SIRET (14 digits, Luhn key, La Poste's own rule),
// the provider's URL (https except loopback, TLS ≥ 1.2), the endpoint of each scope, and the
// allow-list of scopes that /auth/data enforces.

const REQUIRED = {
  FC_CLIENT_ID: 'client-id',
  FC_CLIENT_SECRET: 'client-secret',
  PUBLIC_URL: 'https://demarches.example.fr',
  SESSION_SECRET: 'x'.repeat(32),
};

/** The problems of a configuration, by variable. */
function problemsOf(env: Record<string, string>): Record<string, string> {
  const result = configFromEnv({ ...REQUIRED, ...env });
  if (result.ok) return {};
  return Object.fromEntries(
    result.problems.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
  );
}

describe('RECIPIENT_SIRET', () => {
  it('accepts a SIRET whose Luhn key is valid, spaces allowed, and turns data retrieval on', () => {
    for (const value of ['13002526500013', '130 025 265 00013', RECIPIENT_SIRET]) {
      const result = configFromEnv({ ...REQUIRED, RECIPIENT_SIRET: value });
      assert.ok(result.ok, value);
      assert.equal(result.settings.data?.recipientSiret, value.replace(/ /g, ''));
    }
  });

  it('accepts La Poste’s SIRETs by their own rule (SIREN 356000000, digit sum a multiple of 5)', () => {
    for (const value of ['35600000049837', '35600000000048']) {
      const result = configFromEnv({ ...REQUIRED, RECIPIENT_SIRET: value });
      assert.ok(result.ok, value);
    }
    assert.match(problemsOf({ RECIPIENT_SIRET: '35600000000013' }).RECIPIENT_SIRET ?? '', /check digit/);
  });

  it('refuses a bad checksum, naming the variable', () => {
    assert.equal(
      problemsOf({ RECIPIENT_SIRET: '13002526500014' }).RECIPIENT_SIRET,
      'the recipient SIRET is not valid: its check digit (Luhn key) is wrong (La Poste’s SIRETs, SIREN 356000000, follow their own rule)',
    );
  });

  it('refuses anything but 14 digits', () => {
    for (const value of ['1300252650001', '130025265000133', '1300252650001A', 'SIRET']) {
      assert.match(problemsOf({ RECIPIENT_SIRET: value }).RECIPIENT_SIRET ?? '', /must be 14 digits/, value);
    }
  });

  it('is required once any other data variable is set; without it, data retrieval is off', () => {
    assert.deepEqual(problemsOf({ DATA_PROVIDER_URL: 'https://particulier.api.gouv.fr' }), {
      RECIPIENT_SIRET: 'the recipient SIRET is required to retrieve data (dataProviderUrl is set)',
    });
    const off = configFromEnv(REQUIRED);
    assert.ok(off.ok);
    assert.equal(off.settings.data, undefined);
  });

  it('makes franceconnect-bff exit with code 2, naming RECIPIENT_SIRET', async () => {
    const cli = join(import.meta.dirname, '../../packages/bff/dist/cli.js');
    for (const value of ['13002526500014', '1300252650001']) {
      const child = spawn(process.execPath, [cli], {
        env: { PATH: process.env.PATH, ...REQUIRED, RECIPIENT_SIRET: value },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      assert.equal(code, 2);
      assert.match(stderr.trim(), /^RECIPIENT_SIRET: the recipient SIRET (must be 14 digits|is not valid)/);
      assert.equal(stderr.trim().split('\n').length, 1);
    }
  });

  it('throws BffConfigurationError naming recipientSiret in code', () => {
    assert.throws(
      () =>
        createFranceConnectBff({
          clientId: 'id',
          clientSecret: 'secret',
          publicUrl: 'http://127.0.0.1:4999',
          sessionSecret: 'x'.repeat(32),
          sessionStore: 'memory',
          recipientSiret: '12345678901234',
        }),
      (error: unknown) =>
        error instanceof BffConfigurationError &&
        error.problems.length === 1 &&
        (error.problems[0] ?? '').startsWith('recipientSiret: the recipient SIRET is not valid'),
    );
  });
});

describe('the data provider and its endpoints', () => {
  it('defaults to the local data provider and API Particulier’s family quotient, its first scope only', () => {
    const result = configFromEnv({ ...REQUIRED, RECIPIENT_SIRET });
    assert.ok(result.ok);
    assert.deepEqual(result.settings.data, {
      recipientSiret: RECIPIENT_SIRET,
      providerUrl: 'http://127.0.0.1:3002',
      apis: [
        {
          name: 'quotient_familial',
          catalogued: true,
          endpoint: '/v3/dss/quotient_familial/france_connect',
          scopes: ['cnaf_quotient_familial'],
        },
      ],
      signInApis: [],
      scopes: ['cnaf_quotient_familial'],
      endpoints: { cnaf_quotient_familial: '/v3/dss/quotient_familial/france_connect' },
      httpTimeout: DATA_DEFAULTS.httpTimeout,
      retention: DATA_DEFAULTS.retention,
    });
  });

  it('follows FC_ENV (API Particulier’s staging with the sandbox), and reads every variable', () => {
    for (const env of ['sandbox', 'production'] as const) {
      const result = configFromEnv({ ...REQUIRED, FC_ENV: env, RECIPIENT_SIRET });
      assert.ok(result.ok);
      assert.equal(result.settings.data?.providerUrl, DATA_PROVIDER_URLS[env]);
    }
    const result = configFromEnv({
      ...REQUIRED,
      RECIPIENT_SIRET,
      DATA_PROVIDER_URL: 'https://api.example.fr/particulier/',
      DATA_APIS: 'statut_etudiant_boursier, complementaire_sante_solidaire',
      SIGN_IN_DATA_APIS: 'complementaire_sante_solidaire',
      DATA_ENDPOINTS: 'statut_etudiant_boursier=/v4/cnous/etudiant_boursier/france_connect',
      DATA_HTTP_TIMEOUT: '5',
      DATA_RETENTION: '10m',
    });
    assert.ok(result.ok, result.ok ? '' : result.problems.join('\n'));
    assert.deepEqual(result.settings.data, {
      recipientSiret: RECIPIENT_SIRET,
      providerUrl: 'https://api.example.fr/particulier',
      apis: [
        {
          name: 'statut_etudiant_boursier',
          catalogued: true,
          endpoint: '/v4/cnous/etudiant_boursier/france_connect',
          scopes: [
            'cnous_statut_boursier',
            'cnous_echelon_bourse',
            'cnous_email',
            'cnous_periode_versement',
            'cnous_ville_etudes',
          ],
        },
        {
          name: 'complementaire_sante_solidaire',
          catalogued: true,
          endpoint: '/v3/dss/complementaire_sante_solidaire/france_connect',
          scopes: ['complementaire_sante_solidaire'],
        },
      ],
      signInApis: ['complementaire_sante_solidaire'],
      scopes: [
        'cnous_statut_boursier',
        'cnous_echelon_bourse',
        'cnous_email',
        'cnous_periode_versement',
        'cnous_ville_etudes',
        'complementaire_sante_solidaire',
      ],
      endpoints: {
        cnous_statut_boursier: '/v4/cnous/etudiant_boursier/france_connect',
        cnous_echelon_bourse: '/v4/cnous/etudiant_boursier/france_connect',
        cnous_email: '/v4/cnous/etudiant_boursier/france_connect',
        cnous_periode_versement: '/v4/cnous/etudiant_boursier/france_connect',
        cnous_ville_etudes: '/v4/cnous/etudiant_boursier/france_connect',
        complementaire_sante_solidaire: '/v3/dss/complementaire_sante_solidaire/france_connect',
      },
      httpTimeout: 5,
      retention: 600,
    });
  });

  it('narrows the chosen APIs to FC_DATA_SCOPES, which alone still chooses the APIs of its scopes', () => {
    const narrowed = configFromEnv({
      ...REQUIRED,
      RECIPIENT_SIRET,
      DATA_APIS: 'quotient_familial statut_etudiant_boursier',
      FC_DATA_SCOPES: 'cnaf_quotient_familial cnous_statut_boursier cnous_echelon_bourse',
    });
    assert.ok(narrowed.ok);
    assert.deepEqual(
      narrowed.settings.data?.apis.map(({ name, scopes }) => ({ name, scopes })),
      [
        { name: 'quotient_familial', scopes: ['cnaf_quotient_familial'] },
        { name: 'statut_etudiant_boursier', scopes: ['cnous_statut_boursier', 'cnous_echelon_bourse'] },
      ],
    );
    // As before DATA_APIS existed: the scopes' APIs, one call each (cnaf_enfants joins the family quotient's).
    const earlier = configFromEnv({
      ...REQUIRED,
      RECIPIENT_SIRET,
      FC_DATA_SCOPES: 'cnaf_quotient_familial cnaf_enfants complementaire_sante_solidaire',
    });
    assert.ok(earlier.ok);
    assert.deepEqual(
      earlier.settings.data?.apis.map(({ name, endpoint, scopes }) => ({ name, endpoint, scopes })),
      [
        {
          name: 'quotient_familial',
          endpoint: QUOTIENT_FAMILIAL_ENDPOINT,
          scopes: ['cnaf_quotient_familial', 'cnaf_enfants'],
        },
        {
          name: 'complementaire_sante_solidaire',
          endpoint: '/v3/dss/complementaire_sante_solidaire/france_connect',
          scopes: ['complementaire_sante_solidaire'],
        },
      ],
    );
  });

  it('retrieves a scope outside the catalogue from the endpoint DATA_ENDPOINTS gives it', () => {
    const result = configFromEnv({
      ...REQUIRED,
      RECIPIENT_SIRET,
      FC_DATA_SCOPES: 'cnaf_quotient_familial dgfip_rfr dgfip_nbpart',
      DATA_ENDPOINTS: 'dgfip_rfr=/v3/dgfip/rfr/france_connect,dgfip_nbpart=/v3/dgfip/rfr/france_connect',
    });
    assert.ok(result.ok);
    assert.deepEqual(
      result.settings.data?.apis.map(({ name, catalogued, endpoint, scopes }) => ({
        name,
        catalogued,
        endpoint,
        scopes,
      })),
      [
        {
          name: 'quotient_familial',
          catalogued: true,
          endpoint: QUOTIENT_FAMILIAL_ENDPOINT,
          scopes: ['cnaf_quotient_familial'],
        },
        {
          name: 'dgfip_rfr',
          catalogued: false,
          endpoint: '/v3/dgfip/rfr/france_connect',
          scopes: ['dgfip_rfr', 'dgfip_nbpart'],
        },
      ],
    );
  });

  it('names an unknown API, a scope without an endpoint or of an API not chosen, an identity scope, a malformed endpoint', () => {
    assert.match(
      problemsOf({ RECIPIENT_SIRET, DATA_APIS: 'quotient_familial impots' }).DATA_APIS ?? '',
      /^impots is not an API of the catalogue \(quotient_familial, statut_etudiant, /,
    );
    assert.equal(
      problemsOf({ RECIPIENT_SIRET, FC_DATA_SCOPES: 'dgfip_rfr' }).DATA_ENDPOINTS,
      'the data scope dgfip_rfr is not in the catalogue and has no endpoint: add dgfip_rfr=/path to the data endpoints',
    );
    assert.equal(
      problemsOf({ RECIPIENT_SIRET, DATA_APIS: 'quotient_familial', FC_DATA_SCOPES: 'cnous_email' })
        .FC_DATA_SCOPES,
      'the data scope cnous_email belongs to the API statut_etudiant_boursier, which is not in the data APIs; none of the scopes of the API quotient_familial is in the data scopes (cnaf_quotient_familial, cnaf_allocataires, cnaf_enfants, cnaf_adresse)',
    );
    assert.match(
      problemsOf({ RECIPIENT_SIRET, FC_DATA_SCOPES: 'openid cnaf_quotient_familial' }).FC_DATA_SCOPES ?? '',
      /must not include identity scopes/,
    );
    assert.equal(
      problemsOf({ RECIPIENT_SIRET, DATA_APIS: 'quotient_familial', SIGN_IN_DATA_APIS: 'statut_etudiant' })
        .SIGN_IN_DATA_APIS,
      'statut_etudiant is not one of the data APIs (quotient_familial)',
    );
    assert.equal(
      problemsOf({
        RECIPIENT_SIRET,
        FC_DATA_SCOPES: 'cnaf_quotient_familial cnaf_enfants',
        DATA_ENDPOINTS: 'cnaf_enfants=/v3/cnaf/enfants',
      }).DATA_ENDPOINTS,
      undefined,
      'a scope stands for its API',
    );
    assert.equal(
      problemsOf({
        RECIPIENT_SIRET,
        FC_DATA_SCOPES: 'cnaf_quotient_familial cnaf_enfants',
        DATA_ENDPOINTS: 'cnaf_enfants=/v3/cnaf/enfants,cnaf_quotient_familial=/v3/cnaf/qf',
      }).DATA_ENDPOINTS,
      'cnaf_quotient_familial, cnaf_enfants belong to the API quotient_familial, which has one endpoint: give it once, as quotient_familial=/path',
    );
    assert.equal(
      problemsOf({ RECIPIENT_SIRET, DATA_ENDPOINTS: 'statut_etudiant=/v3/x' }).DATA_ENDPOINTS,
      'statut_etudiant is neither one of the data APIs nor one of their scopes',
    );
    for (const endpoints of [
      'cnaf_enfants',
      'cnaf_enfants=v3/relative',
      'cnaf_enfants=/x?recipient=1',
      'a=/b=c',
    ]) {
      assert.ok(problemsOf({ RECIPIENT_SIRET, DATA_ENDPOINTS: endpoints }).DATA_ENDPOINTS, endpoints);
    }
    assert.deepEqual(problemsOf({ DATA_APIS: 'quotient_familial' }), {
      RECIPIENT_SIRET: 'the recipient SIRET is required to retrieve data (dataApis is set)',
    });
  });

  it('requires https for the data provider, except on loopback hosts', () => {
    assert.match(
      problemsOf({ RECIPIENT_SIRET, DATA_PROVIDER_URL: 'http://particulier.api.gouv.fr' })
        .DATA_PROVIDER_URL ?? '',
      /must use https \(http is accepted only for loopback hosts/,
    );
    for (const url of ['http://localhost:3002', 'http://127.0.0.1:3002', 'http://[::1]:3002']) {
      assert.deepEqual(problemsOf({ RECIPIENT_SIRET, DATA_PROVIDER_URL: url }), {}, url);
    }
  });

  it('refuses a data purpose of the integrator’s own when retrieval is on', () => {
    const data: PurposeHandler = async () => {};
    assert.throws(
      () =>
        createFranceConnectBff({
          clientId: 'id',
          clientSecret: 'secret',
          publicUrl: 'http://127.0.0.1:4999',
          sessionSecret: 'x'.repeat(32),
          sessionStore: 'memory',
          recipientSiret: RECIPIENT_SIRET,
          purposes: { data },
        }),
      /purposes\.data: the data purpose is built in/,
    );
  });
});

describe('the scopes /auth/data may ask for', () => {
  let kit: DataKit;
  let app: TestBff;
  let off: TestBff;

  before(async () => {
    kit = await startDataKit(2);
    app = await startDataBff(kit, kit.ports[0] ?? 0, {
      dataScopes: ['cnaf_quotient_familial', 'cnaf_enfants'],
    });
    off = await startDataBff(kit, kit.ports[1] ?? 0, {
      recipientSiret: undefined,
      dataProviderUrl: undefined,
    });
  });
  after(async () => {
    await app.close();
    await off.close();
    await kit.close();
  });

  async function start(query: string, accept = 'text/html'): Promise<Response> {
    return fetch(`${app.url}/auth/data?${query}`, { redirect: 'manual', headers: { accept } });
  }

  it('asks FranceConnect for the identity scopes plus the allowed data scopes requested', async () => {
    const response = await start('scopes=cnaf_enfants+cnaf_quotient_familial&returnTo=/mes-aides');
    assert.equal(response.status, 302);
    const scope = new URL(response.headers.get('location') ?? '').searchParams.get('scope');
    assert.deepEqual(scope?.split(' '), [...DEFAULT_SCOPES, 'cnaf_enfants', 'cnaf_quotient_familial']);
  });

  it('refuses a scope outside the allow-list, naming it (400), and starts nothing', async () => {
    for (const scope of ['cnaf_adresse', 'dgfip_rfr', 'openid', 'email']) {
      const response = await start(`scopes=cnaf_quotient_familial+${scope}`);
      assert.equal(response.status, 400, scope);
      const html = await response.text();
      assert.match(html, /<h1>Requête invalide<\/h1>/);
      assert.ok(html.includes(`demande « ${scope} », qui ne fait pas partie des données`), html);
      assert.ok(html.includes('(cnaf_quotient_familial, cnaf_enfants)'));
      assert.equal(response.headers.get('set-cookie'), null, 'no attempt was started');
    }
    const json = await start('scopes=cnaf_adresse', 'application/json');
    assert.equal(json.status, 400);
    const body = (await json.json()) as { error: string; message: string };
    assert.equal(body.error, 'invalid_request');
    assert.match(body.message, /« cnaf_adresse »/);
  });

  it('takes APIs by name, refusing one outside the allow-list, or apis and scopes together', async () => {
    const response = await start('apis=quotient_familial&returnTo=/mes-aides');
    assert.equal(response.status, 302);
    const scope = new URL(response.headers.get('location') ?? '').searchParams.get('scope');
    assert.deepEqual(scope?.split(' '), [...DEFAULT_SCOPES, 'cnaf_quotient_familial', 'cnaf_enfants']);
    for (const [query, named] of [
      [
        'apis=statut_etudiant',
        'demande « statut_etudiant », qui ne fait pas partie des données que ce service peut demander (quotient_familial)',
      ],
      ['apis=', 'Le paramètre « apis » est vide'],
      [
        'apis=quotient_familial&scopes=cnaf_enfants',
        'Donnez le paramètre « apis » ou le paramètre « scopes », pas les deux',
      ],
    ] as const) {
      const refused = await start(query);
      assert.equal(refused.status, 400, query);
      assert.equal(refused.headers.get('set-cookie'), null, 'no attempt was started');
      const html = await refused.text();
      assert.ok(html.includes(named), html);
    }
  });

  it('refuses an empty, repeated or oversized scopes parameter, and escapes what it echoes', async () => {
    for (const query of [
      'scopes=',
      'scopes=a&scopes=b',
      `scopes=${'x'.repeat(2000)}`,
      'returnTo=/a&returnTo=/b',
    ]) {
      const response = await start(query);
      assert.equal(response.status, 400, query);
      await response.body?.cancel();
    }
    const response = await start(`scopes=${encodeURIComponent('<script>alert(1)</script>')}`);
    const html = await response.text();
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(html.includes('&lt;script&gt;'));
  });

  it('changes nothing of a signed-in session when refused, and is not mounted when retrieval is off', async () => {
    const person = new Person(app, kit);
    await person.signIn();
    const before = await person.me();
    const refused = await person.user.fetch(`${app.url}/auth/data?scopes=cnaf_adresse`);
    assert.equal(refused.status, 400);
    await refused.body?.cancel();
    const after = await person.me();
    assert.deepEqual(after.body?.identity, before.body?.identity);
    assert.equal(after.body?.csrfToken, before.body?.csrfToken);

    for (const path of ['/auth/data', '/api/data']) {
      const response = await fetch(`${off.url}${path}`, { redirect: 'manual' });
      assert.equal(response.status, 404, path);
      await response.body?.cancel();
    }
    assert.equal(off.bff.retrievedDataStore, undefined);
  });

  it('is served with the BFF’s headers, and /api/data is never cached', async () => {
    const response = await start('scopes=cnaf_quotient_familial');
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const api = await new CookieAgent().fetch(`${app.url}/api/data`);
    assert.equal(api.status, 204);
    assert.equal(api.headers.get('cache-control'), 'no-store');
    assert.equal(api.headers.get('x-frame-options'), 'DENY');
  });

  it('works from the environment with the franceconnect-bff command', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bff-data-cli-'));
    await off.close(); // frees the second port for the command
    const client = kit.clients[1];
    assert.ok(client);
    const server = await startProcess(
      process.execPath,
      [join(import.meta.dirname, '../../packages/bff/dist/cli.js')],
      {
        env: {
          FC_ISSUER: kit.fc.issuer,
          FC_CLIENT_ID: client.client_id,
          FC_CLIENT_SECRET: client.client_secret,
          PUBLIC_URL: `http://127.0.0.1:${kit.ports[1]}`,
          PORT: String(kit.ports[1]),
          SESSION_SECRET: 'x'.repeat(40),
          DATABASE_PATH: join(folder, 'sessions.sqlite'),
          RECIPIENT_SIRET: '130 025 265 00013',
          DATA_PROVIDER_URL: kit.provider.url,
          FC_DATA_SCOPES: 'cnaf_quotient_familial cnaf_enfants',
        },
        ready: /listening on/,
      },
    );
    try {
      const user = new FranceConnectUser({ franceConnectUrl: kit.fc.url });
      const base = `http://127.0.0.1:${kit.ports[1]}`;
      const departure = await user.signIn(`${base}/auth/data?returnTo=/aides`);
      const back = await user.fetch(departure.url);
      assert.equal(back.headers.get('location'), '/aides?notice=data-retrieved');
      const data = (await (await user.fetch(`${base}/api/data`)).json()) as { data: Record<string, unknown> };
      assert.deepEqual(Object.keys(data.data).sort(), ['enfants', 'quotient_familial']);
    } finally {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('outbound TLS towards the data provider', () => {
  let certificate: Certificate;
  let restoreTlsDefaults: () => void;
  before(() => {
    certificate = selfSignedCertificate();
  });
  beforeEach(() => {
    restoreTlsDefaults = loosenProcessTlsDefaults();
  });
  afterEach(() => restoreTlsDefaults());

  /** An https data provider answering the family quotient, over TLS up to `maxVersion`. */
  const providerOver = (maxVersion: tls.SecureVersion) =>
    httpsServerUpTo(maxVersion, certificate, (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { quotient_familial: { valeur: 700 } } }));
    });

  it('retrieves over TLS 1.2 and refuses a provider that only speaks TLS 1.1 (qualification #18)', async () => {
    const kit = await startDataKit(2);
    const good = await providerOver('TLSv1.2');
    const old = await providerOver('TLSv1.1');
    const apps = [
      await startDataBff(kit, kit.ports[0] ?? 0, {
        dataProviderUrl: good.url,
        trustedCertificates: certificate.cert.toString(),
      }),
      await startDataBff(kit, kit.ports[1] ?? 0, {
        dataProviderUrl: old.url,
        trustedCertificates: certificate.cert.toString(),
      }),
    ];
    try {
      const [working, refusing] = apps.map((app) => new Person(app, kit));
      assert.ok(working && refusing);
      await working.signIn();
      assert.equal((await working.retrieve()).location, '/mes-aides?notice=data-retrieved');
      assert.equal((await working.data()).quotient, 700);
      assert.deepEqual(good.handshakes, ['TLSv1.2']);

      await refusing.signIn();
      assert.equal((await refusing.retrieve()).location, '/mes-aides?notice=data-unavailable');
      assert.equal((await refusing.data()).body?.failure?.code, 'unavailable');
      assert.deepEqual(old.handshakes, [], 'no TLS 1.1 session was established');
      assert.ok(
        apps[1]
          ?.entries()
          .some((entry) => entry.event === 'data.failed' && String(entry.detail).includes('tls')),
      );
    } finally {
      for (const app of apps) await app.close();
      for (const server of [good, old]) await server.stop();
      await kit.close();
    }
  });
});
