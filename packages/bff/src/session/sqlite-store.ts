import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import session, { type SessionData } from 'express-session';
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

interface Row {
  sess: string;
}

/**
 * The default session store: one SQLite file, no server to run. Rows carry their expiry (expired ones
 * are never returned and are purged periodically) and their user, indexed, so that every session of a
 * user can be ended at once. Survives restarts. Suits one BFF process (or several on one machine).
 */
export class SqliteSessionStore extends session.Store implements SessionStore {
  readonly kind = 'sqlite';
  readonly #db: Database.Database;
  readonly #fallbackMs: number;
  readonly #timer: NodeJS.Timeout;
  readonly #statements: ReturnType<typeof prepare>;

  constructor(options: SqliteSessionStoreOptions) {
    super();
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.#db = new Database(options.path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL'); // durable across process crashes; only an OS crash may lose the last writes
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS sessions (
        sid TEXT PRIMARY KEY NOT NULL,
        sess TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        user_id TEXT
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS sessions_user_id ON sessions (user_id) WHERE user_id IS NOT NULL;
      CREATE INDEX IF NOT EXISTS sessions_expires_at ON sessions (expires_at);
    `);
    this.#statements = prepare(this.#db);
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
    let row: Row | undefined;
    try {
      row = this.#statements.get.get(sid, Date.now()) as Row | undefined;
    } catch (error) {
      callback(unavailable(error));
      return;
    }
    if (!row) {
      callback(null, null);
      return;
    }
    let data: SessionData;
    try {
      data = JSON.parse(row.sess) as SessionData;
    } catch {
      // A row that does not parse is treated as no session at all, and removed.
      this.destroy(sid, () => callback(null, null));
      return;
    }
    callback(null, data);
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    this.#run(callback, () => {
      this.#statements.upsert.run(
        sid,
        JSON.stringify(data),
        expiryOf(data, this.#fallbackMs),
        sessionUserId(data) ?? null,
      );
    });
  }

  override touch(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    this.#run(callback, () => {
      this.#statements.touch.run(expiryOf(data, this.#fallbackMs), sid, Date.now());
    });
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.#run(callback, () => {
      this.#statements.destroy.run(sid);
    });
  }

  override length(callback: (err: unknown, length?: number) => void): void {
    try {
      const { count } = this.#statements.length.get(Date.now()) as { count: number };
      callback(null, count);
    } catch (error) {
      callback(unavailable(error));
    }
  }

  override all(callback: (err: unknown, sessions?: { [sid: string]: SessionData } | null) => void): void {
    try {
      const rows = this.#statements.all.all(Date.now()) as Array<{ sid: string; sess: string }>;
      const sessions: { [sid: string]: SessionData } = {};
      for (const row of rows) {
        try {
          sessions[row.sid] = JSON.parse(row.sess) as SessionData;
        } catch {
          // skipped, as in get()
        }
      }
      callback(null, sessions);
    } catch (error) {
      callback(unavailable(error));
    }
  }

  override clear(callback?: (err?: unknown) => void): void {
    this.#run(callback, () => {
      this.#statements.clear.run();
    });
  }

  destroyAllForUser(userId: string): Promise<number> {
    try {
      return Promise.resolve(this.#statements.destroyUser.run(userId).changes);
    } catch (error) {
      return Promise.reject(unavailable(error));
    }
  }

  /** Deletes expired rows now; resolves with how many. */
  purgeExpired(): number {
    return this.#statements.purge.run(Date.now()).changes;
  }

  ping(): Promise<void> {
    try {
      this.#statements.ping.get();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(unavailable(error));
    }
  }

  close(): Promise<void> {
    clearInterval(this.#timer);
    if (this.#db.open) this.#db.close();
    return Promise.resolve();
  }

  #run(callback: ((err?: unknown) => void) | undefined, work: () => void): void {
    try {
      work();
    } catch (error) {
      callback?.(unavailable(error));
      return;
    }
    callback?.();
  }
}

function prepare(db: Database.Database) {
  return {
    get: db.prepare('SELECT sess FROM sessions WHERE sid = ? AND expires_at > ?'),
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
    ping: db.prepare('SELECT 1'),
  };
}

function unavailable(error: unknown): SessionStoreUnavailableError {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown';
  return new SessionStoreUnavailableError(`the SQLite session store failed (${code})`, { cause: error });
}
