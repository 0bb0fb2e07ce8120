import pg from 'pg';
import type { Logger } from '../../log.js';
import { codeOf } from './errors.js';

/** The tables that hold personal data. */
export type PersonalTable = 'accounts' | 'passkeys';

export interface TableRewriterOptions {
  /** The store's pool, used when no connection string is known (a pool the application owns). */
  pool: pg.Pool;
  /** When known, each rewrite has its own connection: the copy may outlast the pool's query timeout. */
  connectionString: string | undefined;
  /** How long opening that connection may take. */
  connectionTimeoutMs: number;
  logger: Logger | undefined;
  /** How long after a rewrite gave up it is tried again. Default 30 seconds. */
  retryMs?: number;
}

/** How long a rewrite may wait for other transactions' locks before giving up (it is tried again). */
const LOCK_TIMEOUT = '2s';
/** How long the rewrite itself may take (it copies the whole table). */
const STATEMENT_TIMEOUT_MS = 120_000;
/** A rewrite that gave up is tried again this much later, until it passes. */
const RETRY_MS = 30_000;

/**
 * Erases what a deletion or a change left in PostgreSQL's files. MVCC keeps the old version of a row
 * in the table's pages (and the old keys in its indexes) until its space is reused, and a plain VACUUM
 * only marks that space free: `VACUUM (FULL)` copies the live rows into new files and drops the old
 * ones. Calls made while a rewrite runs share the next one, so a burst of changes costs two rewrites,
 * not one each.
 */
export class TableRewriter {
  readonly #options: TableRewriterOptions;
  /** Tables asked for since the last rewrite started. */
  readonly #pending = new Set<PersonalTable>();
  /** Tables whose last rewrite gave up, tried again by `#retry`. */
  readonly #failed = new Set<PersonalTable>();
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: TableRewriterOptions) {
    this.#options = options;
  }

  /**
   * Resolves once a rewrite that started after this call has rewritten `tables`, or has given up (it
   * logs `account_store.rewrite_failed` and is tried again in the background). Never rejects: the
   * change itself is done.
   */
  erase(tables: readonly PersonalTable[]): Promise<void> {
    if (this.#closed) return Promise.resolve();
    for (const table of tables) this.#pending.add(table);
    this.#next ??= (this.#running ?? Promise.resolve()).then(() => this.#run());
    return this.#next;
  }

  /** Waits for the rewrites asked for; no retry afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry !== undefined) clearTimeout(this.#retry);
    this.#retry = undefined;
    await (this.#next ?? this.#running);
  }

  async #run(): Promise<void> {
    this.#next = undefined;
    const tables = [...this.#pending].sort();
    this.#pending.clear();
    const running = this.#rewrite(tables);
    this.#running = running;
    try {
      await running;
    } finally {
      if (this.#running === running) this.#running = undefined;
    }
  }

  async #rewrite(tables: PersonalTable[]): Promise<void> {
    if (tables.length === 0) return;
    try {
      await this.#withClient(async (client) => {
        // Gives up rather than queue behind a long transaction (which would block every reader meanwhile).
        await client.query(`SET lock_timeout = '${LOCK_TIMEOUT}'`);
        await client.query(`SET statement_timeout = '${STATEMENT_TIMEOUT_MS}ms'`);
        await client.query(`VACUUM (FULL) ${tables.join(', ')}`);
      });
    } catch (error) {
      this.#options.logger?.warn(
        { event: 'account_store.rewrite_failed', store: 'postgresql', reason: codeOf(error), tables },
        'a table holding personal data was not rewritten after a change; it is tried again',
      );
      this.#tryAgain(tables);
    }
  }

  #tryAgain(tables: PersonalTable[]): void {
    for (const table of tables) this.#failed.add(table);
    if (this.#closed || this.#retry !== undefined) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      const failed = [...this.#failed];
      this.#failed.clear();
      void this.erase(failed);
    }, this.#options.retryMs ?? RETRY_MS);
    this.#retry.unref();
  }

  async #withClient(use: (client: pg.ClientBase) => Promise<void>): Promise<void> {
    const { connectionString, connectionTimeoutMs, pool } = this.#options;
    if (connectionString !== undefined) {
      const client = new pg.Client({
        connectionString,
        connectionTimeoutMillis: connectionTimeoutMs,
        application_name: 'franceconnect-bff',
      });
      // A failed connection emits 'error' too: it must not crash the process.
      client.on('error', () => undefined);
      try {
        await client.connect();
        await use(client);
      } finally {
        await client.end().catch(() => undefined);
      }
      return;
    }
    const client = await pool.connect();
    let failure: unknown;
    try {
      await use(client);
      await client.query('RESET lock_timeout; RESET statement_timeout');
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      // A client whose settings may not be restored leaves the pool.
      client.release(failure !== undefined);
    }
  }
}
