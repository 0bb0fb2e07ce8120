import type { RetrievedData } from './retrieved-data.js';

/**
 * Where retrieved data waits for the page that asked for it. FranceConnect's rule is to keep no more
 * than needed: the data is bound to one session of one user, expires, is forgotten at logout, and is
 * never written to the session store (a SQLite file or Redis), nor to any database. Implement this
 * interface over a shared volatile store when several BFF instances serve one site; the default keeps
 * it in the memory of the instance that retrieved it.
 */
export interface RetrievedDataStore {
  /** What the session `sessionId` retrieved, if it belongs to `userId` and has not expired. */
  get(sessionId: string, userId: string): Promise<RetrievedData | undefined>;
  /** Keeps (or replaces) what the session retrieved, for `ttlSeconds`. */
  set(sessionId: string, userId: string, data: RetrievedData, ttlSeconds: number): Promise<void>;
  /** Forgets what a session retrieved (logout, or a new sign-in in that browser). */
  forgetSession(sessionId: string): Promise<void>;
  /** Forgets what every session of a user retrieved (account deletion); resolves with how many. */
  forgetUser(userId: string): Promise<number>;
  /** Resolves when a shared store answers (readiness); a store in memory has none. */
  ping?(): Promise<void>;
  close(): Promise<void>;
}

interface Entry {
  userId: string;
  data: RetrievedData;
  expiresAt: number;
}

/** The default store: a bounded map in this process's memory; a restart forgets everything. */
export class MemoryRetrievedDataStore implements RetrievedDataStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #timer: NodeJS.Timeout;

  constructor({ maxEntries = 10_000, sweepIntervalSeconds = 60 } = {}) {
    this.#maxEntries = maxEntries;
    this.#timer = setInterval(() => this.#sweep(), sweepIntervalSeconds * 1000);
    this.#timer.unref();
  }

  /** How many sessions have data kept right now. */
  get size(): number {
    this.#sweep();
    return this.#entries.size;
  }

  async get(sessionId: string, userId: string): Promise<RetrievedData | undefined> {
    await Promise.resolve();
    const entry = this.#entries.get(sessionId);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now() || entry.userId !== userId) {
      this.#entries.delete(sessionId);
      return undefined;
    }
    return entry.data;
  }

  async set(sessionId: string, userId: string, data: RetrievedData, ttlSeconds: number): Promise<void> {
    await Promise.resolve();
    // Re-inserted last, so the first key is always the least recently written: the one evicted.
    this.#entries.delete(sessionId);
    this.#entries.set(sessionId, { userId, data, expiresAt: Date.now() + ttlSeconds * 1000 });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  async forgetSession(sessionId: string): Promise<void> {
    await Promise.resolve();
    this.#entries.delete(sessionId);
  }

  async forgetUser(userId: string): Promise<number> {
    await Promise.resolve();
    let forgotten = 0;
    for (const [sessionId, entry] of this.#entries) {
      if (entry.userId === userId) {
        this.#entries.delete(sessionId);
        forgotten++;
      }
    }
    return forgotten;
  }

  async close(): Promise<void> {
    await Promise.resolve();
    clearInterval(this.#timer);
    this.#entries.clear();
  }

  #sweep(): void {
    const now = Date.now();
    for (const [sessionId, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#entries.delete(sessionId);
    }
  }
}
