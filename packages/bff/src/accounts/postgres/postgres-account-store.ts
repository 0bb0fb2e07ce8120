import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../../log.js';
import type { Account, LockedIdentity } from '../account.js';
import {
  AccountStoreUnavailableError,
  type AccountChanges,
  type AccountStore,
  type NewAccount,
} from '../account-store.js';
import { SchemaTooNewError } from '../migrations.js';
import type { NewPasskey, Passkey } from '../passkey.js';
import { codeOf, conflictOf, storeError, unavailable } from './errors.js';
import { migratePostgres } from './migrations.js';
import { accountOf, passkeyOf, SQL, updateStatement, type AccountRow, type PasskeyRow } from './sql.js';
import { TableRewriter, type PersonalTable } from './table-rewriter.js';

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

/**
 * Accounts in PostgreSQL (node-postgres), shared by every BFF instance. The schema is migrated when
 * the store is first used (`ready()`), under an advisory lock, so instances may start together.
 * Unreachable PostgreSQL: calls reject with `AccountStoreUnavailableError` (503) at once, and the
 * next call tries again. What a deletion or a change replaced is erased from the tables' files before
 * the call resolves (`TableRewriter`); see the deployment guide for the WAL and backups.
 */
export class PostgresAccountStore implements AccountStore {
  readonly kind = 'postgresql';
  readonly #pool: pg.Pool;
  readonly #owned: boolean;
  readonly #logger: Logger | undefined;
  readonly #rewriter: TableRewriter;
  #migrated: Promise<void> | undefined;
  #closed = false;

  constructor(options: PostgresAccountStoreOptions) {
    this.#owned = options.pool === undefined;
    this.#logger = options.logger;
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
    this.#rewriter = new TableRewriter({
      pool: this.#pool,
      connectionString: options.pool === undefined ? options.connectionString : undefined,
      connectionTimeoutMs: timeout,
      logger: this.#logger,
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

  async create(account: NewAccount): Promise<Account> {
    const identity = account.identity;
    const source = identity ? (account.identitySource ?? 'declared') : null;
    // Only an account not linked yet is reconciled; a key without an identity means nothing.
    const reconciliation =
      identity &&
      !account.franceconnect &&
      !account.franceconnectPlus &&
      account.reconciliationKey !== undefined
        ? (account.reconciliationSource ?? 'declared')
        : null;
    const loginEmail = account.passwordHash !== undefined ? (account.loginEmail ?? null) : null;
    const created = await this.#one(SQL.insert, [
      randomUUID(),
      account.franceconnect?.issuer ?? null,
      account.franceconnect?.sub ?? null,
      account.franceconnectPlus?.issuer ?? null,
      account.franceconnectPlus?.sub ?? null,
      identity?.given_name ?? null,
      identity?.family_name ?? null,
      identity?.birthdate ?? null,
      identity?.gender ?? null,
      identity?.birthplace ?? null,
      identity?.birthcountry ?? null,
      source,
      account.preferred_username,
      account.email,
      loginEmail,
      account.passwordHash ?? null,
      reconciliation === null ? null : (account.reconciliationKey ?? null),
      reconciliation,
    ]);
    if (created) return created;
    // Nothing was written: say which rule refused it.
    const [email] = await this.#query<{ taken: boolean }>(SQL.emailTaken, [loginEmail]);
    throw conflictOf(email?.taken ? 'accounts_login_email' : 'accounts_franceconnect');
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
    // The values replaced (an email, an identity, a hash) are erased from the files too.
    return this.#erasing(['accounts'], this.#one(statement.text, [id, ...statement.values]));
  }

  link(
    id: string,
    link: { issuer: string; sub: string },
    identity: LockedIdentity,
  ): Promise<Account | undefined> {
    if (!UUID.test(id)) return this.#none();
    return this.#erasing(
      ['accounts'],
      this.#one(SQL.link, [id, link.issuer, link.sub, ...identityOf(identity)]),
    );
  }

  unlink(id: string): Promise<Account | undefined> {
    return UUID.test(id) ? this.#erasing(['accounts'], this.#one(SQL.unlink, [id])) : this.#none();
  }

  findByFranceConnectPlus(issuer: string, sub: string): Promise<Account | undefined> {
    return this.#one(SQL.byFranceConnectPlus, [issuer, sub]);
  }

  linkFranceConnectPlus(
    id: string,
    link: { issuer: string; sub: string },
    identity: LockedIdentity,
  ): Promise<Account | undefined> {
    if (!UUID.test(id)) return this.#none();
    return this.#erasing(
      ['accounts'],
      this.#one(SQL.linkPlus, [id, link.issuer, link.sub, ...identityOf(identity)]),
    );
  }

  async addPasskey(passkey: NewPasskey): Promise<Passkey | undefined> {
    if (!UUID.test(passkey.accountId)) return this.#none();
    const [row] = await this.#query<PasskeyRow>(SQL.insertPasskey, [
      passkey.id,
      passkey.accountId,
      Buffer.from(passkey.publicKey),
      passkey.counter,
      passkey.transports,
      passkey.name,
      passkey.deviceType,
      passkey.backedUp,
    ]);
    if (row) return passkeyOf(row);
    // Nothing was written: the account does not exist, or the credential is registered already.
    const [existing] = await this.#query<{ taken: boolean }>(SQL.passkeyExists, [passkey.id]);
    if (existing?.taken) throw conflictOf('passkeys_pkey');
    return undefined;
  }

  async listPasskeys(accountId: string): Promise<Passkey[]> {
    if (!UUID.test(accountId)) return this.#none().then(() => []);
    return (await this.#query<PasskeyRow>(SQL.passkeysOf, [accountId])).map(passkeyOf);
  }

  async findPasskey(id: string): Promise<Passkey | undefined> {
    const [row] = await this.#query<PasskeyRow>(SQL.passkey, [id]);
    return row && passkeyOf(row);
  }

  async renamePasskey(accountId: string, id: string, name: string): Promise<Passkey | undefined> {
    if (!UUID.test(accountId)) return this.#none();
    const [row] = await this.#query<PasskeyRow>(SQL.renamePasskey, [id, accountId, name]);
    if (!row) return undefined;
    // The name a person gave (« Téléphone de Marie ») is theirs: the old one is erased too.
    await this.#rewriter.erase(['passkeys']);
    return passkeyOf(row);
  }

  async removePasskey(accountId: string, id: string): Promise<boolean> {
    if (!UUID.test(accountId)) return this.#none().then(() => false);
    const removed = (await this.#count(SQL.removePasskey, [id, accountId])) > 0;
    if (removed) await this.#rewriter.erase(['passkeys']);
    return removed;
  }

  /**
   * Not followed by a rewrite (one per sign-in would cost too much): the counter and the time of the
   * previous use stay in the table's pages until the next one.
   */
  async recordPasskeyUse(
    accountId: string,
    id: string,
    use: { expected: number; counter: number; at: Date },
  ): Promise<boolean> {
    if (!UUID.test(accountId)) return this.#none().then(() => false);
    return (await this.#count(SQL.usePasskey, [id, accountId, use.counter, use.at, use.expected])) > 0;
  }

  async delete(id: string): Promise<boolean> {
    if (!UUID.test(id)) return this.#none().then(() => false);
    const deleted = (await this.#count(SQL.delete, [id])) > 0;
    // Erased from the files before the deletion is answered (qualification #12); passkeys go with it.
    if (deleted) await this.#rewriter.erase(['accounts', 'passkeys']);
    return deleted;
  }

  async ping(): Promise<void> {
    await this.#query(SQL.ping, []);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#rewriter.close();
    if (this.#owned) await this.#pool.end();
  }

  async #run<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<T>> {
    try {
      await this.ready();
    } catch (error) {
      throw unavailable(error);
    }
    try {
      return await this.#pool.query<T>(text, values);
    } catch (error) {
      throw storeError(error);
    }
  }

  async #query<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
    return (await this.#run<T>(text, values)).rows;
  }

  /** How many rows a statement changed. */
  async #count(text: string, values: unknown[]): Promise<number> {
    return (await this.#run(text, values)).rowCount ?? 0;
  }

  async #one(text: string, values: unknown[]): Promise<Account | undefined> {
    const [row] = await this.#query<AccountRow>(text, values);
    return row === undefined ? undefined : accountOf(row);
  }

  /** `changed`'s account, once what the change replaced is erased from `tables`' files. */
  async #erasing(
    tables: readonly PersonalTable[],
    changed: Promise<Account | undefined>,
  ): Promise<Account | undefined> {
    const account = await changed;
    if (account !== undefined) await this.#rewriter.erase(tables);
    return account;
  }

  /** An id that cannot be an account's (not a UUID) finds nothing, once the store answers. */
  async #none(): Promise<undefined> {
    await this.#query(SQL.ping, []);
    return undefined;
  }
}

/** The identity's columns, in the statements' order. */
function identityOf(identity: LockedIdentity): string[] {
  return [
    identity.given_name,
    identity.family_name,
    identity.birthdate,
    identity.gender,
    identity.birthplace,
    identity.birthcountry,
  ];
}
