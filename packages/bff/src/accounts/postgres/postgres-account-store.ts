import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../../log.js';
import type { Account, LockedIdentity } from '../account.js';
import {
  AccountConflictError,
  AccountStoreUnavailableError,
  type AccountChanges,
  type AccountStore,
  type NewAccount,
} from '../account-store.js';
import { SchemaTooNewError } from '../migrations.js';
import { migratePostgres } from './migrations.js';
import { accountOf, SQL, updateStatement, type AccountRow } from './sql.js';

export interface PostgresAccountStoreOptions {
  /** `postgres://user:password@host:5432/database` (`DATABASE_URL`); ignored when `pool` is given. */
  connectionString?: string;
  /** A node-postgres pool you own and end yourself. By default the store creates and owns one. */
  pool?: pg.Pool;
  /** Connections of the pool the store creates. Default 10. */
  maxConnections?: number;
  /** A query not answered in this many milliseconds fails (503) instead of hanging. Default 5000. */
  queryTimeoutMs?: number;
  logger?: Logger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How long a deletion's table rewrite may wait for other transactions' locks before giving up. */
const REWRITE_LOCK_TIMEOUT = '2s';
/** How long the rewrite itself may take (it copies the whole table). */
const REWRITE_TIMEOUT_MS = 120_000;

/**
 * Accounts in PostgreSQL (node-postgres), shared by every BFF instance. The schema is migrated when
 * the store is first used (`ready()`), under an advisory lock, so instances may start together.
 * Unreachable PostgreSQL: calls reject with `AccountStoreUnavailableError` (503) at once, and the
 * next call tries again. A deletion rewrites the accounts' table (VACUUM FULL) so that the deleted
 * person's bytes leave the table's files; see the deployment guide for the WAL and backups.
 */
export class PostgresAccountStore implements AccountStore {
  readonly kind = 'postgresql';
  readonly #pool: pg.Pool;
  readonly #owned: boolean;
  readonly #logger: Logger | undefined;
  readonly #connectionString: string | undefined;
  #migrated: Promise<void> | undefined;
  #closed = false;
  #lastPurge = 0;

  constructor(options: PostgresAccountStoreOptions) {
    this.#owned = options.pool === undefined;
    this.#logger = options.logger;
    this.#connectionString = options.pool === undefined ? options.connectionString : undefined;
    const timeout = options.queryTimeoutMs ?? 5000;
    this.#pool =
      options.pool ??
      new pg.Pool({
        connectionString: options.connectionString,
        max: options.maxConnections ?? 10,
        connectionTimeoutMillis: timeout,
        query_timeout: timeout,
        statement_timeout: timeout,
        idleTimeoutMillis: 30_000,
        application_name: 'franceconnect-bff',
      });
    // An idle connection dropped by the server must not crash the process: the pool replaces it.
    if (this.#owned) {
      this.#pool.on('error', (error) => {
        this.#logger?.warn(
          { event: 'account_store.connection_lost', store: 'postgresql', reason: codeOf(error) },
          'a PostgreSQL connection was lost',
        );
      });
    }
  }

  /**
   * Resolves once the schema is migrated (the first call migrates; a failed attempt is retried by the
   * next call). Rejects with `SchemaTooNewError` when the database is ahead of this code.
   */
  ready(): Promise<void> {
    if (this.#closed) return Promise.reject(new AccountStoreUnavailableError('the account store is closed'));
    this.#migrated ??= this.#migrate().catch((error: unknown) => {
      if (!(error instanceof SchemaTooNewError)) this.#migrated = undefined;
      throw error;
    });
    return this.#migrated;
  }

  async #migrate(): Promise<void> {
    const client = await this.#pool.connect();
    try {
      const applied = await migratePostgres(client);
      if (applied.length > 0) {
        this.#logger?.info(
          { event: 'account_store.migrated', store: 'postgresql', versions: applied },
          'accounts schema migrated',
        );
      }
    } finally {
      client.release();
    }
  }

  create(account: NewAccount): Promise<Account> {
    const identity = account.identity;
    const source = identity ? (account.identitySource ?? 'declared') : null;
    // Only an account not linked yet is reconciled; a key without an identity means nothing.
    const reconciliation =
      identity && !account.franceconnect && account.reconciliationKey !== undefined
        ? (account.reconciliationSource ?? 'declared')
        : null;
    const withPassword = account.passwordHash !== undefined;
    return this.#one(SQL.insert, [
      randomUUID(),
      account.franceconnect?.issuer ?? null,
      account.franceconnect?.sub ?? null,
      identity?.given_name ?? null,
      identity?.family_name ?? null,
      identity?.birthdate ?? null,
      identity?.gender ?? null,
      identity?.birthplace ?? null,
      identity?.birthcountry ?? null,
      source,
      account.preferred_username,
      account.email,
      withPassword ? (account.loginEmail ?? null) : null,
      account.passwordHash ?? null,
      reconciliation === null ? null : (account.reconciliationKey ?? null),
      reconciliation,
    ]) as Promise<Account>;
  }

  findById(id: string): Promise<Account | undefined> {
    return UUID.test(id) ? this.#one(SQL.byId, [id]) : this.#none();
  }

  findByFranceConnect(issuer: string, sub: string): Promise<Account | undefined> {
    return this.#one(SQL.byFranceConnect, [issuer, sub]);
  }

  async findCredentials(loginEmail: string): Promise<{ account: Account; passwordHash: string } | undefined> {
    const rows = await this.#query<AccountRow>(SQL.byLoginEmail, [loginEmail]);
    const row = rows[0];
    if (!row || row.password_hash === null) return undefined;
    return { account: accountOf(row), passwordHash: row.password_hash };
  }

  async findReconciliationCandidates(key: string, limit: number): Promise<Account[]> {
    return (await this.#query<AccountRow>(SQL.candidates, [key, limit])).map(accountOf);
  }

  update(id: string, changes: AccountChanges): Promise<Account | undefined> {
    if (!UUID.test(id)) return this.#none();
    const statement = updateStatement(changes);
    return this.#one(statement.text, [id, ...statement.values]);
  }

  link(
    id: string,
    link: { issuer: string; sub: string },
    identity: LockedIdentity,
  ): Promise<Account | undefined> {
    if (!UUID.test(id)) return this.#none();
    return this.#one(SQL.link, [
      id,
      link.issuer,
      link.sub,
      identity.given_name,
      identity.family_name,
      identity.birthdate,
      identity.gender,
      identity.birthplace,
      identity.birthcountry,
    ]);
  }

  unlink(id: string): Promise<Account | undefined> {
    return UUID.test(id) ? this.#one(SQL.unlink, [id]) : this.#none();
  }

  async delete(id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    await this.ready().catch((error: unknown) => Promise.reject(unavailable(error)));
    const result = await this.#pool
      .query(SQL.delete, [id])
      .catch((error: unknown) => Promise.reject(storeError(error)));
    const deleted = (result.rowCount ?? 0) > 0;
    if (deleted) await this.#rewrite();
    return deleted;
  }

  /**
   * The deleted row's bytes stay in the table's pages (and its indexes') until they are reused: rewrite
   * the table now. It holds an exclusive lock for the time of the copy (milliseconds for thousands of
   * accounts); it gives up rather than queue behind long transactions, and the next deletion retries.
   */
  async #rewrite(): Promise<void> {
    // Its own connection when the store owns its pool: the copy may outlast the pool's query timeout.
    const own =
      this.#connectionString !== undefined
        ? new pg.Client({ connectionString: this.#connectionString, application_name: 'franceconnect-bff' })
        : undefined;
    const client = own
      ? await own.connect().then(
          () => own,
          () => undefined,
        )
      : await this.#pool.connect().catch(() => undefined);
    if (!client) return;
    try {
      await client.query(`SET lock_timeout = '${REWRITE_LOCK_TIMEOUT}'`);
      await client.query(`SET statement_timeout = '${REWRITE_TIMEOUT_MS}ms'`);
      await client.query(SQL.rewrite);
    } catch (error) {
      this.#logger?.warn(
        { event: 'account_store.rewrite_failed', store: 'postgresql', reason: codeOf(error) },
        'the accounts table was not rewritten after a deletion; the next deletion retries',
      );
    } finally {
      if (own) await own.end().catch(() => undefined);
      else {
        await (client as pg.PoolClient)
          .query('SET lock_timeout TO DEFAULT; SET statement_timeout TO DEFAULT')
          .catch(() => undefined);
        (client as pg.PoolClient).release();
      }
    }
  }

  async recordAttempt(
    key: string,
    at: number,
    windowStart: number,
    limit: number,
  ): Promise<{ recorded: boolean; oldest: number }> {
    await this.ready().catch((error: unknown) => Promise.reject(unavailable(error)));
    const client = await this.#pool.connect().catch((error: unknown) => Promise.reject(storeError(error)));
    let result: { recorded: boolean; oldest: number };
    try {
      await client.query('BEGIN');
      await client.query(SQL.lockAttempts, [key]);
      await client.query(SQL.forgetOldAttemptsOfKey, [key, windowStart]);
      const { rows } = await client.query<{ count: number; oldest: string | null }>(SQL.countAttempts, [
        key,
        windowStart,
      ]);
      const count = rows[0]?.count ?? 0;
      const recorded = count < limit;
      if (recorded) await client.query(SQL.insertAttempt, [key, at]);
      await client.query('COMMIT');
      const oldest = rows[0]?.oldest;
      result = { recorded, oldest: oldest === null || oldest === undefined ? at : Number(oldest) };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw storeError(error);
    } finally {
      client.release();
    }
    // Other keys' old attempts, now and then (at most once a minute per instance).
    if (at - this.#lastPurge > 60_000) {
      this.#lastPurge = at;
      await this.#pool.query(SQL.purgeOldAttempts, [windowStart]).catch(() => undefined);
    }
    return result;
  }

  async clearAttempts(key: string): Promise<void> {
    await this.#query(SQL.clearAttempts, [key]);
  }

  async ping(): Promise<void> {
    await this.#query(SQL.ping, []);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#owned) await this.#pool.end();
  }

  async #query<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
    try {
      await this.ready();
    } catch (error) {
      throw unavailable(error);
    }
    try {
      return (await this.#pool.query<T>(text, values)).rows;
    } catch (error) {
      throw storeError(error);
    }
  }

  async #one(text: string, values: unknown[]): Promise<Account | undefined> {
    const [row] = await this.#query<AccountRow>(text, values);
    return row === undefined ? undefined : accountOf(row);
  }

  /** An id that cannot be an account's (not a UUID) finds nothing, once the store answers. */
  async #none(): Promise<undefined> {
    await this.#query(SQL.ping, []);
    return undefined;
  }
}

function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) return String(error.code);
  // node-postgres's own errors (a connection timeout) have no code: their message says it (never a password).
  return error instanceof Error ? error.message.slice(0, 100) || error.constructor.name : 'unknown';
}

function unavailable(error: unknown): AccountStoreUnavailableError {
  if (error instanceof AccountStoreUnavailableError) return error;
  const reason = error instanceof SchemaTooNewError ? error.message : codeOf(error);
  return new AccountStoreUnavailableError(`the PostgreSQL account store failed (${reason})`, {
    cause: error,
  });
}

/** PostgreSQL's failures as the store's errors: a uniqueness rule broken, or the store unusable. */
function storeError(error: unknown): Error {
  if (codeOf(error) === '23505') {
    const constraint = (error as { constraint?: string }).constraint ?? '';
    const field = constraint === 'accounts_login_email' ? 'email' : 'franceconnect';
    return new AccountConflictError(
      field,
      field === 'email'
        ? 'another account signs in with this email'
        : 'this FranceConnect identity is linked to another account',
    );
  }
  return unavailable(error);
}
