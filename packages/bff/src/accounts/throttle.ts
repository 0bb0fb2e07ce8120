import { createHmac } from 'node:crypto';
import type { AccountStore } from './account-store.js';

/** Limits of the local sign-in: attempts per account (email) and per client address, in a sliding window. */
export interface ThrottleLimits {
  /** Attempts on one email per window (a successful sign-in starts afresh). Default 5. */
  perAccount: number;
  /** Attempts from one IP address per window, whatever the email. Default 50. */
  perAddress: number;
  /** The window, in seconds. Default 900 (15 minutes). */
  windowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { perAccount: 5, perAddress: 50, windowSeconds: 900 };

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts local sign-in attempts in the account store, so that every BFF instance sharing the store
 * shares the counts. An attempt is recorded (atomically, within the limit) before the password is
 * checked: however many arrive at once, at most the limit get checked. Keys are HMACs of the email and the address
 * (keyed with the session secret, the same on every instance): the store holds neither.
 */
export class SignInThrottle {
  readonly #store: AccountStore;
  readonly #secret: string;
  readonly #limits: ThrottleLimits;

  constructor(store: AccountStore, secret: string, limits: ThrottleLimits = DEFAULT_THROTTLE) {
    this.#store = store;
    this.#secret = secret;
    this.#limits = limits;
  }

  #key(kind: 'email' | 'address', value: string): string {
    return `${kind}:${createHmac('sha256', this.#secret).update(value).digest('base64url')}`;
  }

  /** Records an attempt for this (normalised) email from this address and says whether to check it. */
  async attempt(email: string | undefined, address: string | undefined): Promise<ThrottleVerdict> {
    const now = Date.now();
    const windowMs = this.#limits.windowSeconds * 1000;
    const windowStart = now - windowMs;
    const checks: Array<[string, number]> = [];
    if (address !== undefined) checks.push([this.#key('address', address), this.#limits.perAddress]);
    if (email !== undefined) checks.push([this.#key('email', email), this.#limits.perAccount]);
    let retryAt = 0;
    for (const [key, limit] of checks) {
      const { recorded, oldest } = await this.#store.recordAttempt(key, now, windowStart, limit);
      if (!recorded) retryAt = Math.max(retryAt, oldest + windowMs);
    }
    if (retryAt === 0) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now) / 1000)) };
  }

  /** After a successful sign-in: the account's count starts afresh (the address's does not). */
  async succeeded(email: string): Promise<void> {
    await this.#store.clearAttempts(this.#key('email', email));
  }
}
