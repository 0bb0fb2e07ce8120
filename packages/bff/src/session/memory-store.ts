import session, { type SessionData } from 'express-session';
import { sessionUserId } from './session-data.js';
import { SessionStoreUnavailableError, type SessionStore } from './session-store.js';

/**
 * express-session's MemoryStore with the `SessionStore` additions. For unit tests only: sessions are
 * lost on restart and never shared between processes.
 */
export class MemorySessionStore extends session.MemoryStore implements SessionStore {
  readonly kind = 'memory';
  readonly #used = new Map<string, number>();

  consumeOnce(key: string, ttlSeconds: number): Promise<boolean> {
    const now = Date.now();
    for (const [used, expiresAt] of this.#used) if (expiresAt <= now) this.#used.delete(used);
    if (this.#used.has(key)) return Promise.resolve(false);
    this.#used.set(key, now + ttlSeconds * 1000);
    return Promise.resolve(true);
  }

  async destroyAllForUser(userId: string): Promise<number> {
    const sessions = await new Promise<Record<string, SessionData>>((resolve, reject) => {
      this.all((error, all) => {
        if (error) reject(new SessionStoreUnavailableError('the memory store failed', { cause: error }));
        else resolve(all ?? {});
      });
    });
    const sids = Object.entries(sessions)
      .filter(([, data]) => sessionUserId(data) === userId)
      .map(([sid]) => sid);
    await Promise.all(sids.map((sid) => new Promise<void>((resolve) => this.destroy(sid, () => resolve()))));
    return sids.length;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
