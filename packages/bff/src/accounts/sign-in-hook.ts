import type { Request } from 'express';
import type { VerifiedAuthorization } from '../franceconnect/finish-login.js';
import { logOf } from '../log.js';
import type { SignInDecision } from '../purposes.js';
import { LOCKED_FIELDS, lockedIdentityOf, viewOf, type Account, type LockedIdentity } from './account.js';
import type { AccountsContext } from './context.js';
import { plusSignIn } from './plus-sign-in.js';
import { reconcile } from './reconciliation.js';
import { signUpLocation } from './sign-up-location.js';

const sameIdentity = (a: LockedIdentity | null, b: LockedIdentity) =>
  a !== null && LOCKED_FIELDS.every((field) => a[field] === b[field]);

/**
 * The accounts' `onSignIn`: every FranceConnect sign-in finds the account of its identity (issuer and
 * `sub`, never email or name) and refreshes its pivot identity, FranceConnect being the source of
 * truth (qualification #15); failing that, reconciles it with an account whose identity FranceConnect
 * certified (#11); failing that, signs in without an account and sends the browser to the sign-up page
 * (#10), where a local account that declared this identity is linked once its password is typed.
 */
export function accountsSignIn(ctx: AccountsContext) {
  return async (authorization: VerifiedAuthorization, req: Request): Promise<SignInDecision> => {
    const log = logOf(req, ctx.bff.logger);
    if (authorization.platform === 'franceconnect-plus') return plusSignIn(ctx, authorization, log);
    const link = { issuer: ctx.bff.franceconnect.issuer, sub: authorization.identity.sub };
    const identity = lockedIdentityOf(authorization.identity);
    let account: Account | undefined = await ctx.store.findByFranceConnect(link.issuer, link.sub);
    if (account && !sameIdentity(account.identity, identity)) {
      account = (await ctx.store.update(account.id, { identity })) ?? account;
      log.info({ event: 'account.identity_refreshed' }, 'pivot identity refreshed from FranceConnect');
    }
    if (!account && ctx.settings.reconciliation === 'confirm') {
      const reconciliation = await reconcile(ctx.store, link, identity);
      account = reconciliation.linked;
      if (account) {
        log.info({ event: 'account.reconciled' }, 'FranceConnect identity linked to an account it certified');
      } else if (reconciliation.declared) {
        log.info(
          { event: 'account.reconciliation_to_confirm' },
          'a local account declared this identity: its password is asked before linking',
        );
      }
    }
    if (account) return { userId: account.id, account: viewOf(account) };
    log.info({ event: 'account.sign_up_pending' }, 'unknown FranceConnect identity: sign-up pending');
    return {
      account: null,
      redirectTo: signUpLocation(ctx.settings.signUpPage, authorization.transaction.returnTo),
    };
  };
}
