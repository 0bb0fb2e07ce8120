import { createHmac } from 'node:crypto';
import type { LimiterFactory } from '../limits/limiter-store.js';
import { ProgressiveLimit, type Wait } from '../limits/progressive-limit.js';

/** Who asks: the signed-in account, the client address (either may be unknown). */
export interface Asker {
  account?: string | undefined;
  address?: string | undefined;
}

/**
 * A 409 « this email is already used » tells whether an email has an account: an enumeration oracle
 * (the profile's email change, the local sign-up). Each such answer is counted per account and per
 * address; past three a day, every email change or sign-up from there waits, progressively (a minute,
 * doubling up to an hour), whether its email is taken or not, so that waiting reveals nothing.
 */
export class EmailLookups {
  readonly #secret: string;
  readonly #limit: ProgressiveLimit;

  constructor(limiters: LimiterFactory, secret: string) {
    this.#secret = secret;
    this.#limit = new ProgressiveLimit(limiters, {
      name: 'email-lookups',
      free: 3,
      windowSeconds: 86_400,
      baseDelaySeconds: 60,
      maxDelaySeconds: 3600,
    });
  }

  #keys({ account, address }: Asker): string[] {
    const key = (kind: string, value: string) =>
      createHmac('sha256', this.#secret).update(`${kind}\u0000${value}`).digest('base64url');
    return [
      ...(account === undefined ? [] : [key('account', account)]),
      ...(address === undefined ? [] : [key('address', address)]),
    ];
  }

  /** How long the asker must wait before an answer that could tell an email is taken; 0: go on. */
  async wait(asker: Asker): Promise<Wait> {
    return Math.max(0, ...(await Promise.all(this.#keys(asker).map((key) => this.#limit.wait(key)))));
  }

  /** The asker was told an email is taken: counted. */
  async told(asker: Asker): Promise<void> {
    await Promise.all(this.#keys(asker).map((key) => this.#limit.attempt(key)));
  }
}
