import { z } from 'zod';
import { safeReturnTo } from '../return-to.js';
import type { LimiterFactory } from '../limits/limiter-store.js';
import type { AccountStore } from './account-store.js';
import { DEFAULT_ACCOUNT_PAGES } from './default-pages.js';
import { DEFAULT_SCRYPT, type ScryptParameters } from './password.js';
import { DEFAULT_THROTTLE, type ThrottleLimits } from './throttle.js';

/** The `accounts` option of `createFranceConnectBff` (`true` takes every default). */
export interface AccountsOptions {
  /** Where accounts live. Default: a `SqliteAccountStore` in the sessions' database file (`databasePath`). */
  store?: AccountStore;
  /**
   * Your sign-up page: after a first FranceConnect sign-in with an unknown identity, the browser goes
   * there, with `?returnTo=`. Default: the BFF's own page, `/compte/inscription`.
   */
  signUpPage?: string;
  /**
   * Your profile page, where « Lier mon compte FranceConnect » (`GET /auth/link`) returns without
   * `returnTo`. Default: the BFF's own page, `/compte/profil`.
   */
  profilePage?: string;
  /**
   * `confirm` (default): a first FranceConnect sign-in is linked at once only to the one account, not
   * linked yet, whose identity FranceConnect itself certified; when a local account declared the same
   * identity, the person is told on the sign-up page and links it by typing that account's password
   * (« J’ai déjà un compte »): a declared identity is never trusted alone. `manual`: nothing is linked
   * or pointed out; the person links their account themselves (« J’ai déjà un compte », « Lier mon
   * compte FranceConnect »).
   */
  reconciliation?: 'confirm' | 'manual';
  /**
   * Limits of the local sign-in, slowed down rather than locked out: 5 attempts per account from
   * browsers that are not its known devices, 50 per address, 10 per known device, in a day, then waits
   * doubling from 2 seconds up to 15 minutes (30 seconds for an address). `store`: where the counters
   * live, to share them between instances (rate-limiter-flexible limiters, e.g. `(options) => new
   * RateLimiterPostgres({ storeClient: pool, ...options })`); default: beside the sessions (the SQLite
   * file, Redis, or memory).
   */
  throttle?: Partial<ThrottleLimits> & { store?: LimiterFactory };
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
  signUpPage: sitePath('accounts.signUpPage').default(DEFAULT_ACCOUNT_PAGES.signUp),
  profilePage: sitePath('accounts.profilePage').default(DEFAULT_ACCOUNT_PAGES.profile),
  reconciliation: z
    .enum(['confirm', 'manual'], {
      error: (issue) =>
        issue.input === 'automatic'
          ? 'automatic is no longer offered (a declared identity would hand a FranceConnect identity to whoever typed it): use confirm (the default) or manual'
          : 'accounts.reconciliation must be confirm or manual',
    })
    .default('confirm'),
  throttle: z
    .strictObject({
      perAccount: positive('accounts.throttle.perAccount', 1000),
      perAddress: positive('accounts.throttle.perAddress', 100_000),
      perDevice: positive('accounts.throttle.perDevice', 1000),
      windowSeconds: positive('accounts.throttle.windowSeconds', 30 * 86_400),
      firstDelaySeconds: positive('accounts.throttle.firstDelaySeconds', 3600),
      maxDelaySeconds: positive('accounts.throttle.maxDelaySeconds', 86_400),
      store: z
        .custom<LimiterFactory>(
          (value) => typeof value === 'function',
          'accounts.throttle.store must be a function making rate-limiter-flexible limiters',
        )
        .optional(),
    })
    .partial()
    .transform(({ store, ...limits }): ThrottleLimits & { store?: LimiterFactory | undefined } => ({
      ...DEFAULT_THROTTLE,
      ...limits,
      store,
    }))
    .default({ ...DEFAULT_THROTTLE, store: undefined }),
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
