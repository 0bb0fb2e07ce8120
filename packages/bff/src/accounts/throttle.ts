import { createHmac } from 'node:crypto';
import type { Request, Response } from 'express';
import type { DeviceCookies } from '../limits/device-cookies.js';
import type { LimiterFactory } from '../limits/limiter-store.js';
import { ProgressiveLimit, type Wait } from '../limits/progressive-limit.js';

/**
 * Limits of the local sign-in: attempts per account, per client address and per known device, each
 * `free` in a window, then slowed down progressively (never locked out).
 */
export interface ThrottleLimits {
  /** Attempts on one account (email) from browsers that are not its known devices, before the waits. Default 5. */
  perAccount: number;
  /** Attempts from one IP address, whatever the email, before the waits. Default 50. */
  perAddress: number;
  /** Attempts from one known device of the account, before the waits. Default 10. */
  perDevice: number;
  /** How long attempts are counted, in seconds. Default 86400 (a day). */
  windowSeconds: number;
  /** The first wait once the free attempts are spent, in seconds; it doubles with each further attempt. Default 2. */
  firstDelaySeconds: number;
  /** The longest wait between two attempts, in seconds. Default 900. */
  maxDelaySeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = {
  perAccount: 5,
  perAddress: 50,
  perDevice: 10,
  windowSeconds: 86_400,
  firstDelaySeconds: 2,
  maxDelaySeconds: 900,
};

/** The longest wait on an address: people behind one address (a town hall, a school) are not locked out. */
const ADDRESS_MAX_DELAY_SECONDS = 30;

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Who is attempting: the (normalised) email, the client address, this browser as a known device. */
export interface SignInAttempt {
  email?: string | undefined;
  address?: string | undefined;
  req: Request;
}

/**
 * The local sign-in's limits (OWASP): per account and per address, progressive, the owner's known
 * device exempt. An attempt is counted before the password is checked (so that parallel attempts
 * cannot pass the limits) and given back when it succeeds. A browser where the account signed in
 * before (its device cookie) is counted on its own device limit only: an attacker hammering the
 * account, or sharing the owner's address, slows down everyone but the owner on their usual device.
 * Keys are HMACs of the email, address and device id (keyed with the session secret, the same on every
 * instance): the counters hold none of them. Counted on the limits' shared backend.
 */
export class SignInThrottle {
  readonly #secret: string;
  readonly #devices: DeviceCookies;
  readonly #account: ProgressiveLimit;
  readonly #address: ProgressiveLimit;
  readonly #device: ProgressiveLimit;

  constructor(limiters: LimiterFactory, secret: string, devices: DeviceCookies, limits = DEFAULT_THROTTLE) {
    this.#secret = secret;
    this.#devices = devices;
    const common = { windowSeconds: limits.windowSeconds, baseDelaySeconds: limits.firstDelaySeconds };
    this.#account = new ProgressiveLimit(limiters, {
      ...common,
      name: 'sign-in:account',
      free: limits.perAccount,
      maxDelaySeconds: limits.maxDelaySeconds,
    });
    this.#address = new ProgressiveLimit(limiters, {
      ...common,
      name: 'sign-in:address',
      free: limits.perAddress,
      maxDelaySeconds: Math.max(
        limits.firstDelaySeconds,
        Math.min(ADDRESS_MAX_DELAY_SECONDS, limits.maxDelaySeconds),
      ),
    });
    this.#device = new ProgressiveLimit(limiters, {
      ...common,
      name: 'sign-in:device',
      free: limits.perDevice,
      maxDelaySeconds: limits.maxDelaySeconds,
    });
  }

  #key(kind: string, value: string): string {
    return createHmac('sha256', this.#secret).update(`${kind}\u0000${value}`).digest('base64url');
  }

  /** The limits this attempt counts against: its known device's alone, else the account's and address's. */
  async #limitsOf({ email, address, req }: SignInAttempt): Promise<Array<[ProgressiveLimit, string]>> {
    const device = email === undefined ? undefined : this.#devices.deviceOf(req, email);
    if (device !== undefined) {
      const key = this.#key('device', device);
      // A known device that is itself being hammered (a stolen cookie) counts as any other browser.
      if ((await this.#device.wait(key)) === 0) return [[this.#device, key]];
    }
    const limits: Array<[ProgressiveLimit, string]> = [];
    if (email !== undefined) limits.push([this.#account, this.#key('account', email)]);
    if (address !== undefined) limits.push([this.#address, this.#key('address', address)]);
    return limits;
  }

  /** Records an attempt (before the password is checked) and says whether to check it. */
  async attempt(attempt: SignInAttempt): Promise<ThrottleVerdict> {
    const limits = await this.#limitsOf(attempt);
    // Reads first: a refused attempt writes nothing.
    const waits = await Promise.all(limits.map(([limit, key]) => limit.wait(key)));
    const longest = Math.max(0, ...waits);
    if (longest > 0) return { allowed: false, retryAfterSeconds: longest };
    const counted: Array<[ProgressiveLimit, string]> = [];
    for (const [limit, key] of limits) {
      const wait: Wait = await limit.attempt(key);
      if (wait > 0) {
        await Promise.all(counted.map(([other, otherKey]) => other.refund(otherKey)));
        return { allowed: false, retryAfterSeconds: wait };
      }
      counted.push([limit, key]);
    }
    return { allowed: true };
  }

  /** After a local sign-up: the browser that created the account is its first known device. */
  created(req: Request, res: Response, email: string): void {
    this.#devices.remember(req, res, email);
  }

  /**
   * After a successful sign-in: the attempt is given back (the address's count reflects failures only),
   * the account's or the device's slate is wiped, and this browser becomes a known device of the account.
   */
  async succeeded(attempt: SignInAttempt & { res: Response; email: string }): Promise<void> {
    const limits = await this.#limitsOf(attempt);
    await Promise.all(
      limits.map(([limit, key]) => (limit === this.#address ? limit.refund(key) : limit.forget(key))),
    );
    this.#devices.remember(attempt.req, attempt.res, attempt.email);
  }
}
