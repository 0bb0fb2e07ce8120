import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimiterFactory } from './limiter-store.js';

export interface ProgressiveLimitOptions {
  /** Names the counters (a key prefix). */
  name: string;
  /** Attempts a key may make freely in a window. */
  free: number;
  /** How long attempts are counted, in seconds. */
  windowSeconds: number;
  /** The wait after the first attempt beyond `free`; it doubles with each further one. */
  baseDelaySeconds: number;
  /** The longest wait between two attempts. */
  maxDelaySeconds: number;
}

/** Seconds to wait before trying again; 0 when the attempt may go on. */
export type Wait = number;

/**
 * A limit that slows down rather than locks out (OWASP, « Blocking brute force attacks »): a key makes
 * `free` attempts in a window, then one attempt per delay, the delay doubling from `baseDelaySeconds`
 * to `maxDelaySeconds`. Counted on a shared backend (rate-limiter-flexible), atomically: of attempts
 * made all at once, at most one gets past each delay. A refused attempt is not counted, and does not
 * lengthen the delay either: the delay comes from how many attempts got past the free ones, counted by
 * the attempt that got through, never from a count that racing attempts, refused, still inflate.
 */
export class ProgressiveLimit {
  readonly #options: ProgressiveLimitOptions;
  /** Attempts in the window (never refuses by itself). */
  readonly #attempts: RateLimiterAbstract;
  /** One point per delay: held, it makes the next attempt wait. */
  readonly #gate: RateLimiterAbstract;
  /** Attempts let through past the free ones in the window: the delay doubles with each. */
  readonly #passed: RateLimiterAbstract;

  constructor(limiters: LimiterFactory, options: ProgressiveLimitOptions) {
    this.#options = options;
    this.#attempts = limiters({
      keyPrefix: `${options.name}:attempts`,
      points: Number.MAX_SAFE_INTEGER,
      duration: options.windowSeconds,
    });
    this.#gate = limiters({
      keyPrefix: `${options.name}:gate`,
      points: 1,
      duration: options.baseDelaySeconds,
    });
    this.#passed = limiters({
      keyPrefix: `${options.name}:passed`,
      points: Number.MAX_SAFE_INTEGER,
      duration: options.windowSeconds,
    });
  }

  /** How long `key` must wait before its next attempt (reads only: a refused caller costs no write). */
  async wait(key: string): Promise<Wait> {
    const gate = await this.#gate.get(key);
    return gate && gate.consumedPoints >= 1 ? seconds(gate.msBeforeNext) : 0;
  }

  /** Records an attempt of `key` if it may make one now; otherwise how long it must wait. */
  async attempt(key: string): Promise<Wait> {
    const waiting = await this.wait(key);
    if (waiting > 0) return waiting;
    const made = (await this.#attempts.consume(key)).consumedPoints;
    if (made <= this.#options.free) {
      // A new window: the delays start again from the first.
      if (made === 1) await this.#passed.delete(key);
      return 0;
    }
    // Of the attempts arriving together, the one that takes the gate goes on; the others are refused
    // and not counted.
    try {
      await this.#gate.consume(key, 1, { customDuration: this.#options.baseDelaySeconds });
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      await this.#attempts.reward(key, 1);
      return seconds(refusal.msBeforeNext);
    }
    // Only the attempt holding the gate counts here, so the delay follows the attempts let through.
    const passed = (await this.#passed.consume(key)).consumedPoints;
    const delay = Math.min(
      this.#options.maxDelaySeconds,
      this.#options.baseDelaySeconds * 2 ** Math.min(Math.max(passed - 1, 0), 30),
    );
    if (delay > this.#options.baseDelaySeconds) await this.#gate.set(key, 1, delay);
    return 0;
  }

  /** An attempt recorded, then not to be held against the key (refused by another limit, or succeeded). */
  async refund(key: string): Promise<void> {
    const left = (await this.#attempts.reward(key, 1)).consumedPoints;
    // It had got past the free ones: the next delay is as if it had not been made.
    if (left >= this.#options.free) await this.#passed.reward(key, 1);
  }

  /** Forgets the key's attempts and delay (the owner proved who they are). */
  async forget(key: string): Promise<void> {
    await Promise.all([this.#attempts.delete(key), this.#gate.delete(key), this.#passed.delete(key)]);
  }
}

const seconds = (ms: number): Wait => Math.max(1, Math.ceil(ms / 1000));
