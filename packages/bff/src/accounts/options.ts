import { z } from 'zod';
import { safeReturnTo } from '../return-to.js';
import type { AccountStore } from './account-store.js';
import { DEFAULT_SCRYPT, type ScryptParameters } from './password.js';
import { DEFAULT_THROTTLE, type ThrottleLimits } from './throttle.js';

/** The `accounts` option of `createFranceConnectBff` (`true` takes every default). */
export interface AccountsOptions {
  /** Where accounts live. Default: a `SqliteAccountStore` in the sessions' database file (`databasePath`). */
  store?: AccountStore;
  /**
   * Your sign-up page: after a first FranceConnect sign-in with an unknown identity, the browser goes
   * there, with `?returnTo=`. Default `/inscription`.
   */
  signUpPage?: string;
  /** Where « Lier mon compte FranceConnect » (`GET /auth/link`) returns without `returnTo`. Default `/profil`. */
  profilePage?: string;
  /**
   * `automatic` (default): a first FranceConnect sign-in is linked at once to the one local account,
   * not linked yet, that declared the same whole pivot identity. `manual`: never; the person links it
   * (« J’ai déjà un compte », « Lier mon compte FranceConnect »).
   */
  reconciliation?: 'automatic' | 'manual';
  /** Limits of the local sign-in (default 5 attempts per account and 50 per address in 15 minutes). */
  throttle?: Partial<ThrottleLimits>;
  /** scrypt parameters for new password hashes (default `{ logN: 15, r: 8, p: 3 }`). */
  passwordHashing?: ScryptParameters;
}

const sitePath = (what: string) =>
  z
    .string()
    .refine(
      (value) => safeReturnTo(value, '') === value,
      `${what} must be a same-origin path such as /inscription`,
    );

const ACCOUNT_STORE_METHODS = [
  'create',
  'findById',
  'findByFranceConnect',
  'findCredentials',
  'findReconciliationCandidates',
  'update',
  'link',
  'unlink',
  'delete',
  'findByFranceConnectPlus',
  'linkFranceConnectPlus',
  'addPasskey',
  'listPasskeys',
  'findPasskey',
  'renamePasskey',
  'removePasskey',
  'recordPasskeyUse',
  'recordAttempt',
  'clearAttempts',
  'ping',
  'close',
] as const;

const positive = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be an integer`)
    .min(1, `${what} must be at least 1`)
    .max(max, `${what} must be at most ${max}`);

export const accountsOptionsSchema = z.strictObject({
  store: z
    .custom<AccountStore>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        ACCOUNT_STORE_METHODS.every(
          (method) => typeof (value as Record<string, unknown>)[method] === 'function',
        ),
      `must be an AccountStore (methods ${ACCOUNT_STORE_METHODS.join(', ')})`,
    )
    .optional(),
  signUpPage: sitePath('accounts.signUpPage').default('/inscription'),
  profilePage: sitePath('accounts.profilePage').default('/profil'),
  reconciliation: z
    .enum(['automatic', 'manual'], { error: 'accounts.reconciliation must be automatic or manual' })
    .default('automatic'),
  throttle: z
    .strictObject({
      perAccount: positive('accounts.throttle.perAccount', 1000),
      perAddress: positive('accounts.throttle.perAddress', 100_000),
      windowSeconds: positive('accounts.throttle.windowSeconds', 86_400),
    })
    .partial()
    .transform((limits): ThrottleLimits => ({ ...DEFAULT_THROTTLE, ...limits }))
    .default(DEFAULT_THROTTLE),
  passwordHashing: z
    .strictObject({
      logN: positive('accounts.passwordHashing.logN', 20).min(
        10,
        'accounts.passwordHashing.logN must be at least 10',
      ),
      r: positive('accounts.passwordHashing.r', 32),
      p: positive('accounts.passwordHashing.p', 16),
    })
    .default(DEFAULT_SCRYPT),
});

export type AccountsSettings = z.output<typeof accountsOptionsSchema>;
