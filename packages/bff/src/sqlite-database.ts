import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/*
 * How the BFF opens its SQLite files (sessions, accounts, sign-in limits): they hold password hashes,
 * ID tokens and pivot identities, so they are readable by their owner only, and what is deleted from
 * them is erased from the disk, not merely marked free.
 */

/** The database file and the files SQLite keeps beside it. */
const COMPANIONS = ['', '-wal', '-shm', '-journal'];

/**
 * Opens (creating it if needed) a database readable and writable by this user only: its folder is
 * created 0700, the file 0600 (SQLite gives its `-wal` and `-shm` files the database file's mode), and
 * the files of an existing database are brought to 0600. WAL mode, `secure_delete` on: deleted content
 * is overwritten with zeros in the database's pages.
 */
export function openPrivateDatabase(path: string): Database.Database {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    for (const suffix of COMPANIONS) {
      if (existsSync(`${path}${suffix}`)) chmodSync(`${path}${suffix}`, 0o600);
    }
  }
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL'); // durable across process crashes; only an OS crash may lose the last writes
    db.pragma('busy_timeout = 5000');
    // Per connection: every connection that deletes must have it.
    db.pragma('secure_delete = ON');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** How long a checkpoint may wait for another process's reader before it is tried again later. */
const CHECKPOINT_BUSY_MS = 100;
const RETRY_MS = 500;

/**
 * Erases deleted content from the disk. `secure_delete` zeroes it in the pages, but in WAL mode the
 * pages that held it stay in the `-wal` file until a checkpoint: a `TRUNCATE` checkpoint copies the
 * zeroed pages into the database file and empties the `-wal` file. `now()` after a deletion of
 * personal data that the caller answers for (an account deleted); `soon()` after routine ones
 * (sessions ending), grouped into one checkpoint.
 */
export class DeletionEraser {
  readonly #db: Database.Database;
  readonly #onDisk: boolean;
  #timer: NodeJS.Timeout | undefined;

  constructor(db: Database.Database, path: string) {
    this.#db = db;
    this.#onDisk = path !== ':memory:';
  }

  /** Checkpoints now; tried again shortly when another process's reader holds the log. */
  now(): void {
    if (!this.#onDisk || !this.#db.open) return;
    this.#cancel();
    const previous = this.#db.pragma('busy_timeout', { simple: true }) as number;
    // A short wait: this runs on the event loop, and a busy log is simply tried again.
    this.#db.pragma(`busy_timeout = ${CHECKPOINT_BUSY_MS}`);
    try {
      const [result] = this.#db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      if (result?.busy) this.#schedule(RETRY_MS);
    } catch {
      this.#schedule(RETRY_MS); // locked or busy: the next attempt will do
    } finally {
      if (this.#db.open) this.#db.pragma(`busy_timeout = ${previous}`);
    }
  }

  /** Checkpoints within a moment, once for every deletion until then. */
  soon(): void {
    if (this.#onDisk && this.#timer === undefined) this.#schedule(50);
  }

  /** Before the database closes: the checkpoint still due runs now. */
  close(): void {
    const due = this.#timer !== undefined;
    this.#cancel();
    if (due) this.now();
  }

  #schedule(delayMs: number): void {
    this.#cancel();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.now();
    }, delayMs);
    this.#timer.unref();
  }

  #cancel(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
