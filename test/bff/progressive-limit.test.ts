import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createClient } from 'redis';
import {
  memoryLimiters,
  redisLimiters,
  sqliteLimiters,
  type LimiterFactory,
  type LimiterStore,
} from '../../packages/bff/src/limits/limiter-store.js';
import { ProgressiveLimit } from '../../packages/bff/src/limits/progressive-limit.js';
import { startRedis, type TestRedis } from './helpers/redis.js';

// The limits' building block, on each real backend: a few free attempts, then one attempt per wait,
// the wait doubling up to a maximum (never a lockout); atomic however many arrive at once; refused
// attempts not counted; shared by every instance counting on the same backend.

const OPTIONS = { free: 2, windowSeconds: 60, baseDelaySeconds: 1, maxDelaySeconds: 4 };

/**
 * The backend's limiters, with the first attempt past the free ones held back a moment after it is
 * counted: the attempt counted after it reaches the gate first, as happens on a busy server.
 */
function firstPastFreeHeldBack(limiters: LimiterFactory): LimiterFactory {
  return (options) => {
    const limiter = limiters(options);
    if (!options.keyPrefix.endsWith(':attempts')) return limiter;
    const consume = limiter.consume.bind(limiter);
    limiter.consume = async (...args: Parameters<typeof consume>) => {
      const counted = await consume(...args);
      if (counted.consumedPoints === OPTIONS.free + 1) await sleep(300);
      return counted;
    };
    return limiter;
  };
}

function contract(name: string, open: () => Promise<[LimiterStore, LimiterStore]>) {
  describe(`a progressive limit on ${name}`, () => {
    let stores: [LimiterStore, LimiterStore];
    let limit: ProgressiveLimit;
    let sibling: ProgressiveLimit;
    let capped: ProgressiveLimit;
    let round = 0;
    const key = () => `key-${name}-${round}`;

    before(async () => {
      stores = await open();
      limit = new ProgressiveLimit(stores[0].limiter, { name: 'test', ...OPTIONS });
      sibling = new ProgressiveLimit(stores[1].limiter, { name: 'test', ...OPTIONS });
      capped = new ProgressiveLimit(stores[0].limiter, { name: 'capped', ...OPTIONS, maxDelaySeconds: 1 });
    });
    after(async () => {
      await Promise.all(stores.map((store) => store.close()));
    });

    it('lets the free attempts through, then one per wait, the wait doubling up to the maximum', async () => {
      round++;
      assert.deepEqual([await limit.attempt(key()), await limit.attempt(key())], [0, 0], 'free');
      assert.equal(await limit.attempt(key()), 0, 'one past the free ones, which starts the wait');
      const first = await limit.attempt(key());
      assert.equal(first, 1, 'then it waits the first delay');
      assert.equal(await limit.wait(key()), 1);
      await sleep(1100);
      assert.equal(await limit.attempt(key()), 0, 'the wait is over: one more');
      assert.equal(await limit.attempt(key()), 2, 'the next wait is twice as long');
      // Never beyond the maximum (here 1 second).
      for (let i = 0; i < 3; i++) assert.equal(await capped.attempt(key()), 0);
      assert.equal(await capped.attempt(key()), 1);
      await sleep(1100);
      assert.equal(await capped.attempt(key()), 0);
      assert.equal(await capped.attempt(key()), 1, 'still the maximum, not twice it');
    });

    it('is shared with every instance on the same backend, and forgets a key once told', async () => {
      round++;
      for (let i = 0; i < 3; i++) assert.equal(await limit.attempt(key()), 0);
      assert.equal(await sibling.wait(key()), 1, 'the other instance sees the wait');
      assert.equal(await sibling.attempt(key()), 1);
      await sibling.forget(key());
      assert.equal(await limit.attempt(key()), 0, 'forgotten everywhere');
      assert.equal(await limit.attempt(key()), 0);
    });

    it('lets at most one attempt past the free ones when many arrive at once, and counts no refusal', async () => {
      round++;
      const waits = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? limit : sibling).attempt(key())),
      );
      assert.equal(waits.filter((wait) => wait === 0).length, 3, `${waits.join(' ')}`);
      await sleep(1100);
      // Had the 17 refusals been counted, the delay would now be at its maximum.
      assert.equal(await limit.attempt(key()), 0);
      assert.equal(await limit.attempt(key()), 2, 'the second delay, not a later one');
    });

    it('starts with the first delay whichever of two racing attempts takes the gate', async () => {
      round++;
      const racing = new ProgressiveLimit(firstPastFreeHeldBack(stores[0].limiter), {
        name: 'racing',
        ...OPTIONS,
      });
      for (let i = 0; i < OPTIONS.free; i++) assert.equal(await racing.attempt(key()), 0);
      // The one counted second takes the gate; the one counted first is refused, and not counted.
      const waits = await Promise.all([racing.attempt(key()), racing.attempt(key())]);
      assert.deepEqual([...waits].sort(), [0, 1]);
      await sleep(1100);
      assert.equal(await racing.attempt(key()), 0, 'the first delay (1 s) is over, not a second one');
      assert.equal(await racing.attempt(key()), 2, 'then the second delay');
    });
  });
}

const folder = mkdtempSync(join(tmpdir(), 'limits-'));
after(() => rmSync(folder, { recursive: true, force: true }));

contract('memory (one instance)', () => {
  const store = memoryLimiters();
  return Promise.resolve([store, store]);
});

contract('a SQLite file (two connections, as two processes)', () => {
  const path = join(folder, 'limits.sqlite');
  const open = () => {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    return sqliteLimiters(db, () => db.close());
  };
  return Promise.resolve([open(), open()]);
});

describe('on Redis', () => {
  let redis: TestRedis;
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis.stop();
  });
  contract('Redis (two clients, as two instances)', async () => {
    const open = async () => {
      const client = createClient({ url: redis.url });
      await client.connect();
      return redisLimiters(client, () => client.close());
    };
    return [await open(), await open()];
  });
});
