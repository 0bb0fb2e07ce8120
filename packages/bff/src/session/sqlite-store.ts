import type Database from 'better-sqlite3';
import session, { type SessionData } from 'express-session';
import { DeletionEraser, openPrivateDatabase } from '../sqlite-database.js';
import { sessionUserId } from './session-data.js';
import { expiryOf, SessionStoreUnavailableError, type SessionStore } from './session-store.js';

export interface SqliteSessionStoreOptions {
  /** The database file (created with its folder if missing), or `:memory:`. */
  path: string;
  /** How often expired rows are deleted, in seconds. Default: 300. */
  purgeIntervalSeconds?: number;
  /** Lifetime of a session whose cookie has no expiry, in seconds. Default: one day. */
  fallbackTtlSeconds?: number;
}

/** The latest write waiting for the next commit, per session id. */
type PendingWrite =
  | { kind: 'set'; sess: string; expiresAt: number; userId: string | null }
  | { kind: 'touch'; expiresAt: number }
  | { kind: 'destroy' };

type Callback = (err?: unknown) => void;

/**
 * The default session store: one SQLite file, no server to run. Rows carry their expiry (expired ones
 * are never returned and are purged periodically) and their user, indexed, so that every session of a
 * user can be ended at once. Survives restarts. Suits one BFF process (or several on one machine). The
 * file is its owner's only (0600), and ended sessions are erased from it (`secure_delete`, then a
 * checkpoint that empties the `-wal` file).
 *
 * Writes of one event-loop turn are committed together (group commit): each caller's callback runs
 * once its write is committed, and reads see writes not yet committed. Under load this turns a
 * transaction per request into a transaction per batch.
 */
export class SqliteSessionStore extends session.Store implements SessionStore {
  readonly kind = 'sqlite';
  readonly #db: Database.Database;
  readonly #fallbackMs: number;
  readonly #timer: NodeJS.Timeout;
  readonly #statements: ReturnType<typeof prepare>;
  readonly #commit: (writes: Map<string, PendingWrite>) => number;
  readonly #eraser: DeletionEraser;
  #pending = new Map<string, PendingWrite>();
  #waiting: Callback[] = [];
  #scheduled: NodeJS.Immediate | undefined;

  constructor(options: SqliteSessionStoreOptions) {
    super();
    // 0600 files, secure_delete: sessions hold identities and ID tokens.
    this.#db = openPrivateDatabase(options.path);
    this.#eraser = new DeletionEraser(this.#db, options.path);
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS sessions (
        sid TEXT PRIMARY KEY NOT NULL,
        sess TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        user_id TEXT
      );
      CREATE INDEX IF NOT EXISTS sessions_user_id ON sessions (user_id) WHERE user_id IS NOT NULL;
      CREATE INDEX IF NOT EXISTS sessions_expires_at ON sessions (expires_at);
      CREATE TABLE IF NOT EXISTS sessions_single_use (
        key TEXT PRIMARY KEY NOT NULL,
        expires_at INTEGER NOT NULL
      );
    `);
    this.#statements = prepare(this.#db);
    this.#commit = this.#db.transaction((writes: Map<string, PendingWrite>) => {
      let destroyed = 0;
      for (const [sid, write] of writes) {
        if (write.kind === 'set') this.#statements.upsert.run(sid, write.sess, write.expiresAt, write.userId);
        else if (write.kind === 'touch') this.#statements.touch.run(write.expiresAt, sid, Date.now());
        else destroyed += this.#statements.destroy.run(sid).changes;
      }
      return destroyed;
    });
    this.#fallbackMs = (options.fallbackTtlSeconds ?? 86_400) * 1000;
    this.#timer = setInterval(
      () => {
        try {
          this.purgeExpired();
        } catch {
          // A busy or read-only database is retried at the next tick; reads ignore expired rows anyway.
        }
      },
      (options.purgeIntervalSeconds ?? 300) * 1000,
    );
    this.#timer.unref();
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    const pending = this.#pending.get(sid);
    let text: string | undefined;
    try {
      if (pending?.kind === 'destroy') text = undefined;
      else if (pending?.kind === 'set') text = pending.expiresAt > Date.now() ? pending.sess : undefined;
      else if (pending?.kind === 'touch') {
        const row = this.#statements.getAny.get(sid) as { sess: string } | undefined;
        text = pending.expiresAt > Date.now() ? row?.sess : undefined;
      } else {
        text = (this.#statements.get.get(sid, Date.now()) as { sess: string } | undefined)?.sess;
      }
    } catch (error) {
      callback(unavailable(error));
      return;
    }
    if (text === undefined) {
      callback(null, null);
      return;
    }
    let data: SessionData;
    try {
      data = JSON.parse(text) as SessionData;
    } catch {
      // A row that does not parse is treated as no session at all, and removed.
      this.destroy(sid, () => callback(null, null));
      return;
    }
    callback(null, data);
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    this.#enqueue(
      sid,
      {
        kind: 'set',
        sess: JSON.stringify(data),
        expiresAt: expiryOf(data, this.#fallbackMs),
        userId: sessionUserId(data) ?? null,
      },
      callback,
    );
  }

  override touch(sid: string, data: SessionData, callback?: Callback): void {
    this.#enqueue(sid, { kind: 'touch', expiresAt: expiryOf(data, this.#fallbackMs) }, callback);
  }

  override destroy(sid: string, callback?: Callback): void {
    this.#enqueue(sid, { kind: 'destroy' }, callback);
  }

  override length(callback: (err: unknown, length?: number) => void): void {
    this.#afterCommit()
      .then(() => (this.#statements.length.get(Date.now()) as { count: number }).count)
      .then(
        (count) => callback(null, count),
        (error: unknown) => callback(unavailable(error)),
      );
  }

  override all(callback: (err: unknown, sessions?: { [sid: string]: SessionData } | null) => void): void {
    this.#afterCommit()
      .then(() => {
        const sessions: { [sid: string]: SessionData } = {};
        for (const row of this.#statements.all.all(Date.now()) as Array<{ sid: string; sess: string }>) {
          try {
            sessions[row.sid] = JSON.parse(row.sess) as SessionData;
          } catch {
            // skipped, as in get()
          }
        }
        return sessions;
      })
      .then(
        (sessions) => callback(null, sessions),
        (error: unknown) => callback(unavailable(error)),
      );
  }

  override clear(callback?: Callback): void {
    this.#afterCommit()
      .then(() => this.#statements.clear.run())
      .then(
        () => callback?.(),
        (error: unknown) => callback?.(unavailable(error)),
      );
  }

  async consumeOnce(key: string, ttlSeconds: number): Promise<boolean> {
    const now = Date.now();
    try {
      // Inserted, or replacing an expired record: first use. Otherwise the key is still recorded.
      return this.#statements.consume.run(key, now + ttlSeconds * 1000, now).changes === 1;
    } catch (error) {
      throw unavailable(error);
    } finally {
      await Promise.resolve();
    }
  }

  async destroyAllForUser(userId: string): Promise<number> {
    await this.#afterCommit();
    try {
      const ended = this.#statements.destroyUser.run(userId).changes;
      // Account deletion: erased from the disk before the deletion is answered.
      if (ended > 0) this.#eraser.now();
      return ended;
    } catch (error) {
      throw unavailable(error);
    }
  }

  /** Deletes expired rows now; returns how many sessions. */
  purgeExpired(): number {
    const now = Date.now();
    this.#statements.purgeSingleUse.run(now);
    const purged = this.#statements.purge.run(now).changes;
    if (purged > 0) this.#eraser.now();
    return purged;
  }

  async ping(): Promise<void> {
    try {
      this.#statements.ping.get();
    } catch (error) {
      throw unavailable(error);
    }
    await Promise.resolve();
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#flush();
    this.#eraser.close();
    if (this.#db.open) this.#db.close();
    await Promise.resolve();
  }

  #enqueue(sid: string, write: PendingWrite, callback: Callback | undefined): void {
    const previous = this.#pending.get(sid);
    if (write.kind === 'touch' && previous?.kind === 'set') previous.expiresAt = write.expiresAt;
    else if (!(write.kind === 'touch' && previous?.kind === 'destroy')) this.#pending.set(sid, write);
    if (callback) this.#waiting.push(callback);
    this.#scheduled ??= setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = undefined;
    const writes = this.#pending;
    const waiting = this.#waiting;
    this.#pending = new Map();
    this.#waiting = [];
    let failure: SessionStoreUnavailableError | undefined;
    if (writes.size > 0) {
      try {
        // A session that ended (logout, sign-in elsewhere) is erased from the disk, not only deleted.
        if (this.#commit(writes) > 0) this.#eraser.soon();
      } catch (error) {
        failure = unavailable(error);
      }
    }
    for (const callback of waiting) callback(failure);
  }

  /** Resolves once the writes queued so far are committed. */
  async #afterCommit(): Promise<void> {
    if (this.#scheduled === undefined) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function prepare(db: Database.Database) {
  return {
    get: db.prepare('SELECT sess FROM sessions WHERE sid = ? AND expires_at > ?'),
    getAny: db.prepare('SELECT sess FROM sessions WHERE sid = ?'),
    upsert: db.prepare(
      `INSERT INTO sessions (sid, sess, expires_at, user_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (sid) DO UPDATE SET sess = excluded.sess, expires_at = excluded.expires_at, user_id = excluded.user_id`,
    ),
    touch: db.prepare('UPDATE sessions SET expires_at = ? WHERE sid = ? AND expires_at > ?'),
    destroy: db.prepare('DELETE FROM sessions WHERE sid = ?'),
    destroyUser: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
    length: db.prepare('SELECT count(*) AS count FROM sessions WHERE expires_at > ?'),
    all: db.prepare('SELECT sid, sess FROM sessions WHERE expires_at > ?'),
    clear: db.prepare('DELETE FROM sessions'),
    purge: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    consume: db.prepare(
      `INSERT INTO sessions_single_use (key, expires_at) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE sessions_single_use.expires_at <= ?`,
    ),
    purgeSingleUse: db.prepare('DELETE FROM sessions_single_use WHERE expires_at <= ?'),
    ping: db.prepare('SELECT 1'),
  };
}

function unavailable(error: unknown): SessionStoreUnavailableError {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown';
  return new SessionStoreUnavailableError(`the SQLite session store failed (${code})`, { cause: error });
}
