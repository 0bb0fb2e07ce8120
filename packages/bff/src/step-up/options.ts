import { z } from 'zod';
import { parseDuration } from '../config.js';
import { safeReturnTo } from '../return-to.js';

/** The `stepUp` option of `createFranceConnectBff`: how sensitive acts ask for more. */
export interface StepUpOptions {
  /**
   * Your page that hosts `<franceconnect-step-up>`: a browser that must re-authenticate or give a
   * second factor is sent there with `?requirement=…&returnTo=…`. Default `/verification`.
   */
  page?: string;
  /** Where a signed-out browser on a guarded page goes, with `?returnTo=`. Default `/auth/login`. */
  signInPage?: string;
  /**
   * How recent an authentication must be, by default and for the BFF's own sensitive acts (unlink,
   * deletion, email change, passkeys): seconds or a duration (`5m`). Default 5 minutes.
   */
  maxAge?: number | string;
  /**
   * Passkeys as a second factor (with `accounts`): `true` (default with accounts), `false`, or
   * `{ rpName }`, the service's name the authenticator shows (default: the public URL's host).
   */
  passkeys?: boolean | { rpName?: string };
}

const sitePath = (what: string) =>
  z
    .string()
    .refine(
      (value) => safeReturnTo(value, '') === value,
      `${what} must be a same-origin path such as /verification`,
    );

/** A `maxAge`: seconds (1 second to 1 day), or a duration such as `5m`. */
export const maxAgeSchema = z
  .union([z.number(), z.string()], { error: 'maxAge must be a number of seconds or a duration (5m)' })
  .transform((value, ctx) => {
    const seconds = typeof value === 'number' ? value : parseDuration(value);
    if (seconds === undefined || !Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) {
      ctx.addIssue({ code: 'custom', message: 'maxAge must be between 1 second and 1 day (e.g. 300, 5m)' });
      return z.NEVER;
    }
    return seconds;
  });

export const STEP_UP_DEFAULTS = { page: '/verification', signInPage: '/auth/login', maxAge: 5 * 60 } as const;

export const stepUpOptionsSchema = z
  .strictObject({
    page: sitePath('stepUp.page').default(STEP_UP_DEFAULTS.page),
    signInPage: sitePath('stepUp.signInPage').default(STEP_UP_DEFAULTS.signInPage),
    maxAge: maxAgeSchema.default(STEP_UP_DEFAULTS.maxAge),
    passkeys: z
      .union([
        z.boolean(),
        z.strictObject({
          rpName: z.string().trim().min(1).max(64, 'stepUp.passkeys.rpName is too long').optional(),
        }),
      ])
      .optional(),
  })
  .default({ ...STEP_UP_DEFAULTS });

export type StepUpSettings = z.output<typeof stepUpOptionsSchema>;
