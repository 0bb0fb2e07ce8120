import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATA_FAILURE_MESSAGES, NOTICES, type DataFailureCode } from '@franceconnect-kit/bff';
import { DEMO_DATA_PROVIDER } from '@franceconnect-kit/mock-franceconnect';
import { freePort } from '../helpers/processes.js';
import type { TestBff } from './helpers/bff.js';
import {
  Person,
  startDataBff,
  startDataKit,
  startMisbehavingProvider,
  type DataKit,
  type Misbehaviour,
  type MisbehavingProvider,
} from './helpers/data-kit.js';

// Every way a data provider can fail — down, hanging, 401, 403, 404, an answer that is not the
// expected JSON — ends with a clear message on the form's page, in /api/data too, and loses nothing:
// the person stays signed in, and what was retrieved before stays.

const RETURN_TO = '/mes-aides';

describe('data provider failures', () => {
  let kit: DataKit;
  let faulty: MisbehavingProvider;
  let app: TestBff;
  let down: TestBff;

  before(async () => {
    kit = await startDataKit(2);
    faulty = await startMisbehavingProvider({ kind: 'proxy', to: '' });
    app = await startDataBff(kit, kit.ports[0] ?? 0, { dataProviderUrl: faulty.url, dataHttpTimeout: 1 });
    // Nothing listens there: the port was free a moment ago and is never bound.
    down = await startDataBff(kit, kit.ports[1] ?? 0, {
      dataProviderUrl: `http://127.0.0.1:${await freePort()}`,
    });
  });
  after(async () => {
    await app.close();
    await down.close();
    await faulty.close();
    await kit.close();
  });

  /**
   * Signs in, retrieves the family quotient once through a working provider, then tries again while
   * the provider misbehaves; checks the message, and that the session and the earlier data are kept.
   */
  async function failingRetrieval(behaviour: Misbehaviour, expected: DataFailureCode): Promise<Person> {
    const person = new Person(app, kit);
    await person.signIn();
    faulty.behaviour = { kind: 'proxy', to: kit.provider.url };
    assert.equal((await person.retrieve()).location, `${RETURN_TO}?notice=data-retrieved`);
    const before = await person.me();

    faulty.behaviour = behaviour;
    const { departure, location } = await person.retrieve();
    assert.deepEqual(departure.screens, ['consent']);
    assert.equal(location, `${RETURN_TO}?notice=data-${expected.replace(/_/g, '-')}`);
    assert.ok(NOTICES[`data-${expected.replace(/_/g, '-')}` as keyof typeof NOTICES]);

    const { status, body, quotient } = await person.data();
    assert.equal(status, 200);
    assert.equal(body?.failure?.code, expected);
    assert.equal(body?.failure?.message, DATA_FAILURE_MESSAGES[expected]);
    assert.deepEqual(body?.failure?.scopes, ['cnaf_quotient_familial']);
    assert.equal(body?.failure?.provider, faulty.url);
    assert.equal(quotient, 812, 'the family quotient retrieved before is kept');

    const after = await person.me();
    assert.equal(after.status, 200, 'still signed in');
    assert.deepEqual(after.body?.identity, before.body?.identity);
    assert.equal(after.body?.csrfToken, before.body?.csrfToken, 'the same session');
    return person;
  }

  it('a provider that is down: « n’a pas pu être joint »', async () => {
    const person = new Person(down, kit);
    await person.signIn();
    const { location } = await person.retrieve();
    assert.equal(location, `${RETURN_TO}?notice=data-unavailable`);
    const { body } = await person.data();
    assert.equal(body?.failure?.code, 'unavailable');
    assert.match(body?.failure?.message ?? '', /n’a pas pu être joint/);
    assert.deepEqual(body?.data, {});
    assert.equal((await person.me()).status, 200);
    assert.ok(down.entries().some((entry) => entry.event === 'data.failed' && entry.code === 'unavailable'));
  });

  it('a provider that hangs: given up after the configured timeout', async () => {
    const started = Date.now();
    await failingRetrieval({ kind: 'hang' }, 'timeout');
    assert.ok(Date.now() - started < 8000, 'the BFF did not wait for ever');
  });

  it('a provider that stops sending its answer half-way: given up too', async () => {
    await failingRetrieval({ kind: 'stall' }, 'timeout');
  });

  it('a provider that drops the connection', async () => {
    await failingRetrieval({ kind: 'reset' }, 'unavailable');
  });

  it('401: the access token is refused', async () => {
    await failingRetrieval(
      { kind: 'answer', status: 401, body: JSON.stringify({ errors: [{ code: '00401', title: 'x' }] }) },
      'token_refused',
    );
    assert.ok(app.entries().some((entry) => entry.event === 'data.failed' && entry.status === 401));
  });

  it('403: this service may not receive the data', async () => {
    await failingRetrieval({ kind: 'answer', status: 403, body: '{"errors":[]}' }, 'forbidden');
  });

  it('404: no record for this person', async () => {
    await failingRetrieval(
      { kind: 'answer', status: 404, body: '{"errors":[{"code":"37003"}]}' },
      'not_found',
    );
    const line = app
      .entries()
      .filter((entry) => entry.event === 'data.failed')
      .at(-1);
    assert.equal(line?.detail, 'the data provider answered 404 (code 37003)');
  });

  it('400 and 5xx', async () => {
    await failingRetrieval({ kind: 'answer', status: 400, body: '{}' }, 'rejected');
    await failingRetrieval(
      { kind: 'answer', status: 502, body: 'Bad gateway', contentType: 'text/plain' },
      'unavailable',
    );
  });

  it('malformed JSON, HTML, JSON without data, a redirect, an answer too large', async () => {
    const cases: Misbehaviour[] = [
      { kind: 'answer', status: 200, body: '{"data": {"quotient_familial": ' },
      {
        kind: 'answer',
        status: 200,
        body: '<html><body>Maintenance</body></html>',
        contentType: 'text/html',
      },
      { kind: 'answer', status: 200, body: '{"data": [1, 2]}' },
      { kind: 'answer', status: 200, body: '{"errors": []}' },
      { kind: 'answer', status: 200, body: 'null' },
      { kind: 'answer', status: 302, body: '' },
      { kind: 'answer', status: 200, body: JSON.stringify({ data: { blob: 'x'.repeat(300_000) } }) },
    ];
    for (const behaviour of cases) await failingRetrieval(behaviour, 'invalid_response');
  });

  it('the real data provider’s 404: a person without a CAF record', async () => {
    faulty.behaviour = { kind: 'proxy', to: kit.provider.url };
    const person = new Person(app, kit);
    await person.signIn('nom_compose');
    const { location } = await person.retrieve();
    assert.equal(location, `${RETURN_TO}?notice=data-not-found`);
    const { body } = await person.data();
    assert.equal(body?.failure?.code, 'not_found');
    assert.match(body?.failure?.message ?? '', /Aucun dossier à votre nom/);
    assert.equal((await person.me()).status, 200);
  });

  it('a later success clears the failure', async () => {
    const person = await failingRetrieval({ kind: 'answer', status: 500, body: '' }, 'unavailable');
    faulty.behaviour = { kind: 'proxy', to: kit.provider.url };
    await person.retrieve();
    const { body } = await person.data();
    assert.equal(body?.failure, null);
    assert.equal(body?.sources.length, 1);
  });
});

describe('failures of the real data provider', () => {
  it('401 when the access token expired before the call reached it', async () => {
    // FranceConnect's access tokens live 1 second here; the provider is reached 1.5 s later.
    const kit = await startDataKit(1, { ttl: { accessToken: 1 } });
    const slow = await startMisbehavingProvider({ kind: 'proxy', to: kit.provider.url, delayMs: 1500 });
    const app = await startDataBff(kit, kit.ports[0] ?? 0, { dataProviderUrl: slow.url });
    try {
      const person = new Person(app, kit);
      await person.signIn();
      const { location } = await person.retrieve();
      assert.equal(location, `${RETURN_TO}?notice=data-token-refused`);
      assert.equal((await person.data()).body?.failure?.code, 'token_refused');
    } finally {
      await app.close();
      await slow.close();
      await kit.close();
    }
  });

  it('403 when FranceConnect gives the provider none of its scopes', async () => {
    // This data provider only serves cnaf_enfants; the service asks for the family quotient.
    const kit = await startDataKit(1, {
      dataProviders: [{ ...DEMO_DATA_PROVIDER, scopes: ['cnaf_enfants'] }],
    });
    const app = await startDataBff(kit, kit.ports[0] ?? 0);
    try {
      const person = new Person(app, kit);
      await person.signIn();
      const { location } = await person.retrieve();
      assert.equal(location, `${RETURN_TO}?notice=data-forbidden`);
      assert.equal((await person.data()).body?.failure?.code, 'forbidden');
      assert.equal((await person.me()).status, 200);
    } finally {
      await app.close();
      await kit.close();
    }
  });
});
