import type Database from 'better-sqlite3';
import { reconciliationKey } from './reconciliation.js';

/**
 * The accounts' schema, versioned in `schema_versions` under the component `accounts` (the sessions'
 * table shares the file and manages itself). Migrations only ever move forward; each runs in the
 * transaction that records it, so a crash leaves the previous version intact, and `BEGIN IMMEDIATE`
 * makes a second process wait instead of migrating twice.
 */
interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

const COMPONENT = 'accounts';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'accounts keyed by their FranceConnect identity, with optional local credentials',
    up(db) {
      db.exec(`
        CREATE TABLE accounts (
          id TEXT PRIMARY KEY NOT NULL,
          fc_issuer TEXT,
          fc_sub TEXT,
          fc_linked_at INTEGER,
          given_name TEXT,
          family_name TEXT,
          birthdate TEXT,
          gender TEXT,
          birthplace TEXT,
          birthcountry TEXT,
          identity_source TEXT CHECK (identity_source IN ('franceconnect', 'declared')),
          preferred_username TEXT NOT NULL DEFAULT '',
          email TEXT NOT NULL,
          login_email TEXT,
          password_hash TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          CHECK ((fc_issuer IS NULL) = (fc_sub IS NULL)),
          CHECK ((password_hash IS NULL) = (login_email IS NULL))
        );
        CREATE UNIQUE INDEX accounts_franceconnect ON accounts (fc_issuer, fc_sub) WHERE fc_sub IS NOT NULL;
        CREATE UNIQUE INDEX accounts_login_email ON accounts (login_email) WHERE login_email IS NOT NULL;
      `);
    },
  },
  {
    version: 2,
    description: 'reconciliation keys of declared identities, and sign-in attempts for throttling',
    up(db) {
      db.exec(`
        ALTER TABLE accounts ADD COLUMN reconciliation_key TEXT;
        CREATE INDEX accounts_reconciliation ON accounts (reconciliation_key)
          WHERE reconciliation_key IS NOT NULL AND fc_sub IS NULL;
        CREATE TABLE sign_in_attempts (key TEXT NOT NULL, at INTEGER NOT NULL);
        CREATE INDEX sign_in_attempts_key ON sign_in_attempts (key, at);
        CREATE INDEX sign_in_attempts_at ON sign_in_attempts (at);
      `);
      // Declared identities of existing local accounts become reconcilable.
      const rows = db
        .prepare(
          `SELECT id, given_name, family_name, birthdate, gender, birthplace, birthcountry FROM accounts
           WHERE identity_source = 'declared' AND fc_sub IS NULL`,
        )
        .all() as Array<Record<string, string | null> & { id: string }>;
      const setKey = db.prepare('UPDATE accounts SET reconciliation_key = ? WHERE id = ?');
      for (const row of rows) {
        const key = reconciliationKey({
          given_name: row.given_name ?? '',
          family_name: row.family_name ?? '',
          birthdate: row.birthdate ?? '',
          gender: row.gender === 'male' || row.gender === 'female' ? row.gender : 'unspecified',
          birthplace: row.birthplace ?? '',
          birthcountry: row.birthcountry ?? '',
        });
        setKey.run(key, row.id);
      }
    },
  },
  {
    version: 3,
    description:
      'where a reconciliation key comes from (declared identities are never trusted alone); sign-in limits leave the accounts',
    up(db) {
      db.exec(`
        ALTER TABLE accounts ADD COLUMN reconciliation_source TEXT
          CHECK (reconciliation_source IN ('franceconnect', 'declared'));
        UPDATE accounts SET reconciliation_source = 'declared' WHERE reconciliation_key IS NOT NULL;
        DROP TABLE sign_in_attempts;
      `);
    },
  },
  {
    version: 4,
    description: 'second factors: the FranceConnect+ identity of an account, and its passkeys',
    up(db) {
      db.exec(`
        ALTER TABLE accounts ADD COLUMN fcplus_issuer TEXT;
        ALTER TABLE accounts ADD COLUMN fcplus_sub TEXT;
        ALTER TABLE accounts ADD COLUMN fcplus_linked_at INTEGER;
        CREATE UNIQUE INDEX accounts_franceconnect_plus ON accounts (fcplus_issuer, fcplus_sub)
          WHERE fcplus_sub IS NOT NULL;
        CREATE TABLE passkeys (
          id TEXT PRIMARY KEY NOT NULL,
          account_id TEXT NOT NULL,
          public_key BLOB NOT NULL,
          counter INTEGER NOT NULL DEFAULT 0,
          transports TEXT NOT NULL DEFAULT '[]',
          name TEXT NOT NULL,
          device_type TEXT NOT NULL CHECK (device_type IN ('singleDevice', 'multiDevice')),
          backed_up INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL,
          last_used_at INTEGER
        );
        CREATE INDEX passkeys_account ON passkeys (account_id, created_at);
        -- An account's passkeys go with it, whatever deletes it.
        CREATE TRIGGER accounts_passkeys_deleted AFTER DELETE ON accounts
        BEGIN
          DELETE FROM passkeys WHERE account_id = old.id;
        END;
      `);
    },
  },
];

export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/** The database's schema is newer than this code: refusing is safer than guessing. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
}

export function schemaVersion(db: Database.Database): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_versions (
    component TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL, migrated_at INTEGER NOT NULL)`);
  const row = db.prepare('SELECT version FROM schema_versions WHERE component = ?').get(COMPONENT) as
    { version: number } | undefined;
  return row?.version ?? 0;
}

/**
 * Brings the accounts' schema to `target` (default: the latest). Resolves the versions applied.
 * `target` exists for tests that build an old database.
 */
export function migrate(db: Database.Database, target = LATEST_VERSION): number[] {
  const run = db.transaction(() => {
    const current = schemaVersion(db);
    if (current > LATEST_VERSION) {
      throw new SchemaTooNewError(
        `the accounts' schema is at version ${current}, newer than this version of the kit knows (${LATEST_VERSION}): upgrade the kit`,
      );
    }
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (migration.version <= current || migration.version > target) continue;
      migration.up(db);
      applied.push(migration.version);
    }
    if (applied.length > 0) {
      db.prepare(
        `INSERT INTO schema_versions (component, version, migrated_at) VALUES (?, ?, ?)
         ON CONFLICT (component) DO UPDATE SET version = excluded.version, migrated_at = excluded.migrated_at`,
      ).run(COMPONENT, applied.at(-1), Date.now());
    }
    return applied;
  });
  return run.immediate();
}
