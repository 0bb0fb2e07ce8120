import type Database from 'better-sqlite3';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterSQLite,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/** What a limiter counts: its keys' prefix, the points a key may take, and for how long (seconds). */
export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
}

/**
 * Makes the counters of the abuse limits (rate-limiter-flexible limiters) on one backend. Every BFF
 * instance must count on the same backend for the limits to hold across instances: the SQLite file
 * (one machine), Redis, or your own (e.g. `(options) => new RateLimiterPostgres({ storeClient: pool,
 * ...options })`, which must not be created before `tableCreated` is settled; see rate-limiter-flexible).
 */
export type LimiterFactory = (options: LimiterOptions) => RateLimiterAbstract;

/** A limiter factory and what it holds open. */
export interface LimiterStore {
  readonly kind: string;
  readonly limiter: LimiterFactory;
  close(): Promise<void>;
}

/** Counters in this process's memory: for tests and a single instance. */
export function memoryLimiters(): LimiterStore {
  // One limiter per prefix, as the other backends share one table or keyspace: counts are shared.
  const limiters = new Map<string, RateLimiterMemory>();
  return {
    kind: 'memory',
    limiter: (options) => {
      const name = `${options.keyPrefix}\u0000${options.points}\u0000${options.duration}`;
      let limiter = limiters.get(name);
      if (!limiter) limiters.set(name, (limiter = new RateLimiterMemory(options)));
      return limiter;
    },
    close: () => Promise.resolve(),
  };
}

const TABLE = 'abuse_limits';

/**
 * Counters in a SQLite database (one table, `abuse_limits`), shared by the processes of one machine
 * using the file. Keys are opaque (HMACs): the table holds no email nor address.
 */
export function sqliteLimiters(db: Database.Database, close: () => void): LimiterStore {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire INTEGER)`,
  );
  return {
    kind: 'sqlite',
    limiter: (options) =>
      new RateLimiterSQLite({
        ...options,
        storeClient: db,
        storeType: 'better-sqlite3',
        tableName: TABLE,
        tableCreated: true,
        clearExpiredByTimeout: true,
      }),
    close: () => {
      close();
      return Promise.resolve();
    },
  };
}

/**
 * Counters in Redis (a node-redis client), shared by every instance. When Redis cannot be reached, each instance counts in
 * its own memory meanwhile (rate-limiter-flexible's insurance limiter): the limits still hold per
 * instance, and sign-ins keep working.
 */
export function redisLimiters(client: object, close: () => Promise<void>): LimiterStore {
  return {
    kind: 'redis',
    limiter: (options) =>
      new RateLimiterRedis({
        ...options,
        storeClient: client,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(options),
      }),
    close,
  };
}
