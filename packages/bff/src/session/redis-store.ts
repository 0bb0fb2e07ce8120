import { RedisStore } from 'connect-redis';
import session, { type SessionData } from 'express-session';
import { createClient } from 'redis';
import type { Logger } from '../log.js';
import { sessionUserId } from './session-data.js';
import { expiryOf, SessionStoreUnavailableError, type SessionStore } from './session-store.js';

export type RedisClient = ReturnType<typeof createClient>;

export interface RedisSessionStoreOptions {
  /** `redis://host:port`; ignored when `client` is given. */
  url?: string;
  /** A node-redis client you connect and close yourself. By default the store creates and owns one. */
  client?: RedisClient;
  /** Key prefix of sessions; `<prefix>user:<id>` holds each user's session ids. Default `fc-bff:`. */
  prefix?: string;
  /** How long a user's index of sessions lives after its last sign-in, in seconds (≥ the absolute lifetime). */
  userIndexTtlSeconds: number;
  /** A command not answered in this many milliseconds fails (503) instead of hanging. Default 2000. */
  commandTimeoutMs?: number;
  logger?: Logger;
}

// Deletes the sessions listed in a user's index, then the index, atomically.
const DESTROY_USER_SESSIONS = `
local sids = redis.call('SMEMBERS', KEYS[1])
local removed = 0
for _, sid in ipairs(sids) do removed = removed + redis.call('DEL', ARGV[1] .. sid) end
redis.call('DEL', KEYS[1])
return removed`;

/**
 * Sessions in Redis (through connect-redis), for several BFF instances behind one load balancer.
 * Each user has a set of session ids so that all of their sessions can be ended at once. Commands
 * fail fast when Redis is unreachable (no offline queue, a command timeout): routes answer 503, and
 * the client reconnects on its own.
 */
export class RedisSessionStore extends session.Store implements SessionStore {
  readonly kind = 'redis';
  readonly #client: RedisClient;
  readonly #sessions: RedisStore;
  readonly #owned: boolean;
  readonly #sessionPrefix: string;
  readonly #userPrefix: string;
  readonly #singleUsePrefix: string;
  readonly #userIndexTtl: number;

  constructor(options: RedisSessionStoreOptions) {
    super();
    const prefix = options.prefix ?? 'fc-bff:';
    const timeout = options.commandTimeoutMs ?? 2000;
    this.#owned = options.client === undefined;
    this.#client =
      options.client ??
      createClient({
        url: options.url ?? 'redis://127.0.0.1:6379',
        disableOfflineQueue: true,
        commandOptions: { timeout },
        socket: {
          connectTimeout: timeout,
          reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000),
        },
      });
    this.#sessionPrefix = `${prefix}sess:`;
    this.#userPrefix = `${prefix}user:`;
    this.#singleUsePrefix = `${prefix}once:`;
    this.#userIndexTtl = options.userIndexTtlSeconds;
    this.#sessions = new RedisStore({ client: this.#client, prefix: this.#sessionPrefix });
    if (this.#owned) this.#connect(options.logger);
  }

  /** Its node-redis client: the abuse limits count on the same Redis (`rate-limiter-flexible`). */
  get client(): RedisClient {
    return this.#client;
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    void this.#sessions.get(sid, wrap(callback));
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    const userId = sessionUserId(data);
    if (userId === undefined) {
      void this.#sessions.set(sid, data, wrap(callback));
      return;
    }
    const ttl = Math.ceil((expiryOf(data, 86_400_000) - Date.now()) / 1000);
    if (ttl <= 0) {
      this.destroy(sid, callback);
      return;
    }
    const userKey = `${this.#userPrefix}${userId}`;
    this.#client
      .multi()
      .set(`${this.#sessionPrefix}${sid}`, JSON.stringify(data), { expiration: { type: 'EX', value: ttl } })
      .sAdd(userKey, sid)
      .expire(userKey, Math.max(this.#userIndexTtl, ttl))
      .exec()
      .then(
        () => callback?.(),
        (error: unknown) => callback?.(unavailable(error)),
      );
  }

  override touch(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    void this.#sessions.touch(sid, data, wrap(callback));
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    void this.#sessions.destroy(sid, wrap(callback));
  }

  override length(callback: (err: unknown, length?: number) => void): void {
    void this.#sessions.length(wrap(callback));
  }

  override all(callback: (err: unknown, sessions?: SessionData[] | null) => void): void {
    void this.#sessions.all(wrap(callback));
  }

  override clear(callback?: (err?: unknown) => void): void {
    void this.#sessions.clear(wrap(callback));
  }

  async consumeOnce(key: string, ttlSeconds: number): Promise<boolean> {
    try {
      const reply = await this.#client.set(`${this.#singleUsePrefix}${key}`, '1', {
        condition: 'NX',
        expiration: { type: 'EX', value: Math.max(1, Math.ceil(ttlSeconds)) },
      });
      return reply === 'OK';
    } catch (error) {
      throw unavailable(error);
    }
  }

  async destroyAllForUser(userId: string): Promise<number> {
    try {
      const removed = await this.#client.eval(DESTROY_USER_SESSIONS, {
        keys: [`${this.#userPrefix}${userId}`],
        arguments: [this.#sessionPrefix],
      });
      return Number(removed);
    } catch (error) {
      throw unavailable(error);
    }
  }

  async ping(): Promise<void> {
    try {
      await this.#client.ping();
    } catch (error) {
      throw unavailable(error);
    }
  }

  async close(): Promise<void> {
    if (!this.#owned) return;
    if (this.#client.isReady) await this.#client.close().catch(() => this.#client.destroy());
    else if (this.#client.isOpen) this.#client.destroy();
  }

  #connect(logger: Logger | undefined): void {
    let down = false;
    this.#client.on('error', (error: unknown) => {
      if (down) return; // one line per outage, not one per reconnection attempt
      down = true;
      logger?.warn(
        { event: 'session_store.unavailable', store: 'redis', reason: errorCode(error) },
        'Redis is unreachable',
      );
    });
    this.#client.on('ready', () => {
      if (down) logger?.info({ event: 'session_store.recovered', store: 'redis' }, 'Redis is back');
      down = false;
    });
    this.#client.connect().catch(() => {
      // Reported by the 'error' listener; the client keeps reconnecting.
    });
  }
}

/** connect-redis callbacks with Redis errors turned into `SessionStoreUnavailableError`. */
function wrap<T extends unknown[]>(
  callback: ((err: unknown, ...rest: T) => void) | undefined,
): (err: unknown, ...rest: T) => void {
  return (err, ...rest) => callback?.(err ? unavailable(err) : null, ...rest);
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) return String(error.code);
  return error instanceof Error ? error.constructor.name : 'unknown';
}

function unavailable(error: unknown): SessionStoreUnavailableError {
  return new SessionStoreUnavailableError(`the Redis session store failed (${errorCode(error)})`, {
    cause: error,
  });
}
