import type { Account } from '../accounts/account.js';
import type { AuthenticationMethod } from '../session/authentications.js';
import type { SignedIn } from '../session/session-data.js';
import type { StepUpContext } from './context.js';
import { ACCEPTED_METHODS, type Requirement } from './requirements.js';
import { franceconnectComparable, plusComparable } from './same-person.js';

/** One way this session's person can meet a requirement, and where it starts. */
export interface StepUpMethod {
  method: AuthenticationMethod;
  /**
   * Where the browser goes for it: `/auth/reauthenticate?returnTo=…` (FranceConnect),
   * `/auth/plus/reauthenticate?returnTo=…` (FranceConnect+). Password and passkey happen in the page
   * (`POST /auth/reauthenticate/password`, `POST /api/step-up/passkey`).
   */
  href?: string;
}

/**
 * The methods this session's person can use to meet `requirement`, in the order a page offers them
 * (FranceConnect first, as the qualification asks of every sign-in): only those that can prove it is
 * the same person (a FranceConnect identity the account is linked to, a password it has, passkeys
 * it registered).
 */
export async function methodsFor(
  ctx: StepUpContext,
  signedIn: SignedIn,
  account: Account | undefined,
  requirement: Requirement,
  returnTo: string,
): Promise<StepUpMethod[]> {
  const accepted = ACCEPTED_METHODS[requirement];
  const back = `returnTo=${encodeURIComponent(returnTo)}`;
  const methods: StepUpMethod[] = [];
  if (accepted.includes('franceconnect') && franceconnectComparable(signedIn, account))
    methods.push({ method: 'franceconnect', href: `/auth/reauthenticate?${back}` });
  if (
    accepted.includes('franceconnect-plus') &&
    ctx.bff.franceconnectPlus &&
    plusComparable(signedIn, account)
  )
    methods.push({ method: 'franceconnect-plus', href: `/auth/plus/reauthenticate?${back}` });
  if (accepted.includes('passkey') && ctx.passkeys && account && ctx.accounts) {
    if ((await ctx.accounts.listPasskeys(account.id)).length > 0) methods.push({ method: 'passkey' });
  }
  if (accepted.includes('password') && account?.hasPassword) methods.push({ method: 'password' });
  return methods;
}
