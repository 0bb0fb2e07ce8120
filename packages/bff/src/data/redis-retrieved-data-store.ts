import { createClient } from 'redis';
import type { Logger } from '../log.js';
import { StoreUnavailableError } from '../store-unavailable.js';
import type { RetrievedData } from './retrieved-data.js';
import type { RetrievedDataStore } from './retrieved-data-store.js';
import { SealedBox, UnsealError } from './sealed-box.js';

type RedisClient = ReturnType<typeof createClient>;

export interface RedisRetrievedDataStoreOptions {
  /** `redis://host:port` (default: the sessions' Redis); ignored when `client` is given. */
  url?: string;
  /** A node-redis client you connect and close yourself. By default the store creates and owns one. */
  client?: RedisClient;
  /** `DATA_STORE_KEY`: keys of 32 bytes in base64, newest first; the first seals, all open. */
  keys: readonly string[];
  /** Key prefix. Default `fc-bff:`. */
  prefix?: string;
  /** A command not answered in this many milliseconds fails (503) instead of hanging. Default 2000. */
  commandTimeoutMs?: number;
  logger?: Logger;
}

/** The retrieved-data store could not be used: `/api/data` and the retrieval answer 503. */
export class RetrievedDataStoreUnavailableError extends StoreUnavailableError {
  override readonly name: string = 'RetrievedDataStoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('retrieved_data', message, options);
  }
}

// Writes the value under the newest name, forgets the older names, and indexes it under its user
// (the index lives as long as its longest entry).
const SET = `
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
for i = 3, #KEYS do redis.call('DEL', KEYS[i]) end
redis.call('SADD', KEYS[2], KEYS[1])
if redis.call('TTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
return 1`;

// Deletes what every index of a user lists, then the indexes; returns how many values were deleted.
const FORGET_USER = `
local removed = 0
for _, index in ipairs(KEYS) do
  for _, key in ipairs(redis.call('SMEMBERS', index)) do removed = removed + redis.call('DEL', key) end
  redis.call('DEL', index)
end
return removed`;

/**
 * Retrieved data in Redis, shared by every BFF instance: data retrieved through one instance is read
 * through another, and forgotten by all at logout or deletion. Values are sealed (AES-256-GCM) with a
 * key of the configuration that never reaches Redis, and key names are HMACs: a dump, a replica or an
 * RDB/AOF file shows neither the data nor whose it is. Every value expires with `DATA_RETENTION`.
 */
export class RedisRetrievedDataStore implements RetrievedDataStore {
  readonly kind = 'redis';
  readonly #client: RedisClient;
  readonly #owned: boolean;
  readonly #box: SealedBox;
  readonly #prefix: string;
  readonly #logger: Logger | undefined;
  readonly #timeout: number;
  /** The first connection: commands wait for it (bounded), later outages fail fast. */
  #connecting: Promise<unknown> | undefined;

  constructor(options: RedisRetrievedDataStoreOptions) {
    const timeout = options.commandTimeoutMs ?? 2000;
    this.#timeout = timeout;
    this.#box = new SealedBox(options.keys);
    this.#prefix = options.prefix ?? 'fc-bff:';
    this.#logger = options.logger;
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
    if (this.#owned) this.#connect();
  }

  #dataKeys(sessionId: string): string[] {
    return this.#box.namesOf('session', sessionId).map((name) => `${this.#prefix}data:${name}`);
  }

  #userKeys(userId: string): string[] {
    return this.#box.namesOf('user', userId).map((name) => `${this.#prefix}data-user:${name}`);
  }

  async get(sessionId: string, userId: string): Promise<RetrievedData | undefined> {
    const keys = this.#dataKeys(sessionId);
    const values = await this.#run(() => this.#client.mGet(keys));
    const index = values.findIndex((value) => value !== null);
    const sealed = values[index];
    if (sealed === undefined || sealed === null) return undefined;
    try {
      return JSON.parse(this.#box.open(sealed, `${sessionId}\0${userId}`)) as RetrievedData;
    } catch (error) {
      if (!(error instanceof UnsealError)) throw error;
      // Another user's, tampered with, or sealed by a key no longer configured: never shown.
      this.#logger?.warn(
        { event: 'retrieved_data.unreadable', store: 'redis' },
        'retrieved data not readable',
      );
      await this.#run(() => this.#client.del(keys));
      return undefined;
    }
  }

  async set(sessionId: string, userId: string, data: RetrievedData, ttlSeconds: number): Promise<void> {
    const [newest = '', ...older] = this.#dataKeys(sessionId);
    const [index = ''] = this.#userKeys(userId);
    const sealed = this.#box.seal(JSON.stringify(data), `${sessionId}\0${userId}`);
    const ttl = String(Math.max(1, Math.ceil(ttlSeconds)));
    await this.#run(() =>
      this.#client.eval(SET, { keys: [newest, index, ...older], arguments: [sealed, ttl] }),
    );
  }

  async forgetSession(sessionId: string): Promise<void> {
    await this.#run(() => this.#client.del(this.#dataKeys(sessionId)));
  }

  async forgetUser(userId: string): Promise<number> {
    return Number(await this.#run(() => this.#client.eval(FORGET_USER, { keys: this.#userKeys(userId) })));
  }

  async ping(): Promise<void> {
    await this.#run(() => this.#client.ping());
  }

  async close(): Promise<void> {
    if (!this.#owned) return;
    if (this.#client.isReady) await this.#client.close().catch(() => this.#client.destroy());
    else if (this.#client.isOpen) this.#client.destroy();
  }

  async #run<T>(command: () => Promise<T>): Promise<T> {
    try {
      if (this.#connecting !== undefined && !this.#client.isReady) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          this.#connecting,
          new Promise((resolve) => (timer = setTimeout(resolve, this.#timeout))),
        ]).finally(() => clearTimeout(timer));
      }
      return await command();
    } catch (error) {
      throw new RetrievedDataStoreUnavailableError(
        `the Redis retrieved-data store failed (${codeOf(error)})`,
        {
          cause: error,
        },
      );
    }
  }

  #connect(): void {
    let down = false;
    this.#client.on('error', (error: unknown) => {
      if (down) return; // one line per outage
      down = true;
      this.#logger?.warn(
        { event: 'retrieved_data_store.unavailable', store: 'redis', reason: codeOf(error) },
        'Redis (retrieved data) is unreachable',
      );
    });
    this.#client.on('ready', () => {
      if (down)
        this.#logger?.info({ event: 'retrieved_data_store.recovered', store: 'redis' }, 'Redis is back');
      down = false;
    });
    this.#connecting = this.#client
      .connect()
      .catch(() => {
        // Reported by the 'error' listener; the client keeps reconnecting.
      })
      .finally(() => {
        this.#connecting = undefined;
      });
  }
}

function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) return String(error.code);
  return error instanceof Error ? error.constructor.name : 'unknown';
}
