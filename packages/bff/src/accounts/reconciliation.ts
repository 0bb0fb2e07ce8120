import { createHash } from 'node:crypto';
import type { Account, LockedIdentity } from './account.js';
import { AccountConflictError, type AccountStore } from './account-store.js';

const FRANCE = '99100';

/**
 * A name as reconciliation compares it: case, accents (and the œ/æ ligatures), apostrophe variants
 * and runs of spaces do not matter; hyphens and letters do.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .replace(/[’‘ʼ`]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The key under which a pivot identity is looked up for reconciliation (qualification #11): the whole
 * identity, names normalised, the birthplace only for people born in France (FranceConnect sends `""`
 * for the others). Hashed: the store indexes it without holding another copy of the identity.
 */
export function reconciliationKey(identity: LockedIdentity): string {
  const parts = [
    normaliseName(identity.given_name),
    normaliseName(identity.family_name),
    identity.birthdate,
    identity.gender,
    identity.birthcountry,
    identity.birthcountry === FRANCE ? identity.birthplace.trim().toUpperCase() : '',
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** What reconciliation found for a FranceConnect identity seen for the first time. */
export interface Reconciliation {
  /** The account linked automatically: the only candidate, whose identity FranceConnect certified. */
  linked: Account | undefined;
  /** Local accounts not linked yet declared this identity: the person may prove one is theirs. */
  declared: boolean;
}

/**
 * Reconciliation of a FranceConnect identity seen for the first time (qualification #11). A declared
 * identity proves nothing: anyone can type another person's identity at a local sign-up, so linking on
 * it would hand that person's certified identity to whoever typed it (account pre-hijacking). Only the
 * one candidate whose identity FranceConnect certified is linked at once; a declared one waits for its
 * password (« J’ai déjà un compte »). With several, nothing happens and the person decides.
 */
export async function reconcile(
  store: AccountStore,
  link: { issuer: string; sub: string },
  identity: LockedIdentity,
): Promise<Reconciliation> {
  const candidates = await store.findReconciliationCandidates(reconciliationKey(identity), 2);
  const declared = candidates.some((candidate) => candidate.reconciliationSource !== 'franceconnect');
  const [only] = candidates;
  if (candidates.length !== 1 || only?.reconciliationSource !== 'franceconnect') {
    return { linked: undefined, declared };
  }
  try {
    return { linked: await store.link(only.id, link, identity), declared };
  } catch (error) {
    // Linked meanwhile by a concurrent sign-in: not reconciled, the person decides.
    if (error instanceof AccountConflictError) return { linked: undefined, declared };
    throw error;
  }
}
