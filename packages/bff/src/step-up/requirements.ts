import { acrSatisfies } from '../franceconnect/acr.js';
import type { AuthenticationEvent, AuthenticationMethod } from '../session/authentications.js';
import type { SignedIn } from '../session/session-data.js';

/**
 * What a sensitive act asks of the session:
 *
 * - `recent-authentication`: the person proved who they are a few minutes ago (their password, a new
 *   FranceConnect or FranceConnect+ authentication, or a passkey), e.g. before unlinking FranceConnect,
 *   deleting the account or changing the sign-in email;
 * - `second-factor` (qualification #22): a factor of possession, a few minutes ago: a passkey the
 *   person registered, or FranceConnect+ at eIDAS substantial (`eidas2`) or high — never an email.
 */
export type Requirement = 'recent-authentication' | 'second-factor';
export const REQUIREMENTS: readonly Requirement[] = ['recent-authentication', 'second-factor'];

/** The methods each requirement accepts. */
export const ACCEPTED_METHODS: Readonly<Record<Requirement, readonly AuthenticationMethod[]>> = {
  'recent-authentication': ['password', 'franceconnect', 'franceconnect-plus', 'passkey'],
  'second-factor': ['passkey', 'franceconnect-plus'],
};

/** Whether one authentication meets a requirement, whenever it happened. */
export function meets(event: AuthenticationEvent, requirement: Requirement): boolean {
  if (!ACCEPTED_METHODS[requirement].includes(event.method)) return false;
  // FranceConnect+ counts as a second factor only at eIDAS substantial or high.
  if (event.method === 'franceconnect-plus' && requirement === 'second-factor')
    return acrSatisfies(event.acr, 'eidas2');
  return true;
}

/** Clock differences tolerated on an authentication's time (FranceConnect's `auth_time`). */
const CLOCK_TOLERANCE_MS = 60_000;

/**
 * The session's latest authentication that meets `requirement` within the last `maxAgeSeconds`, and
 * is the session's own person's (recorded for its current `userId`); `undefined` when none.
 */
export function recentAuthentication(
  signedIn: SignedIn,
  requirement: Requirement,
  maxAgeSeconds: number,
  now = Date.now(),
): AuthenticationEvent | undefined {
  const events = signedIn.authentications ?? [];
  for (let index = events.length - 1; index >= 0; index--) {
    const event = events[index];
    if (!event || event.userId !== signedIn.userId || !meets(event, requirement)) continue;
    const age = now - event.at;
    if (age <= maxAgeSeconds * 1000 && age >= -CLOCK_TOLERANCE_MS) return event;
  }
  return undefined;
}
