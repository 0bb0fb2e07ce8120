import type pg from 'pg';
import { SchemaTooNewError } from '../migrations.js';

/**
 * The accounts' schema in PostgreSQL, versioned in `schema_versions` under the component `accounts`
 * (the same bookkeeping as the SQLite store). Migrations only move forward. All of them run in one
 * transaction that first takes an advisory lock: when several instances start at once, one migrates
 * and the others wait, then find the schema up to date. DDL is transactional in PostgreSQL, so a
 * failed migration leaves the previous version intact.
 */
export interface PostgresMigration {
  version: number;
  description: string;
  sql: string;
}

const COMPONENT = 'accounts';
/** The advisory lock of migrations (an arbitrary constant: « FCBFFACC »). */
const MIGRATION_LOCK = 0x46434246_00414343n;

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    description:
      'accounts keyed by their FranceConnect and FranceConnect+ identities, local credentials, reconciliation keys, passkeys',
    sql: `
      CREATE TABLE accounts (
        id uuid PRIMARY KEY,
        fc_issuer text,
        fc_sub text,
        fc_linked_at timestamptz,
        fcplus_issuer text,
        fcplus_sub text,
        fcplus_linked_at timestamptz,
        given_name text,
        family_name text,
        birthdate text,
        gender text,
        birthplace text,
        birthcountry text,
        identity_source text CHECK (identity_source IN ('franceconnect', 'declared')),
        preferred_username text NOT NULL DEFAULT '',
        email text NOT NULL,
        login_email text,
        password_hash text,
        reconciliation_key text,
        reconciliation_source text CHECK (reconciliation_source IN ('franceconnect', 'declared')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK ((fc_issuer IS NULL) = (fc_sub IS NULL)),
        CHECK ((fcplus_issuer IS NULL) = (fcplus_sub IS NULL)),
        CHECK ((password_hash IS NULL) = (login_email IS NULL))
      );
      CREATE UNIQUE INDEX accounts_franceconnect ON accounts (fc_issuer, fc_sub) WHERE fc_sub IS NOT NULL;
      CREATE UNIQUE INDEX accounts_franceconnect_plus ON accounts (fcplus_issuer, fcplus_sub)
        WHERE fcplus_sub IS NOT NULL;
      CREATE UNIQUE INDEX accounts_login_email ON accounts (login_email) WHERE login_email IS NOT NULL;
      CREATE INDEX accounts_reconciliation ON accounts (reconciliation_key)
        WHERE reconciliation_key IS NOT NULL AND fc_sub IS NULL;
      -- Second factors (qualification #22); an account's passkeys go with it, whatever deletes it.
      CREATE TABLE passkeys (
        id text PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        public_key bytea NOT NULL,
        -- WebAuthn's signature counter is an unsigned 32-bit integer.
        counter bigint NOT NULL DEFAULT 0 CHECK (counter BETWEEN 0 AND 4294967295),
        transports text[] NOT NULL DEFAULT '{}',
        name text NOT NULL,
        device_type text NOT NULL CHECK (device_type IN ('singleDevice', 'multiDevice')),
        backed_up boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz
      );
      CREATE INDEX passkeys_account ON passkeys (account_id, created_at);
    `,
  },
];

export const POSTGRES_LATEST_VERSION = POSTGRES_MIGRATIONS.at(-1)?.version ?? 0;

/**
 * Brings the accounts' schema to `target` (default: the latest) on one client; resolves the versions
 * applied. Rejects with `SchemaTooNewError` when the database is ahead of this code.
 */
export async function migratePostgres(
  client: pg.ClientBase,
  target = POSTGRES_LATEST_VERSION,
): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_versions (
      component text PRIMARY KEY, version integer NOT NULL, migrated_at timestamptz NOT NULL)`);
    const { rows } = await client.query<{ version: number }>(
      'SELECT version FROM schema_versions WHERE component = $1',
      [COMPONENT],
    );
    const current = rows[0]?.version ?? 0;
    if (current > POSTGRES_LATEST_VERSION) {
      throw new SchemaTooNewError(
        `the accounts' schema is at version ${current}, newer than this version of the kit knows (${POSTGRES_LATEST_VERSION}): upgrade the kit`,
      );
    }
    const applied: number[] = [];
    for (const migration of POSTGRES_MIGRATIONS) {
      if (migration.version <= current || migration.version > target) continue;
      await client.query(migration.sql);
      applied.push(migration.version);
    }
    if (applied.length > 0) {
      await client.query(
        `INSERT INTO schema_versions (component, version, migrated_at) VALUES ($1, $2, now())
         ON CONFLICT (component) DO UPDATE SET version = excluded.version, migrated_at = excluded.migrated_at`,
        [COMPONENT, applied.at(-1)],
      );
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
