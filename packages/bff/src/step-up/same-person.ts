import { lockedIdentityOf, type Account, type LockedIdentity } from '../accounts/account.js';
import { reconciliationKey } from '../accounts/reconciliation.js';
import type { VerifiedAuthorization } from '../franceconnect/finish-login.js';
import type { SignedIn } from '../session/session-data.js';
import type { StepUpContext } from './context.js';

/** Whether the person who just authenticated is the session's, and how that was known. */
export type SamePerson =
  | { same: true; by: 'sub' | 'pivot-identity'; linkPlusTo?: Account | undefined }
  | { same: false; reason: 'another_person' | 'not_comparable' };

/** The identity FranceConnect certified for this session's person, if there is one to compare with. */
function certifiedIdentity(signedIn: SignedIn, account: Account | undefined): LockedIdentity | undefined {
  if (account)
    return account.identitySource === 'franceconnect' && account.identity ? account.identity : undefined;
  return signedIn.method === 'franceconnect' ? lockedIdentityOf(signedIn.identity) : undefined;
}

/**
 * Whether a FranceConnect(+) authentication made to confirm a sensitive act is the session's own
 * person, never someone else's who happens to be signed in to FranceConnect on this browser:
 *
 * - FranceConnect: the same `sub` as the session's sign-in, or as the account's FranceConnect link;
 * - FranceConnect+: the same `sub` as the session's FranceConnect+ sign-in or the account's
 *   FranceConnect+ link; for a first use, the same pivot identity as the one FranceConnect certified
 *   for this person (compared as reconciliation compares, never a declared identity), after which the
 *   FranceConnect+ identity is linked to the account (`linkPlusTo`), so that `sub` decides next time.
 */
export async function samePerson(
  ctx: StepUpContext,
  signedIn: SignedIn,
  account: Account | undefined,
  authorization: VerifiedAuthorization,
): Promise<SamePerson> {
  const sub = authorization.identity.sub;
  const signedInAt = signedIn.method === 'franceconnect' ? (signedIn.platform ?? 'franceconnect') : undefined;
  if (authorization.platform === 'franceconnect') {
    const issuer = ctx.bff.franceconnect.issuer;
    if (signedInAt === 'franceconnect' && signedIn.method === 'franceconnect')
      return signedIn.identity.sub === sub
        ? { same: true, by: 'sub' }
        : { same: false, reason: 'another_person' };
    if (account?.franceconnect) {
      return account.franceconnect.issuer === issuer && account.franceconnect.sub === sub
        ? { same: true, by: 'sub' }
        : { same: false, reason: 'another_person' };
    }
    return { same: false, reason: 'not_comparable' };
  }

  const issuer = ctx.bff.franceconnectPlus?.client.issuer ?? '';
  if (signedInAt === 'franceconnect-plus' && signedIn.method === 'franceconnect')
    return signedIn.identity.sub === sub
      ? { same: true, by: 'sub' }
      : { same: false, reason: 'another_person' };
  if (account?.franceconnectPlus) {
    return account.franceconnectPlus.issuer === issuer && account.franceconnectPlus.sub === sub
      ? { same: true, by: 'sub' }
      : { same: false, reason: 'another_person' };
  }
  // That FranceConnect+ identity is another account's: someone else.
  const owner = await ctx.accounts?.findByFranceConnectPlus(issuer, sub);
  if (owner && owner.id !== account?.id) return { same: false, reason: 'another_person' };
  const certified = certifiedIdentity(signedIn, account);
  if (!certified) return { same: false, reason: 'not_comparable' };
  return reconciliationKey(certified) === reconciliationKey(lockedIdentityOf(authorization.identity))
    ? { same: true, by: 'pivot-identity', linkPlusTo: account }
    : { same: false, reason: 'another_person' };
}

/** Whether a FranceConnect+ authentication could be told to be this session's person (before trying). */
export function plusComparable(signedIn: SignedIn, account: Account | undefined): boolean {
  if (signedIn.method === 'franceconnect' && signedIn.platform === 'franceconnect-plus') return true;
  if (account?.franceconnectPlus) return true;
  return certifiedIdentity(signedIn, account) !== undefined;
}

/** Whether a FranceConnect authentication could be told to be this session's person. */
export function franceconnectComparable(signedIn: SignedIn, account: Account | undefined): boolean {
  if (signedIn.method === 'franceconnect' && (signedIn.platform ?? 'franceconnect') === 'franceconnect')
    return true;
  return account?.franceconnect !== null && account?.franceconnect !== undefined;
}
