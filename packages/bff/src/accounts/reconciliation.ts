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

/**
 * Automatic reconciliation of a FranceConnect identity seen for the first time: linked only when
 * exactly one local account, not linked to FranceConnect yet, declared this whole identity. With none
 * or several, nothing happens and the person decides (sign up, or « J’ai déjà un compte »).
 */
export async function reconcile(
  store: AccountStore,
  link: { issuer: string; sub: string },
  identity: LockedIdentity,
): Promise<Account | undefined> {
  const candidates = await store.findReconciliationCandidates(reconciliationKey(identity), 2);
  const [only] = candidates;
  if (candidates.length !== 1 || only === undefined) return undefined;
  try {
    return await store.link(only.id, link, identity);
  } catch (error) {
    // Linked meanwhile by a concurrent sign-in: not reconciled, the person decides.
    if (error instanceof AccountConflictError) return undefined;
    throw error;
  }
}
