import type { VerifiedAuthorization } from '../franceconnect/finish-login.js';
import type { Logger } from '../log.js';
import type { SignInDecision } from '../purposes.js';
import { LOCKED_FIELDS, lockedIdentityOf, viewOf, type Account } from './account.js';
import type { AccountsContext } from './context.js';
import { signUpLocation } from './sign-up-location.js';

/**
 * A sign-in through FranceConnect+: the account linked to that FranceConnect+ identity (its issuer and
 * `sub`: FranceConnect+ asks services to reconcile on `sub`, since the identity comes from the
 * identity provider and may differ slightly from one to another), else the sign-up. Its identity is
 * refreshed only on an account FranceConnect did not certify itself.
 */
export async function plusSignIn(
  ctx: AccountsContext,
  authorization: VerifiedAuthorization,
  log: Logger,
): Promise<SignInDecision> {
  const issuer = ctx.bff.franceconnectPlus?.client.issuer ?? '';
  let account: Account | undefined = await ctx.store.findByFranceConnectPlus(
    issuer,
    authorization.identity.sub,
  );
  const identity = lockedIdentityOf(authorization.identity);
  if (
    account &&
    account.franceconnect === null &&
    !LOCKED_FIELDS.every((field) => account?.identity?.[field] === identity[field])
  ) {
    account = (await ctx.store.update(account.id, { identity })) ?? account;
    log.info({ event: 'account.identity_refreshed' }, 'pivot identity refreshed from FranceConnect+');
  }
  if (account) return { userId: account.id, account: viewOf(account) };
  log.info(
    { event: 'account.sign_up_pending', platform: 'franceconnect-plus' },
    'unknown FranceConnect+ identity: sign-up pending',
  );
  return {
    account: null,
    redirectTo: signUpLocation(ctx.settings.signUpPage, authorization.transaction.returnTo),
  };
}
