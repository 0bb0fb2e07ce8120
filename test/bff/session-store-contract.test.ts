import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  RedisSessionStore,
  SessionStoreUnavailableError,
  SqliteSessionStore,
  type SessionStore,
} from '@franceconnect-kit/bff';
import type { SessionData } from 'express-session';
import { startRedis, type TestRedis } from './helpers/redis.js';

// One contract, every real store: SQLite on a file, Redis on a redis-server spawned here.

function sessionData(expiresInMs: number, userId?: string, extra: Record<string, unknown> = {}): SessionData {
  return {
    cookie: {
      originalMaxAge: expiresInMs,
      expires: new Date(Date.now() + expiresInMs),
      httpOnly: true,
      path: '/',
    },
    franceconnect: userId
      ? {
          signedIn: {
            identity: { sub: userId },
            idToken: 'header.payload.signature',
            acr: 'eidas1',
            signedInAt: Date.now(),
            userId,
            account: null,
          },
          csrfToken: 'csrf',
        }
      : { csrfToken: 'csrf' },
    ...extra,
  } as unknown as SessionData;
}

const get = (store: SessionStore, sid: string) =>
  new Promise<SessionData | null | undefined>((resolve, reject) =>
    store.get(sid, (error, data) => (error ? reject(error as Error) : resolve(data))),
  );
const set = (store: SessionStore, sid: string, data: SessionData) =>
  new Promise<void>((resolve, reject) =>
    store.set(sid, data, (error) => (error ? reject(error as Error) : resolve())),
  );
const touch = (store: SessionStore, sid: string, data: SessionData) =>
  new Promise<void>((resolve, reject) =>
    store.touch?.(sid, data, (error?: unknown) =>
      error ? reject(error instanceof Error ? error : new Error('touch failed')) : resolve(),
    ),
  );
const destroy = (store: SessionStore, sid: string) =>
  new Promise<void>((resolve, reject) =>
    store.destroy(sid, (error) => (error ? reject(error as Error) : resolve())),
  );
const length = (store: SessionStore) =>
  new Promise<number>((resolve, reject) =>
    store.length?.((error, count) => (error ? reject(error as Error) : resolve(count ?? -1))),
  );

function contract(name: string, open: () => Promise<SessionStore>) {
  describe(`${name} session store (contract)`, () => {
    let store: SessionStore;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store.close();
    });

    it('answers ping', async () => {
      await store.ping();
    });

    it('consumes a key once, atomically, until it expires', async () => {
      const key = `state:${Math.random().toString(36).slice(2)}`;
      const attempts = await Promise.all(Array.from({ length: 8 }, () => store.consumeOnce(key, 1)));
      assert.equal(attempts.filter(Boolean).length, 1, 'exactly one of eight concurrent uses wins');
      assert.equal(await store.consumeOnce(key, 1), false);
      assert.equal(await store.consumeOnce(`${key}-other`, 1), true, 'keys are independent');
      await sleep(2100);
      assert.equal(await store.consumeOnce(key, 1), true, 'usable again once expired');
    });

    it('gives nothing for an unknown id', async () => {
      assert.equal(await get(store, 'unknown'), null);
    });

    it('keeps what was set, and forgets it when destroyed', async () => {
      const data = sessionData(60_000, undefined, { note: 'é « » ’ 😀' });
      await set(store, 'sid-keep', data);
      const stored = await get(store, 'sid-keep');
      assert.equal((stored as unknown as { note: string }).note, 'é « » ’ 😀');
      assert.deepEqual(stored?.franceconnect, data.franceconnect);
      await destroy(store, 'sid-keep');
      assert.equal(await get(store, 'sid-keep'), null);
    });

    it('overwrites a session set again', async () => {
      await set(store, 'sid-over', sessionData(60_000, undefined, { step: 1 }));
      await set(store, 'sid-over', sessionData(60_000, undefined, { step: 2 }));
      assert.equal(((await get(store, 'sid-over')) as unknown as { step: number }).step, 2);
    });

    it('forgets a session at its expiry', async () => {
      await set(store, 'sid-expire', sessionData(1000));
      assert.ok(await get(store, 'sid-expire'));
      await sleep(1600);
      assert.equal(await get(store, 'sid-expire'), null);
    });

    it('keeps a touched session past its first expiry (idle timeout renewed)', async () => {
      await set(store, 'sid-touch', sessionData(1500));
      await sleep(700);
      await touch(store, 'sid-touch', sessionData(3000));
      await sleep(1300);
      assert.ok(await get(store, 'sid-touch'), 'the touched session expired at its first expiry');
    });

    it('ends every session of one user and only those', async () => {
      for (const sid of ['a-1', 'a-2', 'a-3']) await set(store, sid, sessionData(60_000, 'user-a'));
      await set(store, 'b-1', sessionData(60_000, 'user-b'));
      await set(store, 'anonymous-1', sessionData(60_000));
      assert.equal(await store.destroyAllForUser('user-a'), 3);
      for (const sid of ['a-1', 'a-2', 'a-3']) assert.equal(await get(store, sid), null, sid);
      assert.ok(await get(store, 'b-1'));
      assert.ok(await get(store, 'anonymous-1'));
      assert.equal(await store.destroyAllForUser('user-a'), 0);
      assert.equal(await store.destroyAllForUser('nobody'), 0);
    });

    it('counts live sessions', async () => {
      const before = await length(store);
      await set(store, 'sid-count', sessionData(60_000));
      assert.equal(await length(store), before + 1);
    });
  });
}

const folder = mkdtempSync(join(tmpdir(), 'bff-sqlite-'));
after(() => rmSync(folder, { recursive: true, force: true }));
contract('SQLite', () =>
  Promise.resolve(new SqliteSessionStore({ path: join(folder, 'contract', 'sessions.sqlite') })),
);

let redis: TestRedis;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis.stop();
});
contract('Redis', async () => {
  const store = new RedisSessionStore({ url: redis.url, userIndexTtlSeconds: 3600 });
  for (let i = 0; i < 50; i++) {
    if (
      await store.ping().then(
        () => true,
        () => false,
      )
    )
      break;
    await sleep(50);
  }
  return store;
});

describe('SQLite session store', () => {
  it('keeps sessions across a restart, and purges expired rows', async () => {
    const path = join(folder, 'restart.sqlite');
    const first = new SqliteSessionStore({ path });
    await set(first, 'sid-lasting', sessionData(60_000, 'user-r'));
    await set(first, 'sid-short', sessionData(500));
    await first.close();
    await sleep(700);
    const second = new SqliteSessionStore({ path });
    try {
      assert.ok(await get(second, 'sid-lasting'));
      assert.equal(second.purgeExpired(), 1);
      assert.equal(await get(second, 'sid-short'), null);
    } finally {
      await second.close();
    }
  });

  it('erases ended sessions from its files: the identity and the ID token are no longer on the disk', async () => {
    const path = join(folder, 'erasure.sqlite');
    const files = () =>
      Buffer.concat(
        ['', '-wal', '-shm']
          .map((suffix) => `${path}${suffix}`)
          .filter((file) => existsSync(file))
          .map((file) => readFileSync(file)),
      );
    const store = new SqliteSessionStore({ path });
    try {
      const marked = (userId: string) => {
        const idToken = `eyJ.${randomBytes(12).toString('hex')}.signature`;
        const family = `DUPUIS${randomBytes(6).toString('hex')}`;
        const data = sessionData(60_000, userId) as SessionData & {
          franceconnect: { signedIn: { idToken: string; identity: Record<string, string> } };
        };
        data.franceconnect.signedIn.idToken = idToken;
        data.franceconnect.signedIn.identity = { sub: userId, family_name: family };
        return { data, secrets: [idToken, family] };
      };
      const onDisk = (secrets: string[]) => secrets.filter((secret) => files().includes(Buffer.from(secret)));

      // Logout (one session destroyed): erased within a moment.
      const logout = marked('user-logout');
      await set(store, 'sid-logout', logout.data);
      assert.deepEqual(onDisk(logout.secrets), logout.secrets, 'the scan sees what the store keeps');
      await destroy(store, 'sid-logout');
      for (let waited = 0; onDisk(logout.secrets).length > 0 && waited < 5000; waited += 50) await sleep(50);
      assert.deepEqual(onDisk(logout.secrets), [], 'a destroyed session stays on the disk');

      // Account deletion (every session of a user): erased before it resolves.
      const laptop = marked('user-deleted');
      const phone = marked('user-deleted');
      await set(store, 'sid-laptop', laptop.data);
      await set(store, 'sid-phone', phone.data);
      assert.equal(await store.destroyAllForUser('user-deleted'), 2);
      assert.deepEqual(onDisk([...laptop.secrets, ...phone.secrets]), []);

      // Expired sessions, purged: erased too.
      const expiring = marked('user-expired');
      await set(store, 'sid-expiring', {
        ...expiring.data,
        cookie: { ...expiring.data.cookie, expires: new Date(Date.now() + 300) },
      });
      await sleep(400);
      assert.equal(store.purgeExpired(), 1);
      assert.deepEqual(onDisk(expiring.secrets), []);
      for (const suffix of ['', '-wal', '-shm']) {
        assert.equal(
          statSync(`${path}${suffix}`).mode & 0o777,
          0o600,
          `${path}${suffix} is its owner's only`,
        );
      }
    } finally {
      await store.close();
    }
  });

  it('fails with SessionStoreUnavailableError once closed, instead of throwing', async () => {
    const store = new SqliteSessionStore({ path: join(folder, 'closed.sqlite') });
    await store.close();
    await assert.rejects(get(store, 'x'), SessionStoreUnavailableError);
    await assert.rejects(store.ping(), SessionStoreUnavailableError);
  });
});

describe('Redis session store', () => {
  it('fails fast while Redis is down and works again once it is back', async () => {
    const own = await startRedis();
    const store = new RedisSessionStore({ url: own.url, userIndexTtlSeconds: 3600, commandTimeoutMs: 500 });
    try {
      await waitFor(() => store.ping());
      await set(store, 'sid-outage', sessionData(60_000, 'user-o'));
      await own.stop();
      const started = Date.now();
      await assert.rejects(get(store, 'sid-outage'), SessionStoreUnavailableError);
      assert.ok(Date.now() - started < 2000, 'a command waited for Redis');
      await own.restart();
      await waitFor(() => store.ping());
      await set(store, 'sid-after', sessionData(60_000));
      assert.ok(await get(store, 'sid-after'));
    } finally {
      await store.close();
      await own.stop();
    }
  });
});

async function waitFor(probe: () => Promise<unknown>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await probe();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(50);
    }
  }
}
