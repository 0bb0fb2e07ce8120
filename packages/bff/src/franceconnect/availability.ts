import type { Logger } from '../log.js';

export interface AvailabilityOptions {
  /**
   * Asks FranceConnect something small (its discovery document) within a short delay; rejects if it
   * cannot. Its outcome feeds the breaker here, not through the calls it makes.
   */
  probe: () => Promise<void>;
  logger: Logger;
  /** A success heard more recently than this needs no probe before a browser is sent. Default 5 s. */
  freshMs?: number;
  /** After a failure, how long browsers are kept away before the next probe; it doubles up to `maxCooldownMs`. Default 2 s. */
  cooldownMs?: number;
  maxCooldownMs?: number;
}

/**
 * Whether FranceConnect can be reached, known before a browser is sent there rather than at the
 * callback: a breaker fed by the outcome of every call to FranceConnect (discovery, keys, token,
 * userinfo) and, when nothing was heard lately, by a short probe, shared by the requests that need
 * it. Open (down), it keeps browsers away (the 503 page shows at once, logout stays local) and probes
 * again after a cool-down that grows while FranceConnect stays down; the first success closes it.
 */
export class Availability {
  readonly #options: Required<Omit<AvailabilityOptions, 'probe' | 'logger'>>;
  readonly #probe: () => Promise<void>;
  readonly #logger: Logger;
  #down = false;
  #lastSuccess = 0;
  #lastFailure = 0;
  #cooldown: number;
  #probing: Promise<boolean> | undefined;

  constructor({ probe, logger, ...options }: AvailabilityOptions) {
    this.#options = { freshMs: 5000, cooldownMs: 2000, maxCooldownMs: 30_000, ...options };
    this.#probe = probe;
    this.#logger = logger;
    this.#cooldown = this.#options.cooldownMs;
  }

  /** FranceConnect answered (anything but a 5xx). */
  succeeded(): void {
    this.#lastSuccess = Date.now();
    if (!this.#down) return;
    this.#down = false;
    this.#cooldown = this.#options.cooldownMs;
    this.#logger.info({ event: 'franceconnect.recovered' }, 'FranceConnect answers again');
  }

  /** FranceConnect could not be reached, timed out, or answered 5xx. */
  failed(): void {
    const now = Date.now();
    if (this.#down) {
      this.#cooldown = Math.min(this.#cooldown * 2, this.#options.maxCooldownMs);
    } else {
      this.#down = true;
      this.#logger.warn(
        { event: 'franceconnect.down' },
        'FranceConnect cannot be reached: browsers are kept away',
      );
    }
    this.#lastFailure = now;
  }

  /** Whether a browser may be sent to FranceConnect now (probing first when nothing was heard lately). */
  async reachable(): Promise<boolean> {
    const now = Date.now();
    if (!this.#down && now - this.#lastSuccess < this.#options.freshMs) return true;
    if (this.#down && now - this.#lastFailure < this.#cooldown) return false;
    this.#probing ??= this.#probe()
      .then(
        () => {
          this.succeeded();
          return true;
        },
        () => {
          this.failed();
          return false;
        },
      )
      .finally(() => {
        this.#probing = undefined;
      });
    return this.#probing;
  }
}
