import { LOCKED_FIELDS, type Account, type LockedIdentity } from '../account.js';

/*
 * Every statement of the PostgreSQL account store, in one place. One statement per method of
 * `AccountStore`, except `recordAttempt` (one transaction). Timestamps come from the database's clock,
 * the same for every instance.
 */

/** A row of `accounts`, as node-postgres returns it. */
export interface AccountRow {
  id: string;
  fc_issuer: string | null;
  fc_sub: string | null;
  fc_linked_at: Date | null;
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
  created_at: Date;
  updated_at: Date;
}

export function accountOf(row: AccountRow): Account {
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
        ? { issuer: row.fc_issuer, sub: row.fc_sub, linkedAt: row.fc_linked_at ?? row.created_at }
        : null,
    identity,
    identitySource: row.identity_source,
    reconciliationSource: row.reconciliation_source,
    preferred_username: row.preferred_username,
    email: row.email,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const COLUMNS = `id, fc_issuer, fc_sub, fc_linked_at, given_name, family_name, birthdate, gender, birthplace,
  birthcountry, identity_source, reconciliation_source, preferred_username, email, login_email, password_hash,
  created_at, updated_at`;

export const SQL = {
  insert: `INSERT INTO accounts (id, fc_issuer, fc_sub, fc_linked_at, given_name, family_name, birthdate,
      gender, birthplace, birthcountry, identity_source, preferred_username, email, login_email,
      password_hash, reconciliation_key, reconciliation_source, created_at, updated_at)
    VALUES ($1, $2, $3, CASE WHEN $3::text IS NULL THEN NULL ELSE now() END, $4, $5, $6, $7, $8, $9, $10,
      $11, $12, $13, $14, $15, $16, now(), now())
    RETURNING ${COLUMNS}`,
  byId: `SELECT ${COLUMNS} FROM accounts WHERE id = $1`,
  byFranceConnect: `SELECT ${COLUMNS} FROM accounts WHERE fc_issuer = $1 AND fc_sub = $2`,
  byLoginEmail: `SELECT ${COLUMNS} FROM accounts WHERE login_email = $1`,
  candidates: `SELECT ${COLUMNS} FROM accounts WHERE reconciliation_key = $1 AND fc_sub IS NULL
    ORDER BY created_at, id LIMIT $2`,
  link: `UPDATE accounts SET fc_issuer = $2, fc_sub = $3, fc_linked_at = now(), given_name = $4,
      family_name = $5, birthdate = $6, gender = $7, birthplace = $8, birthcountry = $9,
      identity_source = 'franceconnect', reconciliation_key = NULL, reconciliation_source = NULL,
      updated_at = now()
    WHERE id = $1 AND fc_sub IS NULL
    RETURNING ${COLUMNS}`,
  unlink: `UPDATE accounts SET fc_issuer = NULL, fc_sub = NULL, fc_linked_at = NULL, given_name = NULL,
      family_name = NULL, birthdate = NULL, gender = NULL, birthplace = NULL, birthcountry = NULL,
      identity_source = NULL, reconciliation_key = NULL, reconciliation_source = NULL, updated_at = now()
    WHERE id = $1
    RETURNING ${COLUMNS}`,
  delete: 'DELETE FROM accounts WHERE id = $1',
  /**
   * Rewrites the table and its indexes into new files, so that a deleted account's bytes leave the
   * database's files (a plain VACUUM only marks their space reusable).
   */
  rewrite: 'VACUUM (FULL) accounts',
  /** Attempts are serialised per key by an advisory lock in their own key space (two int4 keys). */
  lockAttempts: 'SELECT pg_advisory_xact_lock(1178812998, hashtext($1))',
  forgetOldAttemptsOfKey: 'DELETE FROM sign_in_attempts WHERE key = $1 AND at < $2',
  countAttempts:
    'SELECT count(*)::int AS count, min(at) AS oldest FROM sign_in_attempts WHERE key = $1 AND at >= $2',
  insertAttempt: 'INSERT INTO sign_in_attempts (key, at) VALUES ($1, $2)',
  /** Other keys' old attempts, a batch at a time, without waiting for rows another instance holds. */
  purgeOldAttempts: `DELETE FROM sign_in_attempts WHERE ctid IN (
      SELECT ctid FROM sign_in_attempts WHERE at < $1 LIMIT 1000 FOR UPDATE SKIP LOCKED)`,
  clearAttempts: 'DELETE FROM sign_in_attempts WHERE key = $1',
  ping: 'SELECT 1',
} as const;

/** Which columns `update` may set, and the SQL assigning each (`$1` is the id). */
export function updateStatement(changes: {
  preferred_username?: string | undefined;
  email?: string | undefined;
  loginEmail?: string | undefined;
  passwordHash?: string | undefined;
  identity?: LockedIdentity | undefined;
}): { text: string; values: unknown[] } {
  const assignments: string[] = [];
  const values: unknown[] = [];
  const set = (column: string, value: unknown) => {
    values.push(value);
    assignments.push(`${column} = $${values.length + 1}`);
  };
  if (changes.preferred_username !== undefined) set('preferred_username', changes.preferred_username);
  if (changes.email !== undefined) set('email', changes.email);
  if (changes.passwordHash !== undefined) {
    set('password_hash', changes.passwordHash);
    set('login_email', changes.loginEmail ?? null);
  } else if (changes.loginEmail !== undefined) {
    // Only accounts with local credentials have a login email.
    values.push(changes.loginEmail);
    assignments.push(
      `login_email = CASE WHEN password_hash IS NULL THEN NULL ELSE $${values.length + 1} END`,
    );
  }
  // The identity's columns carry the locked fields' names.
  if (changes.identity !== undefined)
    for (const column of LOCKED_FIELDS) set(column, changes.identity[column]);
  assignments.push('updated_at = now()');
  return {
    text: `UPDATE accounts SET ${assignments.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
    values,
  };
}
