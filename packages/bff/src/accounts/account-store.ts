import type { Account, LockedIdentity } from './account.js';
import type { NewPasskey, Passkey } from './passkey.js';
import { StoreUnavailableError } from '../store-unavailable.js';

/** What a new account starts with. */
export interface NewAccount {
  /** Set for a FranceConnect sign-up; the identity is then `franceconnect`-sourced. */
  franceconnect?: { issuer: string; sub: string } | undefined;
  /** Set for a FranceConnect+ sign-up (the identity is certified too). */
  franceconnectPlus?: { issuer: string; sub: string } | undefined;
  identity?: LockedIdentity | undefined;
  identitySource?: 'franceconnect' | 'declared' | undefined;
  /** `reconciliationKey(identity)`, for `findReconciliationCandidates` (accounts not linked only). */
  reconciliationKey?: string | undefined;
  /**
   * Where that identity comes from: `declared` (default) by the person, or `franceconnect` for an
   * identity FranceConnect certified (accounts imported from an earlier FranceConnect integration).
   */
  reconciliationSource?: 'franceconnect' | 'declared' | undefined;
  preferred_username: string;
  email: string;
  /** `hashPassword()` output; local credentials, signed in with `loginEmail`. */
  passwordHash?: string | undefined;
  /** `normaliseEmail(email)`, required with a password. */
  loginEmail?: string | undefined;
}

/** Changes to an account; absent fields stay as they are. */
export interface AccountChanges {
  preferred_username?: string | undefined;
  email?: string | undefined;
  /** Kept in step with `email` for accounts with local credentials. */
  loginEmail?: string | undefined;
  /** FranceConnect's identity, refreshed at sign-in (only for linked accounts). */
  identity?: LockedIdentity | undefined;
  passwordHash?: string | undefined;
}

/**
 * Where accounts live. Every method is asynchronous and speaks plain values, so that an
 * implementation may be SQLite (`SqliteAccountStore`, the default), PostgreSQL or anything else.
 * A PostgreSQL one maps each method to one statement: a table with a unique constraint on
 * (`fc_issuer`, `fc_sub`), a partial unique index on the login email of accounts with a password, an
 * index on the reconciliation key of unlinked accounts, a unique constraint on (`fcplus_issuer`,
 * `fcplus_sub`), a `passkeys` table keyed by credential id, indexed by account, deleted with its account
 * (`ON DELETE CASCADE`), `recordPasskeyUse` as one `UPDATE … WHERE counter = expected`. What is deleted
 * or replaced must be erased at rest, not only hidden (for SQLite: `secure_delete` and a checkpoint; for
 * PostgreSQL: `VACUUM (FULL)` of the table), before the call resolves. Run
 * `test/bff/account-store-contract.test.ts` against it.
 *
 * Conflicts (an email already used for local sign-in, a FranceConnect identity already linked) reject
 * with `AccountConflictError`; an unreachable store with `AccountStoreUnavailableError` (503).
 */
export interface AccountStore {
  /** `sqlite`, `postgresql`… */
  readonly kind: string;
  create(account: NewAccount): Promise<Account>;
  findById(id: string): Promise<Account | undefined>;
  /** The account linked to this FranceConnect identity. */
  findByFranceConnect(issuer: string, sub: string): Promise<Account | undefined>;
  /** The account with local credentials whose login email is this (normalised) one, with its hash. */
  findCredentials(loginEmail: string): Promise<{ account: Account; passwordHash: string } | undefined>;
  /**
   * Accounts not linked to FranceConnect whose identity (declared, or certified) has this key (at most
   * `limit`), with their `reconciliationSource`.
   */
  findReconciliationCandidates(key: string, limit: number): Promise<Account[]>;
  /** Resolves `undefined` when there is no such account. */
  update(id: string, changes: AccountChanges): Promise<Account | undefined>;
  /**
   * Links an account that is not linked yet to a FranceConnect identity, whose certified identity
   * replaces the declared one. `undefined` when the account does not exist or is already linked;
   * `AccountConflictError` when another account has that identity.
   */
  link(
    id: string,
    link: { issuer: string; sub: string },
    identity: LockedIdentity,
  ): Promise<Account | undefined>;
  /** Removes the link and the certified identity (it is certified only while linked). */
  unlink(id: string): Promise<Account | undefined>;
  /** The account linked to this FranceConnect+ identity. */
  findByFranceConnectPlus(issuer: string, sub: string): Promise<Account | undefined>;
  /**
   * Links an account with no FranceConnect+ identity yet to one (the same person's, checked by the
   * caller). Its certified identity becomes the account's, unless FranceConnect certified one already.
   * `undefined` when the account does not exist or already has one; `AccountConflictError`
   * (`franceconnect`) when another account has it.
   */
  linkFranceConnectPlus(
    id: string,
    link: { issuer: string; sub: string },
    identity: LockedIdentity,
  ): Promise<Account | undefined>;
  /**
   * Adds a passkey to an account. `undefined` when the account does not exist;
   * `AccountConflictError` (`passkey`) when that credential is registered already (on any account).
   */
  addPasskey(passkey: NewPasskey): Promise<Passkey | undefined>;
  /** The account's passkeys, oldest first. */
  listPasskeys(accountId: string): Promise<Passkey[]>;
  findPasskey(id: string): Promise<Passkey | undefined>;
  /** `undefined` when the account has no such passkey. */
  renamePasskey(accountId: string, id: string, name: string): Promise<Passkey | undefined>;
  /** Resolves whether the account had that passkey. */
  removePasskey(accountId: string, id: string): Promise<boolean>;
  /**
   * Records a use of a passkey: its counter becomes `counter` and its last use `at`, only if its
   * counter is still `expected` (two uses of one assertion cannot both pass). Resolves whether it did.
   */
  recordPasskeyUse(
    accountId: string,
    id: string,
    use: { expected: number; counter: number; at: Date },
  ): Promise<boolean>;
  /** Resolves whether an account was deleted. */
  delete(id: string): Promise<boolean>;
  /** Resolves when the store answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A uniqueness rule refused the change; `field` says which (`email` or `franceconnect`). */
export class AccountConflictError extends Error {
  override readonly name = 'AccountConflictError';
  constructor(
    readonly field: 'email' | 'franceconnect' | 'passkey',
    message: string,
  ) {
    super(message);
  }
}

/** The account store could not be used: routes answer 503 and the next request tries again. */
export class AccountStoreUnavailableError extends StoreUnavailableError {
  override readonly name: string = 'AccountStoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('account', message, options);
  }
}
