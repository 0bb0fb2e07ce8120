import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DEMO_DATA_PROVIDER,
  demoClient,
  startDataProvider,
  startMockFranceConnect,
  type RunningDataProvider,
  type RunningMockFranceConnect,
} from '@franceconnect-kit/mock-franceconnect';
import { createClient } from 'redis';
import { FranceConnectUser } from '../helpers/franceconnect-user.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { freePort, startProcess, type Started } from '../helpers/processes.js';
import { RoundRobinProxy } from '../helpers/round-robin-proxy.js';
import { startRedis, type TestRedis } from '../bff/helpers/redis.js';

// Several instances on shared infrastructure, out of the box: PostgreSQL (accounts), Redis (sessions
// and retrieved data), the local FranceConnect and its data provider, and two franceconnect-bff
// processes behind a round-robin load balancer. The journeys cross the instances; the assertions read
// the stores themselves.

const RECIPIENT_SIRET = '21990000000015';

describe('two franceconnect-bff instances behind a load balancer', () => {
  const cli = join(import.meta.dirname, '../../packages/bff/dist/cli.js');
  let postgres: TestPostgres;
  let redis: TestRedis;
  let fc: RunningMockFranceConnect;
  let provider: RunningDataProvider;
  let databaseUrl: string;
  let publicUrl: string;
  const proxy = new RoundRobinProxy();
  const instances = new Map<string, { port: number; process: Started }>();
  const env: Record<string, string> = {};

  async function start(name: string, port: number): Promise<void> {
    const started = await startProcess(process.execPath, [cli], {
      env: { ...env, PORT: String(port) },
      ready: /listening on/,
    });
    instances.set(name, { port, process: started });
    proxy.set(name, port);
  }

  /** SIGTERM (graceful) or SIGKILL, and wait until the process is gone. */
  async function stop(name: string, signal: 'SIGTERM' | 'SIGKILL'): Promise<number | null> {
    const instance = instances.get(name);
    assert.ok(instance);
    const child = instance.process.child;
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  before(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    databaseUrl = await postgres.createDatabase('accounts');
    const proxyPort = await freePort();
    publicUrl = `http://127.0.0.1:${proxyPort}`;
    await proxy.listen(proxyPort);
    const client = demoClient(publicUrl);
    fc = await startMockFranceConnect({ port: 0, clients: [client] });
    provider = await startDataProvider({
      port: 0,
      issuer: fc.issuer,
      client_id: DEMO_DATA_PROVIDER.client_id,
      client_secret: DEMO_DATA_PROVIDER.client_secret,
    });
    Object.assign(env, {
      FC_ISSUER: fc.issuer,
      FC_CLIENT_ID: client.client_id,
      FC_CLIENT_SECRET: client.client_secret,
      PUBLIC_URL: publicUrl,
      SESSION_SECRET: 'one secret shared by every instance, 32+ characters',
      SESSION_STORE: 'redis',
      REDIS_URL: redis.url,
      ACCOUNTS: 'on',
      DATABASE_URL: databaseUrl,
      RECIPIENT_SIRET,
      DATA_PROVIDER_URL: provider.url,
      DATA_STORE: 'redis',
      DATA_STORE_KEY: randomBytes(32).toString('base64'),
    });
    // Both start at once on an empty database: one migrates, the other waits for it.
    const [portA, portB] = [await freePort(), await freePort()];
    await Promise.all([start('a', portA), start('b', portB)]);
  });

  after(async () => {
    for (const name of instances.keys()) await stop(name, 'SIGTERM').catch(() => undefined);
    await proxy.close();
    await provider?.close();
    await fc?.close();
    await Promise.all([redis?.stop(), postgres?.close()]);
  });

  /** A person with a browser (a cookie jar), talking to the load balancer. */
  function person() {
    const user = new FranceConnectUser({ franceConnectUrl: fc.url });
    const api = async <T>(method: string, path: string, body?: unknown, via?: string) => {
      const me = method === 'GET' ? undefined : await api<{ csrfToken: string }>('GET', '/api/me');
      if (via) proxy.sendNextTo(via);
      const response = await user.fetch(`${publicUrl}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          origin: publicUrl,
          ...(me ? { 'x-csrf-token': me.body.csrfToken } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: (text === '' ? {} : JSON.parse(text)) as T,
        by: response.headers.get('x-served-by'),
      };
    };
    return {
      user,
      api,
      /** FranceConnect's screens, then the callback through the load balancer. */
      async signIn(path = '/auth/login?returnTo=%2Fprofil', login = 'test', via?: string) {
        const departure = await user.signIn(`${publicUrl}${path}`, { login });
        if (via) proxy.sendNextTo(via);
        const callback = await user.fetch(departure.url);
        await callback.body?.cancel();
        return {
          status: callback.status,
          location: callback.headers.get('location') ?? '',
          by: callback.headers.get('x-served-by'),
        };
      },
    };
  }

  async function redisKeys(pattern: string): Promise<string[]> {
    const raw = createClient({ url: redis.url });
    await raw.connect();
    try {
      return await raw.keys(pattern);
    } finally {
      await raw.close();
    }
  }

  let marie: ReturnType<typeof person>;
  let accountId = '';

  it('signs up on one instance and shows the profile on the other', async () => {
    marie = person();
    const back = await marie.signIn('/auth/login?returnTo=%2Fprofil', 'test', 'a');
    assert.equal(back.status, 303);
    assert.equal(back.by, 'a');
    assert.match(back.location, /^\/compte\/inscription\?returnTo=/);
    const signUp = await marie.api<{ account: { id: string } }>(
      'POST',
      '/api/signup',
      { email: 'marie@example.fr' },
      'a',
    );
    assert.equal(signUp.status, 201);
    assert.equal(signUp.by, 'a');
    accountId = signUp.body.account.id;
    const profile = await marie.api<{ editable: { email: string }; locked: { family_name: string } }>(
      'GET',
      '/api/profile',
      undefined,
      'b',
    );
    assert.equal(profile.by, 'b');
    assert.equal(profile.status, 200);
    assert.equal(profile.body.editable.email, 'marie@example.fr');
    assert.equal(profile.body.locked.family_name, 'DUPUIS');
    const rows = await postgres.query<{ email: string }>(
      'SELECT email FROM accounts WHERE id = $1',
      [accountId],
      'accounts',
    );
    assert.deepEqual(rows, [{ email: 'marie@example.fr' }], 'the account is in PostgreSQL');
  });

  it('retrieves data through one instance and reads it through the other', async () => {
    const retrieval = await marie.signIn(
      '/auth/data?scopes=cnaf_quotient_familial&returnTo=%2Fmes-aides',
      'test',
      'b',
    );
    assert.equal(retrieval.by, 'b');
    assert.match(retrieval.location, /notice=data-retrieved/);
    for (const via of ['a', 'b']) {
      const data = await marie.api<{ data: { quotient_familial?: { valeur: number } } }>(
        'GET',
        '/api/data',
        undefined,
        via,
      );
      assert.equal(data.by, via);
      assert.equal(data.status, 200);
      assert.equal(data.body.data.quotient_familial?.valeur, 812);
    }
    assert.equal((await redisKeys('fc-bff:data:*')).length, 1, 'kept once, in Redis');
  });

  it('ends, from one instance, the sessions of a deleted account served by both', async () => {
    const phone = person();
    const second = await phone.signIn('/auth/login?returnTo=%2Fprofil', 'test', 'b');
    assert.equal(second.by, 'b');
    assert.equal(second.location, '/profil', 'the account exists for the second device too');
    for (const device of [marie, phone]) {
      for (const via of ['a', 'b'])
        assert.equal((await device.api('GET', '/api/me', undefined, via)).status, 200);
    }
    const sessionsBefore = await redisKeys('fc-bff:sess:*');
    assert.ok(sessionsBefore.length >= 2);

    const deletion = await marie.api('DELETE', '/api/account', undefined, 'a');
    assert.equal(deletion.by, 'a');
    assert.equal(deletion.status, 200);
    for (const device of [marie, phone]) {
      for (const via of ['a', 'b']) {
        const me = await device.api('GET', '/api/me', undefined, via);
        assert.equal(me.status, 204, `signed out on ${via}`);
      }
    }
    // The stores themselves: no account row, no session of that user, no index, no retrieved data.
    assert.deepEqual(
      await postgres.query('SELECT id FROM accounts WHERE id = $1', [accountId], 'accounts'),
      [],
    );
    const raw = createClient({ url: redis.url });
    await raw.connect();
    try {
      for (const key of await raw.keys('fc-bff:sess:*')) {
        assert.ok(
          !((await raw.get(key)) ?? '').includes(accountId),
          `${key} still holds the deleted account`,
        );
      }
      assert.deepEqual(await raw.keys(`fc-bff:user:${accountId}`), []);
      assert.deepEqual(await raw.keys('fc-bff:data:*'), [], 'what was retrieved is forgotten');
    } finally {
      await raw.close();
    }
  });

  it('carries on when an instance is killed in the middle of a sign-in', async () => {
    const julien = person();
    const departure = await julien.user.signIn(`${publicUrl}/auth/login?returnTo=%2Fprofil`, {
      login: 'nom_usage',
    });
    const startedOn = proxy.lastServed('/auth/login');
    assert.ok(startedOn);
    await stop(startedOn, 'SIGKILL');
    const callback = await julien.user.fetch(departure.url);
    await callback.body?.cancel();
    assert.equal(callback.status, 303);
    assert.notEqual(callback.headers.get('x-served-by'), startedOn, 'finished by the instance still up');
    assert.match(callback.headers.get('location') ?? '', /^\/compte\/inscription/);
    const signUp = await julien.api<{ account: { email: string } }>('POST', '/api/signup', {
      email: 'julien@example.fr',
    });
    assert.equal(signUp.status, 201);
    await start(startedOn, instances.get(startedOn)?.port ?? 0);
  });

  it('loses nobody’s session through a rolling restart', async () => {
    const people = [person(), person(), person()];
    for (const [index, someone] of people.entries()) {
      const back = await someone.signIn(
        '/auth/login?returnTo=%2Fprofil',
        ['nom_compose', 'nom_usage', 'test'][index],
      );
      if (back.location.startsWith('/compte/inscription')) {
        const signUp = await someone.api('POST', '/api/signup', { email: `personne${index}@example.fr` });
        assert.equal(signUp.status, 201);
      }
    }
    const statuses: number[] = [];
    let restarting = true;
    const traffic = (async () => {
      while (restarting) {
        for (const someone of people) statuses.push((await someone.api('GET', '/api/me')).status);
      }
    })();
    for (const name of ['a', 'b']) {
      const port = instances.get(name)?.port ?? 0;
      const requestsBefore = statuses.length;
      assert.equal(await stop(name, 'SIGTERM'), 0, `${name} stopped cleanly`);
      await start(name, port);
      // Some traffic while the other instance alone served, then with both again.
      const deadline = Date.now() + 30_000;
      while (statuses.length < requestsBefore + 6 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    restarting = false;
    await traffic;
    assert.ok(statuses.length >= 12, `requests during the restart: ${statuses.length}`);
    assert.deepEqual(
      statuses.filter((status) => status !== 200),
      [],
      'every request answered, every session kept',
    );
    for (const via of ['a', 'b']) {
      for (const someone of people)
        assert.equal((await someone.api('GET', '/api/me', undefined, via)).status, 200);
    }
  });
});
