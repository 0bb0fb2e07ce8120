import { PIVOT_CLAIMS, type PivotClaim } from '@franceconnect-kit/protocol';
import type { Gender, PivotIdentity } from '../franceconnect/identity.js';

/**
 * The pivot identity fields: certified by FranceConnect, never editable by anyone but FranceConnect
 * (qualification #15). `given_name`, `family_name`, `birthdate`, `gender`, `birthplace`, `birthcountry`.
 */
export type LockedField = PivotClaim;
export const LOCKED_FIELDS: readonly LockedField[] = PIVOT_CLAIMS;

/** The fields a person may change on their account (qualification #16). */
export const EDITABLE_FIELDS = ['preferred_username', 'email'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** A whole pivot identity, FranceConnect's claim names and formats (`birthplace` is `""` when born abroad). */
// Type aliases (not interfaces), so that they are JSON values for the session.
export type LockedIdentity = {
  given_name: string;
  family_name: string;
  /** `YYYY-MM-DD`. */
  birthdate: string;
  gender: Gender;
  /** INSEE COG commune code; `""` when born abroad. */
  birthplace: string;
  /** INSEE COG country code, `99100` for France. */
  birthcountry: string;
};

/** The FranceConnect identity an account is linked to. Accounts are keyed by it, never by email or name. */
export interface FranceConnectLink {
  issuer: string;
  sub: string;
  linkedAt: Date;
}

/** An account of the service, as every `AccountStore` returns it. */
export interface Account {
  /** Opaque and random (a UUID). */
  id: string;
  /** The FranceConnect identity linked to it; `null` for a local account not (or no longer) linked. */
  franceconnect: FranceConnectLink | null;
  /**
   * The FranceConnect+ identity linked to it (its own issuer and `sub`): a sign-in through
   * FranceConnect+, or a second factor of the same person; `null` when none.
   */
  franceconnectPlus: FranceConnectLink | null;
  /**
   * The pivot identity. `franceconnect`: certified, refreshed at every FranceConnect sign-in, locked.
   * `declared`: typed at a local sign-up, used only to reconcile the account with FranceConnect.
   */
  identity: LockedIdentity | null;
  identitySource: 'franceconnect' | 'declared' | null;
  /**
   * While the account is not linked, what a first FranceConnect sign-in may reconcile it through:
   * `declared` (an identity typed at a local sign-up: never trusted alone, the account's password is
   * asked first) or `franceconnect` (an identity FranceConnect certified, e.g. accounts imported from an
   * earlier FranceConnect integration: linked automatically). `null` when linked or without identity.
   */
  reconciliationSource: 'franceconnect' | 'declared' | null;
  /** Nom d’usage, editable; `""` when none. */
  preferred_username: string;
  /** Editable; the sign-in email when the account has local credentials. */
  email: string;
  /** Whether local credentials (email + password) exist. */
  hasPassword: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * What the browser sees of an account (`GET /api/me`'s `account`): no secret, the identity only when
 * FranceConnect certified it.
 */
export type AccountView = {
  id: string;
  email: string;
  preferred_username: string;
  /** The pivot identity certified by FranceConnect; `null` while the account is not linked. */
  identity: LockedIdentity | null;
  /** Linked to a FranceConnect identity. */
  franceconnect: boolean;
  /** Linked to a FranceConnect+ identity. */
  franceconnectPlus: boolean;
  /** Email + password sign-in possible. */
  localCredentials: boolean;
  createdAt: string;
  updatedAt: string;
};

export function viewOf(account: Account): AccountView {
  return {
    id: account.id,
    email: account.email,
    preferred_username: account.preferred_username,
    identity: account.identitySource === 'franceconnect' ? account.identity : null,
    franceconnect: account.franceconnect !== null,
    franceconnectPlus: account.franceconnectPlus !== null,
    localCredentials: account.hasPassword,
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
  };
}

/**
 * The locked part of a verified FranceConnect identity. Accounts require the pivot identity scopes
 * (checked at start-up), so every field is present; `""` only stands for an empty claim.
 */
export function lockedIdentityOf(identity: PivotIdentity): LockedIdentity {
  return {
    given_name: identity.given_name ?? '',
    family_name: identity.family_name ?? '',
    birthdate: identity.birthdate ?? '',
    gender: identity.gender ?? 'unspecified',
    birthplace: identity.birthplace ?? '',
    birthcountry: identity.birthcountry ?? '',
  };
}

/** Email addresses are compared trimmed, in NFC and in lower case. */
export function normaliseEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}
