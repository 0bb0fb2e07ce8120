import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DATA_FAILURE_MESSAGES,
  MemoryRetrievedDataStore,
  NOTICES,
  type OutboundInterceptor,
} from '@franceconnect-kit/bff';
import { DEFAULT_SCOPES } from '@franceconnect-kit/protocol';
import { assertNotLogged } from './helpers/attempt.js';
import type { TestBff } from './helpers/bff.js';
import {
  jarWithServiceCookieOnly,
  Person,
  RECIPIENT_SIRET,
  startDataBff,
  startDataKit,
  type DataKit,
} from './helpers/data-kit.js';

// « Récupérer ses données avec FranceConnect » (qualification #8d) against the local FranceConnect
// and its real data provider: consent only within FranceConnect's session, the data kept for the
// session only (never in the SQLite file), gone at logout, and never the access token outside the
// server's memory.

/**
 * Strings found only in what the data provider answers (not scope names: those also travel with the
 * pending authorization, wherever the BFF keeps it while FranceConnect is on screen).
 */
const RETRIEVED_ONLY = ['"fournisseur"', '"valeur"', 'annee_calcul', 'numero_libelle_voie', 'BÂTIMENT B'];

describe('data retrieval against the local FranceConnect and its data provider', () => {
  let kit: DataKit;
  let app: TestBff;
  let folder: string;
  const databasePath = () => join(folder, 'sessions.sqlite');
  /** Access tokens FranceConnect issued to the BFF, and what the BFF sent to the data provider. */
  const accessTokens: string[] = [];
  const providerCalls: Array<{ url: URL; authorization: string | undefined }> = [];
  const observe: OutboundInterceptor = async (url, request, send) => {
    if (url.startsWith(kit.provider.url)) {
      const headers = new Headers(request.headers);
      providerCalls.push({ url: new URL(url), authorization: headers.get('authorization') ?? undefined });
    }
    const response = await send(url, request);
    if (url.endsWith('/token') && response.status === 200) {
      const body = (await response.clone().json()) as { access_token?: string };
      if (body.access_token) accessTokens.push(body.access_token);
    }
    return response;
  };

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'bff-data-'));
    kit = await startDataKit(1);
    app = await startDataBff(kit, kit.ports[0] ?? 0, {
      sessionStore: 'sqlite',
      databasePath: databasePath(),
      interceptOutbound: observe,
      dataScopes: ['cnaf_quotient_familial', 'cnaf_adresse'],
    });
  });
  after(async () => {
    await app.close();
    await kit.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('right after a FranceConnect sign-in, asks only for consent and brings the family quotient back', async () => {
    const person = new Person(app, kit);
    const signIn = await person.signIn();
    assert.deepEqual(signIn.departure.screens, ['identity-provider', 'login', 'consent']);
    const before = await person.me();

    const started = await person.user.fetch(
      `${app.url}/auth/data?scopes=cnaf_quotient_familial&returnTo=${encodeURIComponent('/mes-aides?etape=2')}`,
    );
    assert.equal(started.status, 302);
    const authorize = new URL(started.headers.get('location') ?? '');
    assert.equal(`${authorize.origin}${authorize.pathname}`, `${kit.fc.issuer}/authorize`);
    // The identity scopes and the data scope asked for, nothing else.
    assert.deepEqual(authorize.searchParams.get('scope')?.split(' '), [
      ...DEFAULT_SCOPES,
      'cnaf_quotient_familial',
    ]);

    const departure = await person.user.signIn(authorize);
    assert.deepEqual(departure.screens, ['consent'], 'within FranceConnect’s session, consent only');
    const callback = await person.user.fetch(departure.url);
    assert.equal(callback.status, 303);
    assert.equal(callback.headers.get('location'), '/mes-aides?etape=2&notice=data-retrieved');

    const { status, body } = await person.data();
    assert.equal(status, 200);
    assert.deepEqual(body?.data, {
      quotient_familial: {
        fournisseur: 'CNAF',
        valeur: 812,
        annee: 2026,
        mois: 9,
        annee_calcul: 2026,
        mois_calcul: 10,
      },
    });
    assert.deepEqual(
      body?.sources.map(({ retrievedAt: _at, ...source }) => source),
      [
        {
          api: 'quotient_familial',
          provider: kit.provider.url,
          endpoint: '/v3/dss/quotient_familial/france_connect',
          scopes: ['cnaf_quotient_familial'],
        },
      ],
    );
    const at = Date.parse(body?.retrievedAt ?? '');
    assert.ok(Date.now() - at < 60_000 && at <= Date.now(), 'retrievedAt is now');
    assert.equal(body?.sources[0]?.retrievedAt, body?.retrievedAt);
    assert.equal(body?.failure, null);

    // The provider was called once, with the access token and the configured SIRET as recipient.
    const call = providerCalls.at(-1);
    assert.equal(call?.url.pathname, '/v3/dss/quotient_familial/france_connect');
    assert.equal(call?.url.searchParams.get('recipient'), RECIPIENT_SIRET);
    assert.equal(call?.authorization, `Bearer ${accessTokens.at(-1)}`);

    // The session is the same one: same person, same CSRF token.
    const afterwards = await person.me();
    assert.equal(afterwards.status, 200);
    assert.deepEqual(afterwards.body?.identity, before.body?.identity);
    assert.equal(afterwards.body?.csrfToken, before.body?.csrfToken);
  });

  it('asks for every scope of the allow-list when none is named, and keeps each part', async () => {
    const person = new Person(app, kit);
    await person.signIn('nom_usage');
    const { departure, location } = await person.retrieve('returnTo=/mes-aides');
    assert.deepEqual(departure.screens, ['consent']);
    assert.equal(location, '/mes-aides?notice=data-retrieved');
    const { body } = await person.data();
    assert.deepEqual(Object.keys(body?.data ?? {}).sort(), ['adresse', 'quotient_familial']);
    assert.deepEqual(body?.sources[0]?.scopes, ['cnaf_quotient_familial', 'cnaf_adresse']);
  });

  it('signs in a person who was not signed in: FranceConnect asks for the credentials, then consent', async () => {
    const person = new Person(app, kit);
    assert.equal((await person.me()).status, 204);
    const { departure, location } = await person.retrieve();
    assert.deepEqual(departure.screens, ['identity-provider', 'login', 'consent']);
    assert.equal(location, '/mes-aides?notice=data-retrieved');
    const me = await person.me();
    assert.equal(me.status, 200);
    assert.equal(me.body?.identity?.family_name, 'DUPUIS');
    assert.equal((await person.data()).quotient, 812);
  });

  it('refuses data of another person than the one signed in, keeping the session as it was', async () => {
    // Marie signs in; later, in the same browser, FranceConnect's session is Julien's.
    const marie = new Person(app, kit);
    await marie.signIn('test');
    const before = await marie.me();
    const julien = new Person(app, kit, jarWithServiceCookieOnly(marie.user, app.url));
    const { departure, location } = await julien.retrieve(
      'scopes=cnaf_quotient_familial&returnTo=/mes-aides',
      {
        login: 'nom_usage',
      },
    );
    assert.deepEqual(departure.screens, ['identity-provider', 'login', 'consent']);
    assert.equal(location, '/mes-aides?notice=data-identity-mismatch');
    const calls = providerCalls.length;
    const { status, body } = await julien.data();
    assert.equal(status, 200);
    assert.deepEqual(body?.data, {}, 'nothing was retrieved');
    assert.equal(body?.failure?.code, 'identity_mismatch');
    assert.equal(body?.failure?.message, DATA_FAILURE_MESSAGES.identity_mismatch);
    assert.equal(providerCalls.length, calls, 'the data provider was not called');
    const after = await julien.me();
    assert.equal(after.status, 200);
    assert.deepEqual(after.body?.identity, before.body?.identity, 'still Marie’s session');
    assert.equal(NOTICES['data-identity-mismatch'], DATA_FAILURE_MESSAGES.identity_mismatch);
  });

  it('goes back to the form when the person cancels at FranceConnect, losing nothing', async () => {
    const person = new Person(app, kit);
    await person.signIn();
    await person.retrieve();
    const { departure, location } = await person.retrieve(undefined, { cancelAt: 'consent' });
    assert.equal(departure.params.get('error'), 'access_denied');
    assert.equal(location, '/mes-aides?notice=data-cancelled');
    const { body, quotient } = await person.data();
    assert.equal(quotient, 812, 'what was retrieved before is kept');
    assert.equal(body?.failure?.code, 'cancelled');
    assert.equal((await person.me()).status, 200);
  });

  it('sends the browser back to a same-origin path only', async () => {
    const person = new Person(app, kit);
    await person.signIn();
    for (const returnTo of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const { location } = await person.retrieve(`returnTo=${encodeURIComponent(returnTo)}`);
      assert.equal(location, '/?notice=data-retrieved', returnTo);
    }
  });

  it('never stores the access token in the session nor sends it to the browser, and logs no data', async () => {
    const person = new Person(app, kit);
    const seen: string[] = [];
    const record = async (response: Response) => {
      response.headers.forEach((value, name) => seen.push(`${name}: ${value}`));
      seen.push(await response.clone().text());
    };
    await person.signIn('ne_a_l_etranger');
    const start = await person.user.fetch(`${app.url}/auth/data?returnTo=/mes-aides`);
    await record(start);
    const departure = await person.user.signIn(start.headers.get('location') ?? '');
    const callback = await person.user.fetch(departure.url);
    await record(callback);
    const data = await person.user.fetch(`${app.url}/api/data`);
    await record(data);
    const body = (await data.json()) as { data: { quotient_familial: { valeur: number } } };
    assert.equal(body.data.quotient_familial.valeur, 520);
    const token = accessTokens.at(-1) ?? '';
    assert.ok(token.length > 20);
    assert.equal(seen.join('\n').includes(token), false, 'the access token reached the browser');
    assert.doesNotMatch(seen.join('\n'), /access_token|Bearer/);

    const stored = sqliteBytes();
    assert.equal(stored.includes(token), false, 'the access token is in the SQLite file');
    for (const value of RETRIEVED_ONLY) {
      assert.equal(stored.includes(value), false, `retrieved data (${value}) is in the SQLite file`);
    }
    assert.equal(stored.includes('BENALI'), true, 'control: the identity is in the session, in that file');

    assertNotLogged(app.lines, [token, ...accessTokens, '"valeur":520', 'BÂTIMENT B', RECIPIENT_SIRET]);
    assert.ok(app.entries().some((entry) => entry.event === 'data.retrieved'));
  });

  it('forgets the data at logout: nothing in memory, nothing for the old cookie, nothing in the file', async () => {
    const person = new Person(app, kit);
    await person.signIn('date_presumee_jour');
    await person.retrieve('returnTo=/mes-aides');
    assert.equal((await person.data()).status, 200);
    const store = app.bff.retrievedDataStore;
    assert.ok(store instanceof MemoryRetrievedDataStore);
    const kept = store.size;
    assert.ok(kept >= 1);
    const oldCookie = person.user.jar.header(new URL(app.url)) ?? '';

    await person.logout();
    assert.equal(store.size, kept - 1, 'the data of that session is forgotten');
    const replay = await fetch(`${app.url}/api/data`, { headers: { cookie: oldCookie } });
    assert.equal(replay.status, 204);
    // Signing in again in that browser does not bring the data back.
    const again = await person.signIn('date_presumee_jour');
    assert.deepEqual(again.departure.screens, ['identity-provider', 'login', 'consent']);
    assert.equal((await person.data()).status, 204);

    const stored = sqliteBytes();
    for (const value of RETRIEVED_ONLY) {
      assert.equal(stored.includes(value), false, `${value} is in the SQLite file`);
    }
  });

  it('answers 204 (no content, not an error) without a session and when nothing was retrieved', async () => {
    const person = new Person(app, kit);
    const anonymous = await person.data();
    assert.equal(anonymous.status, 204);
    assert.equal(anonymous.text, '');
    await person.signIn();
    const nothing = await person.data();
    assert.equal(nothing.status, 204);
    assert.equal(nothing.text, '');
    const response = await person.user.fetch(`${app.url}/api/data`);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    await response.body?.cancel();
  });

  /** The SQLite database file and its write-ahead log, byte for byte, deleted pages included. */
  function sqliteBytes(): { includes(text: string): boolean } {
    const bytes = Buffer.concat(
      [databasePath(), `${databasePath()}-wal`, `${databasePath()}-shm`]
        .filter((path) => existsSync(path))
        .map((path) => readFileSync(path)),
    );
    return { includes: (text: string) => bytes.includes(Buffer.from(text, 'utf8')) };
  }
});
