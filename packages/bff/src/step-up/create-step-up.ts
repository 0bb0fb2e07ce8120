import type { Request, RequestHandler, Response, Router } from 'express';
import type { AccountStore } from '../accounts/account-store.js';
import type { BffContext } from '../context.js';
import type { PurposeHandler } from '../purposes.js';
import type { StepUpContext } from './context.js';
import { meetsRequirement, requirement } from './guards.js';
import { maxAgeSchema, type StepUpSettings } from './options.js';
import { completeReauthentication, REAUTHENTICATE_PURPOSE, startReauthentication } from './reauthenticate.js';
import type { Requirement } from './requirements.js';
import { stepUpStatus } from './status-route.js';

export { REAUTHENTICATE_PURPOSE };

/** Options of `bff.requireRecentAuthentication()` and `bff.requireStepUp()`. */
export interface GuardOptions {
  /** How recent: seconds or a duration (`5m`). Default: the `stepUp.maxAge` option (5 minutes). */
  maxAge?: number | string;
}

/** The guards as other features of the BFF use them (the accounts' sensitive acts). */
export interface StepUpGuards {
  /** A middleware (after the session) that lets a request through once the requirement is met. */
  require(name: Requirement, maxAge?: number): RequestHandler;
  /** For a route that asks it only sometimes: answers and resolves `false` when it is not met. */
  meets(req: Request, res: Response, name: Requirement, maxAge?: number): Promise<boolean>;
}

export interface StepUpFeature {
  guards: StepUpGuards;
  /** `bff.requireRecentAuthentication(options)`: the session, then the guard. */
  requireRecentAuthentication: (options?: GuardOptions) => RequestHandler[];
  /** `bff.requireStepUp(options)`: the session, then the guard (a second factor). */
  requireStepUp: (options?: GuardOptions) => RequestHandler[];
  purpose: PurposeHandler;
  context: StepUpContext;
  /** `/auth/reauthenticate`, `/auth/plus/reauthenticate` (with FranceConnect+), `GET /api/step-up`. */
  mount(router: Router): void;
}

function maxAgeOf(options: GuardOptions | undefined, fallback: number): number {
  if (options?.maxAge === undefined) return fallback;
  const parsed = maxAgeSchema.safeParse(options.maxAge);
  if (!parsed.success) throw new TypeError(parsed.error.issues[0]?.message ?? 'maxAge is invalid');
  return parsed.data;
}

/**
 * Sensitive acts, checklist #22 and the sensitive acts of accounts: one mechanism, the session's
 * record of its authentications (session/authentications.ts), read by two guards a site puts on its
 * own routes. A browser that does not meet them goes to the site's page (`stepUp.page`) to
 * re-authenticate or give a second factor, then back; a script gets a 403 saying where to go.
 */
export function createStepUp(
  bff: BffContext,
  settings: StepUpSettings,
  options: { accounts: AccountStore | undefined; session: RequestHandler[] },
): StepUpFeature {
  const context: StepUpContext = {
    bff,
    settings,
    accounts: options.accounts,
    passkeys: options.accounts !== undefined && settings.passkeys !== false,
  };
  const guards: StepUpGuards = {
    require: (name, maxAge) => requirement(context, name, maxAge),
    meets: (req, res, name, maxAge) => meetsRequirement(context, req, res, name, maxAge),
  };
  return {
    guards,
    requireRecentAuthentication: (guardOptions) => [
      ...options.session,
      requirement(context, 'recent-authentication', maxAgeOf(guardOptions, settings.maxAge)),
    ],
    requireStepUp: (guardOptions) => [
      ...options.session,
      requirement(context, 'second-factor', maxAgeOf(guardOptions, settings.maxAge)),
    ],
    purpose: completeReauthentication(context),
    context,
    mount(router) {
      router.get('/auth/reauthenticate', startReauthentication(context, 'franceconnect'));
      if (bff.franceconnectPlus)
        router.get('/auth/plus/reauthenticate', startReauthentication(context, 'franceconnect-plus'));
      router.get('/api/step-up', ...options.session, stepUpStatus(context));
    },
  };
}
