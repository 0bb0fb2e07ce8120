import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { DeletionEraser, openPrivateDatabase } from '../sqlite-database.js';
import { LOCKED_FIELDS, type Account, type LockedIdentity } from './account.js';
import {
  AccountConflictError,
  AccountStoreUnavailableError,
  type AccountChanges,
  type AccountStore,
  type NewAccount,
} from './account-store.js';
import { migrate } from './migrations.js';
import type { NewPasskey, Passkey } from './passkey.js';

export interface SqliteAccountStoreOptions {
  /** The database file (created with its folder if missing), or `:memory:`. The sessions' file by default. */
  path: string;
}

interface Row {
  id: string;
  fc_issuer: string | null;
  fc_sub: string | null;
  fc_linked_at: number | null;
  fcplus_issuer: string | null;
  fcplus_sub: string | null;
  fcplus_linked_at: number | null;
  given_name: string | null;
  family_name: string | null;
  birthdate: string | null;
  gender: string | null;
  birthplace: string | null;
  birthcountry: string | null;
  identity_source: 'franceconnect' | 'declared' | null;
  reconciliation_source: 'franceconnect' | 'declared' | null;
  preferred_username: string;
  email: string;
  login_email: string | null;
  password_hash: string | null;
  created_at: number;
  updated_at: number;
}

function accountOf(row: Row): Account {
  const identity: LockedIdentity | null =
    row.identity_source === null
      ? null
      : {
          given_name: row.given_name ?? '',
          family_name: row.family_name ?? '',
          birthdate: row.birthdate ?? '',
          gender: row.gender === 'male' || row.gender === 'female' ? row.gender : 'unspecified',
          birthplace: row.birthplace ?? '',
          birthcountry: row.birthcountry ?? '',
        };
  return {
    id: row.id,
    franceconnect:
      row.fc_issuer !== null && row.fc_sub !== null
        ? { issuer: row.fc_issuer, sub: row.fc_sub, linkedAt: new Date(row.fc_linked_at ?? row.created_at) }
        : null,
    franceconnectPlus:
      row.fcplus_issuer !== null && row.fcplus_sub !== null
        ? {
            issuer: row.fcplus_issuer,
            sub: row.fcplus_sub,
            linkedAt: new Date(row.fcplus_linked_at ?? row.created_at),
          }
        : null,
    identity,
    identitySource: row.identity_source,
    reconciliationSource: row.reconciliation_source,
    preferred_username: row.preferred_username,
    email: row.email,
    hasPassword: row.password_hash !== null,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/**
 * Accounts in SQLite, by default in the sessions' database file (its own tables, its own schema
 * version). better-sqlite3 is synchronous and fast; the methods are asynchronous for the interface's
 * sake. Several BFF processes on one machine may share the file (WAL mode); across machines, use a
 * shared store (PostgreSQL). The file is its owner's only (0600); what is deleted or replaced is erased
 * from it (`secure_delete`, then a checkpoint that empties the `-wal` file) before the call resolves.
 */
export class SqliteAccountStore implements AccountStore {
  readonly kind = 'sqlite';
  readonly #db: Database.Database;
  readonly #statements: ReturnType<typeof prepare>;
  readonly #eraser: DeletionEraser;

  constructor(options: SqliteAccountStoreOptions) {
    // 0600 files, secure_delete: accounts hold password hashes and pivot identities.
    this.#db = openPrivateDatabase(options.path);
    this.#eraser = new DeletionEraser(this.#db, options.path);
    try {
      migrate(this.#db);
      this.#statements = prepare(this.#db);
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  create(account: NewAccount): Promise<Account> {
    return this.#settle(() => this.#create(account));
  }

  #create(account: NewAccount): Account {
    const now = Date.now();
    const identity = account.identity;
    const row: Row = {
      id: randomUUID(),
      fc_issuer: account.franceconnect?.issuer ?? null,
      fc_sub: account.franceconnect?.sub ?? null,
      fc_linked_at: account.franceconnect ? now : null,
      fcplus_issuer: account.franceconnectPlus?.issuer ?? null,
      fcplus_sub: account.franceconnectPlus?.sub ?? null,
      fcplus_linked_at: account.franceconnectPlus ? now : null,
      given_name: identity?.given_name ?? null,
      family_name: identity?.family_name ?? null,
      birthdate: identity?.birthdate ?? null,
      gender: identity?.gender ?? null,
      birthplace: identity?.birthplace ?? null,
      birthcountry: identity?.birthcountry ?? null,
      identity_source: identity ? (account.identitySource ?? 'declared') : null,
      // Only an account not linked yet is reconciled; a key without an identity means nothing.
      reconciliation_source:
        identity &&
        !account.franceconnect &&
        !account.franceconnectPlus &&
        account.reconciliationKey !== undefined
          ? (account.reconciliationSource ?? 'declared')
          : null,
      preferred_username: account.preferred_username,
      email: account.email,
      login_email: account.passwordHash !== undefined ? (account.loginEmail ?? null) : null,
      password_hash: account.passwordHash ?? null,
      created_at: now,
      updated_at: now,
    };
    this.#statements.insert.run({
      ...row,
      reconciliation_key: row.reconciliation_source === null ? null : (account.reconciliationKey ?? null),
    });
    return accountOf(row);
  }

  findById(id: string): Promise<Account | undefined> {
    return this.#settle(() => this.#one(this.#statements.byId.get(id)));
  }

  findByFranceConnect(issuer: string, sub: string): Promise<Account | undefined> {
    return this.#settle(() => this.#one(this.#statements.byFranceConnect.get(issuer, sub)));
  }

  findCredentials(loginEmail: string): Promise<{ account: Account; passwordHash: string } | undefined> {
    return this.#settle(() => {
      const row = this.#statements.byLoginEmail.get(loginEmail) as Row | undefined;
      if (!row || row.password_hash === null) return undefined;
      return { account: accountOf(row), passwordHash: row.password_hash };
    });
  }

  findReconciliationCandidates(key: string, limit: number): Promise<Account[]> {
    return this.#settle(() => (this.#statements.candidates.all(key, limit) as Row[]).map(accountOf));
  }

  update(id: string, changes: AccountChanges): Promise<Account | undefined> {
    // The values replaced (an email, an identity, a hash) are erased from the disk too.
    return this.#settle(() => this.#erasing(this.#update(id, changes)));
  }

  #update(id: string, changes: AccountChanges): Account | undefined {
    const assignments: string[] = [];
    const values: Record<string, unknown> = { id, updated_at: Date.now() };
    const set = (column: string, value: unknown) => {
      assignments.push(`${column} = @${column}`);
      values[column] = value;
    };
    if (changes.preferred_username !== undefined) set('preferred_username', changes.preferred_username);
    if (changes.email !== undefined) set('email', changes.email);
    if (changes.passwordHash !== undefined) {
      set('password_hash', changes.passwordHash);
      set('login_email', changes.loginEmail ?? null);
    } else if (changes.loginEmail !== undefined) {
      // Only accounts with local credentials have a login email.
      assignments.push('login_email = CASE WHEN password_hash IS NULL THEN NULL ELSE @login_email END');
      values.login_email = changes.loginEmail;
    }
    if (changes.identity !== undefined) {
      // The identity's columns carry the locked fields' names.
      for (const column of LOCKED_FIELDS) set(column, changes.identity[column]);
    }
    const statement = this.#db.prepare(
      `UPDATE accounts SET ${[...assignments, 'updated_at = @updated_at'].join(', ')} WHERE id = @id`,
    );
    const changed = statement.run(values).changes;
    return changed === 0 ? undefined : this.#one(this.#statements.byId.get(id));
  }

  link(
    id: string,
    link: { issuer: string; sub: string },
    identity: LockedIdentity,
  ): Promise<Account | undefined> {
    return this.#settle(() => {
      const values = { id, fc_issuer: link.issuer, fc_sub: link.sub, now: Date.now(), ...identity };
      const changed = this.#statements.link.run(values).changes;
      return changed === 0 ? undefined : this.#erasing(this.#one(this.#statements.byId.get(id)));
    });
  }

  unlink(id: string): Promise<Account | undefined> {
    return this.#settle(() => {
      const changed = this.#statements.unlink.run(Date.now(), id).changes;
      return changed === 0 ? undefined : this.#erasing(this.#one(this.#statements.byId.get(id)));
    });
  }

  findByFranceConnectPlus(issuer: string, sub: string): Promise<Account | undefined> {
    return this.#settle(() => this.#one(this.#statements.byFranceConnectPlus.get(issuer, sub)));
  }

  linkFranceConnectPlus(
    id: string,
    link: { issuer: string; sub: string },
    identity: LockedIdentity,
  ): Promise<Account | undefined> {
    return this.#settle(() => {
      const changed = this.#statements.linkPlus.run({
        id,
        fcplus_issuer: link.issuer,
        fcplus_sub: link.sub,
        now: Date.now(),
        ...identity,
      }).changes;
      return changed === 0 ? undefined : this.#erasing(this.#one(this.#statements.byId.get(id)));
    });
  }

  addPasskey(passkey: NewPasskey): Promise<Passkey | undefined> {
    return this.#settle(() => {
      if (this.#statements.byId.get(passkey.accountId) === undefined) return undefined;
      const row: PasskeyRow = {
        id: passkey.id,
        account_id: passkey.accountId,
        public_key: Buffer.from(passkey.publicKey),
        counter: passkey.counter,
        transports: JSON.stringify(passkey.transports),
        name: passkey.name,
        device_type: passkey.deviceType,
        backed_up: passkey.backedUp ? 1 : 0,
        created_at: Date.now(),
        last_used_at: null,
      };
      this.#statements.insertPasskey.run(row);
      return passkeyOf(row);
    });
  }

  listPasskeys(accountId: string): Promise<Passkey[]> {
    return this.#settle(() => (this.#statements.passkeysOf.all(accountId) as PasskeyRow[]).map(passkeyOf));
  }

  findPasskey(id: string): Promise<Passkey | undefined> {
    return this.#settle(() => {
      const row = this.#statements.passkey.get(id) as PasskeyRow | undefined;
      return row && passkeyOf(row);
    });
  }

  renamePasskey(accountId: string, id: string, name: string): Promise<Passkey | undefined> {
    return this.#settle(() => {
      if (this.#statements.renamePasskey.run(name, id, accountId).changes === 0) return undefined;
      const row = this.#statements.passkey.get(id) as PasskeyRow | undefined;
      // The name a person gave (« Téléphone de Marie ») is theirs: the old one is erased too.
      return this.#erasing(row && passkeyOf(row));
    });
  }

  removePasskey(accountId: string, id: string): Promise<boolean> {
    return this.#settle(() => {
      const removed = this.#statements.removePasskey.run(id, accountId).changes > 0;
      if (removed) this.#eraser.now();
      return removed;
    });
  }

  recordPasskeyUse(
    accountId: string,
    id: string,
    use: { expected: number; counter: number; at: Date },
  ): Promise<boolean> {
    return this.#settle(
      () =>
        this.#statements.usePasskey.run(use.counter, use.at.getTime(), id, accountId, use.expected).changes >
        0,
    );
  }

  delete(id: string): Promise<boolean> {
    return this.#settle(() => {
      const deleted = this.#statements.delete.run(id).changes > 0;
      // Erased from the disk before the deletion is answered (qualification #12).
      if (deleted) this.#eraser.now();
      return deleted;
    });
  }

  ping(): Promise<void> {
    return this.#settle(() => {
      this.#statements.ping.get();
    });
  }

  close(): Promise<void> {
    this.#eraser.close();
    if (this.#db.open) this.#db.close();
    return Promise.resolve();
  }

  /** `result`, once what the change replaced is erased from the disk. */
  #erasing<T>(result: T): T {
    if (result !== undefined) this.#eraser.now();
    return result;
  }

  #one(row: unknown): Account | undefined {
    return row === undefined ? undefined : accountOf(row as Row);
  }

  /** Runs statements as a promise, SQLite's failures turned into the store's errors. */
  #settle<T>(statements: () => T): Promise<T> {
    try {
      return Promise.resolve(statements());
    } catch (error) {
      return Promise.reject(storeError(error));
    }
  }
}

interface PasskeyRow {
  id: string;
  account_id: string;
  public_key: Buffer;
  counter: number;
  transports: string;
  name: string;
  device_type: 'singleDevice' | 'multiDevice';
  backed_up: number;
  created_at: number;
  last_used_at: number | null;
}

function passkeyOf(row: PasskeyRow): Passkey {
  let transports: unknown;
  try {
    transports = JSON.parse(row.transports);
  } catch {
    transports = [];
  }
  return {
    id: row.id,
    accountId: row.account_id,
    publicKey: new Uint8Array(row.public_key),
    counter: row.counter,
    transports: Array.isArray(transports) ? transports.filter((value) => typeof value === 'string') : [],
    name: row.name,
    deviceType: row.device_type,
    backedUp: row.backed_up === 1,
    createdAt: new Date(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
  };
}

/** SQLite's failures as the store's errors: a uniqueness rule broken, or the store unusable. */
function storeError(error: unknown): Error {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown';
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' && error instanceof Error && /passkeys/.test(error.message)) {
    return new AccountConflictError('passkey', 'this passkey is registered already');
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' && error instanceof Error) {
    const field = /login_email/.test(error.message) ? 'email' : 'franceconnect';
    return new AccountConflictError(
      field,
      field === 'email'
        ? 'another account signs in with this email'
        : 'this FranceConnect identity is linked to another account',
    );
  }
  return new AccountStoreUnavailableError(`the SQLite account store failed (${code})`, { cause: error });
}

function prepare(db: Database.Database) {
  return {
    insert: db.prepare(
      `INSERT INTO accounts (id, fc_issuer, fc_sub, fc_linked_at, fcplus_issuer, fcplus_sub, fcplus_linked_at,
         given_name, family_name, birthdate, gender,
         birthplace, birthcountry, identity_source, preferred_username, email, login_email, password_hash,
         reconciliation_key, reconciliation_source, created_at, updated_at)
       VALUES (@id, @fc_issuer, @fc_sub, @fc_linked_at, @fcplus_issuer, @fcplus_sub, @fcplus_linked_at,
         @given_name, @family_name, @birthdate, @gender,
         @birthplace, @birthcountry, @identity_source, @preferred_username, @email, @login_email, @password_hash,
         @reconciliation_key, @reconciliation_source, @created_at, @updated_at)`,
    ),
    byId: db.prepare('SELECT * FROM accounts WHERE id = ?'),
    byFranceConnect: db.prepare('SELECT * FROM accounts WHERE fc_issuer = ? AND fc_sub = ?'),
    byLoginEmail: db.prepare('SELECT * FROM accounts WHERE login_email = ?'),
    candidates: db.prepare(
      'SELECT * FROM accounts WHERE reconciliation_key = ? AND fc_sub IS NULL ORDER BY created_at LIMIT ?',
    ),
    link: db.prepare(
      `UPDATE accounts SET fc_issuer = @fc_issuer, fc_sub = @fc_sub, fc_linked_at = @now,
         given_name = @given_name, family_name = @family_name, birthdate = @birthdate, gender = @gender,
         birthplace = @birthplace, birthcountry = @birthcountry, identity_source = 'franceconnect',
         reconciliation_key = NULL, reconciliation_source = NULL, updated_at = @now
       WHERE id = @id AND fc_sub IS NULL`,
    ),
    unlink: db.prepare(
      `UPDATE accounts SET fc_issuer = NULL, fc_sub = NULL, fc_linked_at = NULL, given_name = NULL,
         family_name = NULL, birthdate = NULL, gender = NULL, birthplace = NULL, birthcountry = NULL,
         identity_source = NULL, reconciliation_key = NULL, reconciliation_source = NULL, updated_at = ?
       WHERE id = ?`,
    ),
    delete: db.prepare('DELETE FROM accounts WHERE id = ?'),
    byFranceConnectPlus: db.prepare('SELECT * FROM accounts WHERE fcplus_issuer = ? AND fcplus_sub = ?'),
    linkPlus: db.prepare(
      `UPDATE accounts SET fcplus_issuer = @fcplus_issuer, fcplus_sub = @fcplus_sub, fcplus_linked_at = @now,
         given_name = CASE WHEN fc_sub IS NULL THEN @given_name ELSE given_name END,
         family_name = CASE WHEN fc_sub IS NULL THEN @family_name ELSE family_name END,
         birthdate = CASE WHEN fc_sub IS NULL THEN @birthdate ELSE birthdate END,
         gender = CASE WHEN fc_sub IS NULL THEN @gender ELSE gender END,
         birthplace = CASE WHEN fc_sub IS NULL THEN @birthplace ELSE birthplace END,
         birthcountry = CASE WHEN fc_sub IS NULL THEN @birthcountry ELSE birthcountry END,
         identity_source = 'franceconnect', reconciliation_key = NULL, reconciliation_source = NULL,
         updated_at = @now
       WHERE id = @id AND fcplus_sub IS NULL`,
    ),
    insertPasskey: db.prepare(
      `INSERT INTO passkeys (id, account_id, public_key, counter, transports, name, device_type, backed_up,
         created_at, last_used_at)
       VALUES (@id, @account_id, @public_key, @counter, @transports, @name, @device_type, @backed_up,
         @created_at, @last_used_at)`,
    ),
    passkeysOf: db.prepare('SELECT * FROM passkeys WHERE account_id = ? ORDER BY created_at, rowid'),
    passkey: db.prepare('SELECT * FROM passkeys WHERE id = ?'),
    renamePasskey: db.prepare('UPDATE passkeys SET name = ? WHERE id = ? AND account_id = ?'),
    removePasskey: db.prepare('DELETE FROM passkeys WHERE id = ? AND account_id = ?'),
    usePasskey: db.prepare(
      'UPDATE passkeys SET counter = ?, last_used_at = ? WHERE id = ? AND account_id = ? AND counter = ?',
    ),
    ping: db.prepare('SELECT 1'),
  };
}
