import type { Platform } from '../franceconnect/platform.js';
import type { FranceConnectSignedIn } from '../session/session-data.js';
import type { Account, LockedIdentity } from './account.js';
import type { AccountStore, NewAccount } from './account-store.js';
import type { AccountsContext } from './context.js';

/**
 * An identity at a FranceConnect platform, as accounts are linked to it: FranceConnect's identity in
 * `fc_issuer`/`fc_sub`, FranceConnect+'s in `fcplus_issuer`/`fcplus_sub` (one of each per account).
 */
export interface PlatformLink {
  platform: Platform;
  issuer: string;
  sub: string;
}

/** The identity a FranceConnect(+) session signed in with. */
export function linkOfSession(ctx: AccountsContext, signedIn: FranceConnectSignedIn): PlatformLink {
  const platform = signedIn.platform ?? 'franceconnect';
  const issuer =
    platform === 'franceconnect-plus'
      ? (ctx.bff.franceconnectPlus?.client.issuer ?? '')
      : ctx.bff.franceconnect.issuer;
  return { platform, issuer, sub: signedIn.identity.sub };
}

/** The account linked to this identity. */
export function findLinked(store: AccountStore, link: PlatformLink): Promise<Account | undefined> {
  return link.platform === 'franceconnect-plus'
    ? store.findByFranceConnectPlus(link.issuer, link.sub)
    : store.findByFranceConnect(link.issuer, link.sub);
}

/** Whether `account` is linked to this identity. */
export function isLinkedTo(account: Account, link: PlatformLink): boolean {
  const own = link.platform === 'franceconnect-plus' ? account.franceconnectPlus : account.franceconnect;
  return own !== null && own.issuer === link.issuer && own.sub === link.sub;
}

/** Whether `account` has an identity at that platform already. */
export function hasLinkAt(account: Account, platform: Platform): boolean {
  return (platform === 'franceconnect-plus' ? account.franceconnectPlus : account.franceconnect) !== null;
}

/** The link fields of a new account created from this identity. */
export function newAccountLinks(link: PlatformLink): Pick<NewAccount, 'franceconnect' | 'franceconnectPlus'> {
  const { issuer, sub } = link;
  return link.platform === 'franceconnect-plus'
    ? { franceconnectPlus: { issuer, sub } }
    : { franceconnect: { issuer, sub } };
}

/**
 * Links an account to this identity, whose certified identity replaces a declared one (FranceConnect's
 * own, when the account has it, stays: FranceConnect+'s comes from the identity provider).
 */
export function linkAccount(
  store: AccountStore,
  accountId: string,
  link: PlatformLink,
  identity: LockedIdentity,
): Promise<Account | undefined> {
  const { issuer, sub } = link;
  return link.platform === 'franceconnect-plus'
    ? store.linkFranceConnectPlus(accountId, { issuer, sub }, identity)
    : store.link(accountId, { issuer, sub }, identity);
}
