import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  configFromEnv,
  MemoryRetrievedDataStore,
  RedisRetrievedDataStore,
  RetrievedDataStoreUnavailableError,
  StoreUnavailableError,
  type RetrievedData,
  type RetrievedDataStore,
} from '@franceconnect-kit/bff';
import { createClient } from 'redis';
import { startRedis, type TestRedis } from './helpers/redis.js';

// One contract for every RetrievedDataStore (memory, Redis), then what Redis adds: sharing between
// instances, sealing (a dump reveals nothing), key rotation, an outage.

const key = () => randomBytes(32).toString('base64');

function retrieved(value: number): RetrievedData {
  return {
    apis: {
      quotient_familial: {
        provider: 'http://127.0.0.1:3002',
        endpoint: '/v3/dss/quotient_familial/france_connect',
        scopes: ['cnaf_quotient_familial'],
        retrievedAt: '2026-11-21T09:42:00.000Z',
        data: { quotient_familial: { fournisseur: 'CNAF', valeur: value, allocataire: 'Angéla DUBOIS' } },
        failure: null,
      },
    },
    failure: null,
  };
}

function contract(name: string, open: () => Promise<RetrievedDataStore>) {
  describe(`${name} retrieved-data store (contract)`, () => {
    let store: RetrievedDataStore;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store.close();
    });

    it('keeps data for its session and user only', async () => {
      await store.set('session-a', 'user-1', retrieved(812), 60);
      assert.deepEqual(await store.get('session-a', 'user-1'), retrieved(812));
      assert.equal(await store.get('session-a', 'user-2'), undefined, 'another user never reads it');
      assert.equal(await store.get('session-b', 'user-1'), undefined);
      await store.set('session-a', 'user-1', retrieved(900), 60);
      assert.deepEqual(await store.get('session-a', 'user-1'), retrieved(900), 'replaced');
    });

    it('forgets a session, and every session of a user', async () => {
      await store.set('s1', 'u1', retrieved(1), 60);
      await store.set('s2', 'u1', retrieved(2), 60);
      await store.set('s3', 'u2', retrieved(3), 60);
      await store.forgetSession('s1');
      assert.equal(await store.get('s1', 'u1'), undefined);
      assert.equal(await store.forgetUser('u1'), 1);
      assert.equal(await store.get('s2', 'u1'), undefined);
      assert.deepEqual(await store.get('s3', 'u2'), retrieved(3), 'others keep theirs');
    });

    it('forgets data at its expiry', async () => {
      await store.set('s-expire', 'u', retrieved(4), 1);
      assert.ok(await store.get('s-expire', 'u'));
      await sleep(2100);
      assert.equal(await store.get('s-expire', 'u'), undefined);
    });
  });
}

describe('retrieved-data stores', () => {
  let redis: TestRedis;
  const keys = [key()];

  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis.stop();
  });

  contract('memory', () => Promise.resolve(new MemoryRetrievedDataStore()));
  contract('Redis', () => Promise.resolve(new RedisRetrievedDataStore({ url: redis.url, keys })));

  describe('Redis', () => {
    it('shares data between instances, and a dump reveals neither the data nor whose it is', async () => {
      const first = new RedisRetrievedDataStore({ url: redis.url, keys });
      const second = new RedisRetrievedDataStore({ url: redis.url, keys });
      const raw = createClient({ url: redis.url });
      await raw.connect();
      try {
        await raw.flushAll();
        const sessionId = 'sess-VISIBLE-ID-123';
        const userId = 'user-VISIBLE-ID-456';
        await first.set(sessionId, userId, retrieved(777), 60);
        assert.deepEqual(
          await second.get(sessionId, userId),
          retrieved(777),
          'read through another instance',
        );
        const names = await raw.keys('*');
        assert.ok(names.length > 0);
        const dump = [
          ...names,
          ...(await Promise.all(
            names.map(async (name) => {
              const type = await raw.type(name);
              return type === 'set' ? (await raw.sMembers(name)).join(' ') : ((await raw.get(name)) ?? '');
            }),
          )),
        ].join('\n');
        for (const secret of ['777', 'CNAF', 'quotient', 'Angéla', 'DUBOIS', 'VISIBLE-ID']) {
          assert.ok(!dump.includes(secret), `${secret} is readable in Redis`);
        }
        for (const name of names) {
          const ttl = await raw.ttl(name);
          assert.ok(ttl > 0 && ttl <= 60, `${name} expires (${ttl})`);
        }
        assert.equal(await second.forgetUser(userId), 1);
        assert.deepEqual(await raw.keys('*'), [], 'nothing left once forgotten');
      } finally {
        await raw.close();
        await first.close();
        await second.close();
      }
    });

    it('never opens a value moved under another session, nor one sealed with an unknown key', async () => {
      const store = new RedisRetrievedDataStore({ url: redis.url, keys });
      const raw = createClient({ url: redis.url });
      await raw.connect();
      try {
        await raw.flushAll();
        await store.set('victim', 'user-v', retrieved(1), 60);
        const [victimKey] = await raw.keys('fc-bff:data:*');
        assert.ok(victimKey);
        await store.set('attacker', 'user-a', retrieved(2), 60);
        const attackerKey = (await raw.keys('fc-bff:data:*')).find((name) => name !== victimKey);
        assert.ok(attackerKey);
        await raw.set(attackerKey, (await raw.get(victimKey)) ?? '');
        assert.equal(await store.get('attacker', 'user-a'), undefined, 'bound to its session and user');
        const stranger = new RedisRetrievedDataStore({ url: redis.url, keys: [key()] });
        assert.equal(await stranger.get('victim', 'user-v'), undefined);
        await stranger.close();
      } finally {
        await raw.close();
        await store.close();
      }
    });

    it('rotates keys: the newest seals, the older ones still open what they sealed', async () => {
      const [oldKey, newKey] = [key(), key()];
      const before = new RedisRetrievedDataStore({ url: redis.url, keys: [oldKey] });
      const during = new RedisRetrievedDataStore({ url: redis.url, keys: [newKey, oldKey] });
      const afterwards = new RedisRetrievedDataStore({ url: redis.url, keys: [newKey] });
      try {
        await before.set('rotating', 'u', retrieved(10), 60);
        assert.deepEqual(await during.get('rotating', 'u'), retrieved(10), 'old data still readable');
        assert.equal(await afterwards.get('rotating', 'u'), undefined, 'the old key is gone');
        await during.set('rotating', 'u', retrieved(11), 60);
        assert.deepEqual(await afterwards.get('rotating', 'u'), retrieved(11), 'sealed with the new key');
        assert.equal(await during.forgetUser('u'), 1);
      } finally {
        await Promise.all([before.close(), during.close(), afterwards.close()]);
      }
    });

    it('rejects with a StoreUnavailableError while Redis is down, and recovers', async () => {
      const store = new RedisRetrievedDataStore({ url: redis.url, keys });
      try {
        await store.ping();
        await redis.stop();
        await assert.rejects(
          store.get('s', 'u'),
          (error: unknown) =>
            error instanceof RetrievedDataStoreUnavailableError && error instanceof StoreUnavailableError,
        );
        await redis.restart();
        const deadline = Date.now() + 15_000;
        for (;;) {
          try {
            await store.ping();
            break;
          } catch (error) {
            if (Date.now() > deadline) throw error;
            await sleep(100);
          }
        }
        await store.set('s', 'u', retrieved(5), 60);
        assert.deepEqual(await store.get('s', 'u'), retrieved(5));
      } finally {
        await store.close();
      }
    });
  });
});

describe('retrieved-data store configuration', () => {
  const REQUIRED = {
    FC_CLIENT_ID: 'client-id',
    FC_CLIENT_SECRET: 'client-secret',
    PUBLIC_URL: 'https://demarches.example.fr',
    SESSION_SECRET: 'x'.repeat(32),
    RECIPIENT_SIRET: '21990000000015',
  };

  it('reads DATA_STORE, DATA_STORE_KEY (several, newest first) and DATA_REDIS_URL', () => {
    const [first, second] = [key(), key()];
    const result = configFromEnv({
      ...REQUIRED,
      DATA_STORE: 'redis',
      DATA_STORE_KEY: `${first} ${second}`,
      DATA_REDIS_URL: 'redis://cache.internal:6380',
    });
    assert.ok(result.ok);
    assert.equal(result.settings.retrievedDataStore, 'redis');
    assert.deepEqual(result.settings.dataStoreKey, [first, second]);
    assert.equal(result.settings.dataRedisUrl, 'redis://cache.internal:6380');
  });

  it('names the variable of each mistake, and never echoes a key', () => {
    const shortKey = randomBytes(16).toString('base64');
    const cases: Array<[Record<string, string>, string]> = [
      [{ DATA_STORE: 'redis' }, 'DATA_STORE_KEY'],
      [{ DATA_STORE: 'redis', DATA_STORE_KEY: shortKey }, 'DATA_STORE_KEY'],
      [{ DATA_STORE: 'disk' }, 'DATA_STORE'],
      [{ DATA_STORE_KEY: key() }, 'DATA_STORE_KEY'],
      [{ DATA_STORE: 'redis', DATA_STORE_KEY: key(), DATA_REDIS_URL: 'http://x' }, 'DATA_REDIS_URL'],
    ];
    for (const [env, variable] of cases) {
      const result = configFromEnv({ ...REQUIRED, ...env });
      assert.equal(result.ok, false, JSON.stringify(env));
      if (result.ok) continue;
      assert.deepEqual(
        result.problems.map((line) => line.split(':')[0]),
        [variable],
        JSON.stringify(result.problems),
      );
      assert.ok(!result.problems.join('\n').includes(shortKey), 'the key is not echoed');
    }
    const withoutRecipient = configFromEnv({
      ...REQUIRED,
      RECIPIENT_SIRET: '',
      DATA_STORE: 'redis',
      DATA_STORE_KEY: key(),
    });
    assert.equal(withoutRecipient.ok, false);
    assert.match(withoutRecipient.ok ? '' : withoutRecipient.problems.join('\n'), /^RECIPIENT_SIRET:/m);
  });
});
