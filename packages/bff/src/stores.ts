import { resolve } from 'node:path';
import type { AccountStore } from './accounts/account-store.js';
import type { AccountsSettings } from './accounts/options.js';
import { PostgresAccountStore } from './accounts/postgres/postgres-account-store.js';
import { SqliteAccountStore } from './accounts/sqlite-account-store.js';
import type { BffSettings } from './config.js';
import { BffConfigurationError } from './options.js';
import { RedisRetrievedDataStore } from './data/redis-retrieved-data-store.js';
import { MemoryRetrievedDataStore, type RetrievedDataStore } from './data/retrieved-data-store.js';
import { memoryLimiters, redisLimiters, sqliteLimiters, type LimiterStore } from './limits/limiter-store.js';
import type { Logger } from './log.js';
import { MemorySessionStore } from './session/memory-store.js';
import { RedisSessionStore } from './session/redis-store.js';
import type { SessionStore } from './session/session-store.js';
import { SqliteSessionStore } from './session/sqlite-store.js';
import { openPrivateDatabase } from './sqlite-database.js';

/*
 * The stores the BFF creates when the options name a kind rather than give an object. The BFF closes
 * only the stores it created; a store given in the options belongs to the app.
 */

/** The SQLite file of the sessions, and of the accounts by default. */
export function databaseFile(settings: BffSettings): string {
  return settings.databasePath === ':memory:' ? ':memory:' : resolve(settings.databasePath);
}

export function createSessionStore(settings: BffSettings, logger: Logger): SessionStore {
  switch (settings.sessionStore) {
    case 'sqlite':
      try {
        return new SqliteSessionStore({ path: databaseFile(settings) });
      } catch (error) {
        // A folder that cannot be created, a file that is not a database: the setting is wrong.
        throw new BffConfigurationError([
          `databasePath: cannot open ${databaseFile(settings)} (${error instanceof Error ? error.message : String(error)})`,
        ]);
      }
    case 'redis':
      return new RedisSessionStore({
        url: settings.redisUrl,
        userIndexTtlSeconds: settings.sessionAbsoluteTimeout + settings.sessionIdleTimeout,
        logger,
      });
    case 'memory':
      logger.warn(
        { event: 'session_store.memory' },
        'memory session store: for tests only, sessions are lost on restart',
      );
      return new MemorySessionStore();
  }
}

/** The accounts' store: the app's, else PostgreSQL with `databaseUrl`, else SQLite in the sessions' file. */
export function createAccountStore(
  settings: BffSettings,
  accounts: AccountsSettings,
  logger?: Logger,
): AccountStore {
  if (accounts.store) return accounts.store;
  if (settings.databaseUrl !== undefined) {
    return new PostgresAccountStore({ connectionString: settings.databaseUrl, logger });
  }
  return new SqliteAccountStore({ path: databaseFile(settings) });
}

/** Where retrieved data waits: Redis (sealed) when configured, else this process's memory. */
export function createRetrievedDataStore(settings: BffSettings, logger: Logger): RetrievedDataStore {
  if (settings.retrievedDataStore === 'redis') {
    return new RedisRetrievedDataStore({
      url: settings.dataRedisUrl ?? settings.redisUrl,
      keys: settings.dataStoreKey ?? [],
      logger,
    });
  }
  return new MemoryRetrievedDataStore();
}

/**
 * Where the abuse limits count (sign-in attempts, the email oracle): the app's limiters if given, else
 * beside the sessions, so that every instance sharing the sessions shares the counts: Redis (the
 * sessions' client), memory (tests), or the SQLite file.
 */
export function createLimiterStore(
  settings: BffSettings,
  accounts: AccountsSettings,
  sessions: SessionStore,
): LimiterStore {
  const custom = accounts.throttle.store;
  if (custom) return { kind: 'custom', limiter: custom, close: () => Promise.resolve() };
  if (sessions instanceof RedisSessionStore) return redisLimiters(sessions.client, () => Promise.resolve());
  const file = databaseFile(settings);
  if (sessions instanceof MemorySessionStore || file === ':memory:') return memoryLimiters();
  const db = openPrivateDatabase(file);
  return sqliteLimiters(db, () => db.close());
}
