import { LOCKED_FIELDS, type Account, type FranceConnectLink, type LockedIdentity } from '../account.js';
import type { Passkey } from '../passkey.js';

/*
 * Every statement of the PostgreSQL account store, in one place: one statement per method of
 * `AccountStore`. Timestamps come from the database's clock, the same for every instance (but a
 * passkey's last use, which the caller dates).
 */

/** A row of `accounts`, as node-postgres returns it. */
export interface AccountRow {
  id: string;
  fc_issuer: string | null;
  fc_sub: string | null;
  fc_linked_at: Date | null;
  fcplus_issuer: string | null;
  fcplus_sub: string | null;
  fcplus_linked_at: Date | null;
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
  const linkOf = (issuer: string | null, sub: string | null, at: Date | null): FranceConnectLink | null =>
    issuer !== null && sub !== null ? { issuer, sub, linkedAt: at ?? row.created_at } : null;
  return {
    id: row.id,
    franceconnect: linkOf(row.fc_issuer, row.fc_sub, row.fc_linked_at),
    franceconnectPlus: linkOf(row.fcplus_issuer, row.fcplus_sub, row.fcplus_linked_at),
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

const COLUMNS = `id, fc_issuer, fc_sub, fc_linked_at, fcplus_issuer, fcplus_sub, fcplus_linked_at,
  given_name, family_name, birthdate, gender, birthplace, birthcountry, identity_source, reconciliation_source,
  preferred_username, email, login_email, password_hash, created_at, updated_at`;

/** A row of `passkeys`, as node-postgres returns it (`bigint` as a string). */
export interface PasskeyRow {
  id: string;
  account_id: string;
  public_key: Buffer;
  counter: string;
  transports: string[];
  name: string;
  device_type: 'singleDevice' | 'multiDevice';
  backed_up: boolean;
  created_at: Date;
  last_used_at: Date | null;
}

export function passkeyOf(row: PasskeyRow): Passkey {
  return {
    id: row.id,
    accountId: row.account_id,
    publicKey: new Uint8Array(row.public_key),
    counter: Number(row.counter),
    transports: row.transports,
    name: row.name,
    deviceType: row.device_type,
    backedUp: row.backed_up,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

const PASSKEY_COLUMNS = `id, account_id, public_key, counter, transports, name, device_type, backed_up,
  created_at, last_used_at`;

export const SQL = {
  /**
   * `ON CONFLICT DO NOTHING`: a refused account is never written (an INSERT that fails on a unique
   * index leaves its row, password hash and all, in the table's pages until the next rewrite).
   */
  insert: `INSERT INTO accounts (id, fc_issuer, fc_sub, fc_linked_at, fcplus_issuer, fcplus_sub,
      fcplus_linked_at, given_name, family_name, birthdate, gender, birthplace, birthcountry, identity_source,
      preferred_username, email, login_email, password_hash, reconciliation_key, reconciliation_source,
      created_at, updated_at)
    VALUES ($1, $2, $3, CASE WHEN $3::text IS NULL THEN NULL ELSE now() END,
      $4, $5, CASE WHEN $5::text IS NULL THEN NULL ELSE now() END,
      $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, now(), now())
    ON CONFLICT DO NOTHING
    RETURNING ${COLUMNS}`,
  /** After an insert that conflicted: whether the login email is the reason (else the identity is). */
  emailTaken: 'SELECT EXISTS (SELECT 1 FROM accounts WHERE login_email = $1) AS taken',
  byId: `SELECT ${COLUMNS} FROM accounts WHERE id = $1`,
  byFranceConnect: `SELECT ${COLUMNS} FROM accounts WHERE fc_issuer = $1 AND fc_sub = $2`,
  byFranceConnectPlus: `SELECT ${COLUMNS} FROM accounts WHERE fcplus_issuer = $1 AND fcplus_sub = $2`,
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
  /** FranceConnect's certified identity, when the account has one, stays the account's. */
  linkPlus: `UPDATE accounts SET fcplus_issuer = $2, fcplus_sub = $3, fcplus_linked_at = now(),
      given_name = CASE WHEN fc_sub IS NULL THEN $4 ELSE given_name END,
      family_name = CASE WHEN fc_sub IS NULL THEN $5 ELSE family_name END,
      birthdate = CASE WHEN fc_sub IS NULL THEN $6 ELSE birthdate END,
      gender = CASE WHEN fc_sub IS NULL THEN $7 ELSE gender END,
      birthplace = CASE WHEN fc_sub IS NULL THEN $8 ELSE birthplace END,
      birthcountry = CASE WHEN fc_sub IS NULL THEN $9 ELSE birthcountry END,
      identity_source = 'franceconnect', reconciliation_key = NULL, reconciliation_source = NULL,
      updated_at = now()
    WHERE id = $1 AND fcplus_sub IS NULL
    RETURNING ${COLUMNS}`,
  delete: 'DELETE FROM accounts WHERE id = $1',
  /** Only for an existing account, and a credential not registered yet: no row otherwise. */
  insertPasskey: `INSERT INTO passkeys (id, account_id, public_key, counter, transports, name, device_type,
      backed_up, created_at, last_used_at)
    SELECT $1::text, id, $3::bytea, $4::bigint, $5::text[], $6::text, $7::text, $8::boolean, now(), NULL
    FROM accounts WHERE id = $2
    ON CONFLICT DO NOTHING
    RETURNING ${PASSKEY_COLUMNS}`,
  passkeyExists: 'SELECT EXISTS (SELECT 1 FROM passkeys WHERE id = $1) AS taken',
  passkeysOf: `SELECT ${PASSKEY_COLUMNS} FROM passkeys WHERE account_id = $1 ORDER BY created_at, id`,
  passkey: `SELECT ${PASSKEY_COLUMNS} FROM passkeys WHERE id = $1`,
  renamePasskey: `UPDATE passkeys SET name = $3 WHERE id = $1 AND account_id = $2 RETURNING ${PASSKEY_COLUMNS}`,
  removePasskey: 'DELETE FROM passkeys WHERE id = $1 AND account_id = $2',
  /**
   * Compare-and-set: of two uses of one counter, the second waits for the first's row lock, then finds
   * the counter changed and updates nothing.
   */
  usePasskey: `UPDATE passkeys SET counter = $3, last_used_at = $4
    WHERE id = $1 AND account_id = $2 AND counter = $5`,
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
