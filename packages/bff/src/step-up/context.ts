import type { Account } from '../accounts/account.js';
import type { AccountStore } from '../accounts/account-store.js';
import type { BffContext } from '../context.js';
import type { SignedIn } from '../session/session-data.js';
import type { StepUpSettings } from './options.js';

/** What the step-up routes and guards share. */
export interface StepUpContext {
  bff: BffContext;
  settings: StepUpSettings;
  /** With accounts: passwords, passkeys and FranceConnect+ links live there. */
  accounts: AccountStore | undefined;
  /** Whether passkeys are a second factor here (accounts on, not turned off). */
  passkeys: boolean;
}

/** The account of a signed-in session, read afresh (`undefined` without one, or deleted meanwhile). */
export async function accountOfSession(ctx: StepUpContext, signedIn: SignedIn): Promise<Account | undefined> {
  if (!ctx.accounts || signedIn.account === null) return undefined;
  return ctx.accounts.findById(signedIn.userId);
}
