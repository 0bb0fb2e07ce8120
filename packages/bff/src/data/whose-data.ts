import { lockedIdentityOf } from '../accounts/account.js';
import type { AccountStore } from '../accounts/account-store.js';
import { reconciliationKey } from '../accounts/reconciliation.js';
import type { VerifiedAuthorization } from '../franceconnect/finish-login.js';
import type { SignedIn } from '../session/session-data.js';

/**
 * Why the data FranceConnect is about to release must not reach the signed-in session, if it must
 * not (seed 004, qualification #11: « s’assurer que les données récupérées correspondent au compte »):
 *
 * - signed in through FranceConnect: the identity returned must be the same person (`sub`):
 *   FranceConnect's session in this browser may be someone else's;
 * - signed in with local credentials or through FranceConnect+ (accounts): the identity must not be
 *   linked to another account, nor contradict this account's own (linked to another FranceConnect
 *   identity, or declared at its local sign-up or certified by FranceConnect+ otherwise, compared as
 *   reconciliation compares identities); without an account, FranceConnect+'s certified identity;
 * - signed out: nothing to compare with; the retrieval signs the person in.
 */
export async function refusalOf(
  signedIn: SignedIn | undefined,
  authorization: VerifiedAuthorization,
  {
    issuer,
    accounts,
  }: { issuer: string; accounts: Pick<AccountStore, 'findByFranceConnect' | 'findById'> | undefined },
): Promise<{ code: 'identity_mismatch' | 'account_mismatch' } | undefined> {
  if (!signedIn) return undefined;
  if (signedIn.method === 'franceconnect' && (signedIn.platform ?? 'franceconnect') === 'franceconnect') {
    return signedIn.identity.sub === authorization.identity.sub ? undefined : { code: 'identity_mismatch' };
  }
  // Signed in through FranceConnect+ (another `sub`), without an account: its certified identity.
  if (signedIn.method === 'franceconnect' && signedIn.account === null) {
    return reconciliationKey(lockedIdentityOf(signedIn.identity)) ===
      reconciliationKey(lockedIdentityOf(authorization.identity))
      ? undefined
      : { code: 'identity_mismatch' };
  }
  const owner = await accounts?.findByFranceConnect(issuer, authorization.identity.sub);
  if (owner) return owner.id === signedIn.userId ? undefined : { code: 'account_mismatch' };
  const account = await accounts?.findById(signedIn.userId);
  if (!account) return { code: 'account_mismatch' };
  if (account.franceconnect) return { code: 'identity_mismatch' };
  // Declared at a local sign-up, or certified by FranceConnect+: the same person's, or not.
  const known = account.identity;
  if (known && reconciliationKey(known) !== reconciliationKey(lockedIdentityOf(authorization.identity))) {
    return { code: 'identity_mismatch' };
  }
  return undefined;
}
