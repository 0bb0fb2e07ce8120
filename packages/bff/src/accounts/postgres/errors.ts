import { AccountConflictError, AccountStoreUnavailableError } from '../account-store.js';
import { SchemaTooNewError } from '../migrations.js';

/** PostgreSQL's error code (SQLSTATE), or what failed when there is none. */
export function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) return String(error.code);
  // node-postgres's own errors (a connection timeout) have no code: their message says it (never a password).
  return error instanceof Error ? error.message.slice(0, 100) || error.constructor.name : 'unknown';
}

export function unavailable(error: unknown): AccountStoreUnavailableError {
  if (error instanceof AccountStoreUnavailableError) return error;
  const reason = error instanceof SchemaTooNewError ? error.message : codeOf(error);
  return new AccountStoreUnavailableError(`the PostgreSQL account store failed (${reason})`, {
    cause: error,
  });
}

/** The conflict a unique index (named as in the migrations) stands for. */
export function conflictOf(index: string): AccountConflictError {
  if (index === 'accounts_login_email') {
    return new AccountConflictError('email', 'another account signs in with this email');
  }
  if (index === 'passkeys_pkey') {
    return new AccountConflictError('passkey', 'this passkey is registered already');
  }
  return new AccountConflictError(
    'franceconnect',
    'this FranceConnect identity is linked to another account',
  );
}

/** PostgreSQL's failures as the store's errors: a uniqueness rule broken, or the store unusable. */
export function storeError(error: unknown): Error {
  if (codeOf(error) === '23505') return conflictOf((error as { constraint?: string }).constraint ?? '');
  return unavailable(error);
}
