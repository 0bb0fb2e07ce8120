import type { Store } from 'express-session';
import { StoreUnavailableError } from '../store-unavailable.js';

/**
 * A session store for the BFF: an express-session `Store` that can also end every session of one
 * user (account deletion ends them on all devices), report whether it is reachable, and release its
 * resources. Implementations: `SqliteSessionStore` (default), `RedisSessionStore` (several BFF
 * instances), `MemorySessionStore` (unit tests only).
 */
export interface SessionStore extends Store {
  /** `sqlite`, `redis` or `memory`. */
  readonly kind: string;
  /**
   * Records `key` as used for `ttlSeconds`; resolves `true` the first time, `false` while it is
   * recorded. Atomic across processes sharing the store: an authorization's `state` is single use.
   */
  consumeOnce(key: string, ttlSeconds: number): Promise<boolean>;
  /** Destroys every session whose user is `userId` (see `SignedIn.userId`); resolves with how many. */
  destroyAllForUser(userId: string): Promise<number>;
  /** Resolves when the store answers, rejects with `SessionStoreUnavailableError` otherwise. */
  ping(): Promise<void>;
  /** Stops timers and closes connections. */
  close(): Promise<void>;
}

/**
 * The session store could not be used (Redis down, SQLite file unwritable). Routes that need a
 * session answer 503 and the BFF keeps running; the next request tries again.
 */
export class SessionStoreUnavailableError extends StoreUnavailableError {
  override readonly name: string = 'SessionStoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('session', message, options);
  }
}

/** Epoch milliseconds at which a session expires: its cookie's expiry, else `fallbackMs` from now. */
export function expiryOf(
  session: { cookie?: { expires?: Date | string | null | undefined } },
  fallbackMs: number,
): number {
  const expires = session.cookie?.expires;
  if (expires) {
    const time = new Date(expires).getTime();
    if (Number.isFinite(time)) return time;
  }
  return Date.now() + fallbackMs;
}
