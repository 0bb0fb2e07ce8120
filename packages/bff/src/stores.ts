import { resolve } from 'node:path';
import type { AccountStore } from './accounts/account-store.js';
import type { AccountsSettings } from './accounts/options.js';
import { SqliteAccountStore } from './accounts/sqlite-account-store.js';
import type { BffSettings } from './config.js';
import type { Logger } from './log.js';
import { MemorySessionStore } from './session/memory-store.js';
import { RedisSessionStore } from './session/redis-store.js';
import type { SessionStore } from './session/session-store.js';
import { SqliteSessionStore } from './session/sqlite-store.js';

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
      return new SqliteSessionStore({ path: databaseFile(settings) });
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

/** The accounts' store: the app's, else SQLite in the sessions' database file. */
export function createAccountStore(settings: BffSettings, accounts: AccountsSettings): AccountStore {
  return accounts.store ?? new SqliteAccountStore({ path: databaseFile(settings) });
}
