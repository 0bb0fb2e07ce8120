import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ACR_LEVELS } from '../config.js';
import type { Transaction } from '../franceconnect/start-login.js';

/**
 * Pending authorization attempts live in the browser, one signed cookie per attempt, until their
 * callback. So starting a sign-in writes nothing on the server: anonymous traffic to `/auth/login`
 * cannot fill the session store, several tabs never race on one record, and an instance that did not
 * start an attempt can finish it. Each cookie is signed (HMAC-SHA256 with a key derived from the
 * session secret, over its name and content), HttpOnly, SameSite=Lax (it must come back on
 * FranceConnect's cross-site redirect), `__Host-` on https, and cleared by its callback; the callback
 * also spends the `state` in the session store, so a copy of the cookie is worth nothing (single use).
 * It is signed, not encrypted: it holds nothing the browser's owner does not see anyway, since the
 * `state` and `nonce` travel in the authorization URL through the browser.
 */

/** An authorization attempt left unfinished this long is forgotten. */
export const TRANSACTION_TTL_MS = 15 * 60 * 1000;
/** At most this many attempts pending in one browser (tabs); the oldest goes first. */
export const MAX_PENDING_TRANSACTIONS = 5;

const PREFIX = 'bff_tx_';
const KEY_INFO = 'franceconnect-kit bff transaction cookie signature v1';
const SIGNATURE_LENGTH = 43; // SHA-256 in base64url

const transactionSchema = z.object({
  state: z.string().min(32).max(256),
  nonce: z.string().min(32).max(256),
  returnTo: z.string().max(2048),
  scopes: z.array(z.string().max(128)).max(64),
  acr: z.enum(ACR_LEVELS),
  purpose: z.string().max(32),
  createdAt: z.number().int(),
  platform: z.enum(['franceconnect', 'franceconnect-plus']).optional(),
});

export interface TransactionCookieOptions {
  /** The session secrets: the first seals, any of them opens (rotation). */
  secrets: readonly string[];
  /** https public URL: `__Host-` prefix and `Secure`. */
  secure: boolean;
}

export class TransactionCookies {
  readonly #keys: Buffer[];
  readonly #secure: boolean;
  readonly #prefix: string;

  constructor({ secrets, secure }: TransactionCookieOptions) {
    if (secrets.length === 0) throw new TypeError('at least one secret is needed');
    this.#keys = secrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, '', KEY_INFO, 32)));
    this.#secure = secure;
    this.#prefix = secure ? `__Host-${PREFIX}` : PREFIX;
  }

  /** The cookie of the attempt with this `state` (its first 16 characters name it). */
  nameOf(state: string): string {
    return `${this.#prefix}${state.slice(0, 16)}`;
  }

  /** Keeps an attempt in the browser; beyond the limit, the oldest pending ones are dropped. */
  add(req: Request, res: Response, transaction: Transaction, now = Date.now()): void {
    const pending = this.#pending(req, now);
    for (const stale of pending.stale) this.#clear(res, stale);
    const excess = pending.live.length + 1 - MAX_PENDING_TRANSACTIONS;
    for (const { name } of pending.live.slice(0, Math.max(0, excess))) this.#clear(res, name);
    const name = this.nameOf(transaction.state);
    appendCookie(
      res,
      `${name}=${this.#seal(name, transaction)}; ${this.#attributes}; Max-Age=${TTL_SECONDS}`,
    );
  }

  /**
   * Removes and returns the attempt whose `state` this is, if this browser holds it, unexpired and
   * unaltered. Its cookie is cleared whatever the outcome: a replayed `state` finds nothing.
   */
  take(req: Request, res: Response, state: string, now = Date.now()): Transaction | undefined {
    const name = this.nameOf(state);
    const value = cookiesOf(req).get(name);
    if (value === undefined) return undefined;
    this.#clear(res, name);
    const transaction = this.#open(name, value);
    if (!transaction || !live(transaction, now) || !sameSecret(transaction.state, state)) return undefined;
    return transaction;
  }

  #pending(req: Request, now: number): { live: { name: string; createdAt: number }[]; stale: string[] } {
    const live_: { name: string; createdAt: number }[] = [];
    const stale: string[] = [];
    for (const [name, value] of cookiesOf(req)) {
      if (!name.startsWith(this.#prefix)) continue;
      const transaction = this.#open(name, value);
      if (transaction && live(transaction, now)) live_.push({ name, createdAt: transaction.createdAt });
      else stale.push(name);
    }
    return { live: live_.sort((a, b) => a.createdAt - b.createdAt), stale };
  }

  get #attributes(): string {
    return `Path=/; HttpOnly; SameSite=Lax${this.#secure ? '; Secure' : ''}`;
  }

  #clear(res: Response, name: string): void {
    appendCookie(res, `${name}=; ${this.#attributes}; Max-Age=0`);
  }

  /** `payload.signature`, both base64url: the cookie's value, safe as is in a Set-Cookie header. */
  #seal(name: string, transaction: Transaction): string {
    const key = this.#keys[0];
    if (!key) throw new TypeError('no key');
    const payload = Buffer.from(JSON.stringify(transaction)).toString('base64url');
    return `${payload}.${sign(key, name, payload)}`;
  }

  /** The attempt in this cookie, or undefined when it was not signed by us for this name. */
  #open(name: string, value: string): Transaction | undefined {
    const dot = value.length - SIGNATURE_LENGTH - 1;
    if (dot <= 0 || value[dot] !== '.' || value.length > 4096) return undefined;
    const payload = value.slice(0, dot);
    const signature = Buffer.from(value.slice(dot + 1));
    // Any of the secrets: a cookie signed before a rotation still opens.
    const genuine = this.#keys.some((key) => {
      const expected = Buffer.from(sign(key, name, payload));
      return expected.length === signature.length && timingSafeEqual(expected, signature);
    });
    if (!genuine) return undefined;
    try {
      const parsed = transactionSchema.safeParse(
        JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
      );
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}

const TTL_SECONDS = TRANSACTION_TTL_MS / 1000;

/** HMAC-SHA256 over the cookie's name and payload: a value moved under another name does not verify. */
function sign(key: Buffer, name: string, payload: string): string {
  return createHmac('sha256', key).update(`${name}\u0000${payload}`).digest('base64url');
}

/** Adds a Set-Cookie line, keeping those already set (Express's res.cookie costs more than the rest). */
function appendCookie(res: Response, line: string): void {
  const current = res.getHeader('Set-Cookie');
  if (current === undefined) res.setHeader('Set-Cookie', line);
  else res.setHeader('Set-Cookie', [...(Array.isArray(current) ? current : [String(current)]), line]);
}

function live(transaction: Transaction, now: number): boolean {
  return now >= transaction.createdAt && now - transaction.createdAt < TRANSACTION_TTL_MS;
}

function sameSecret(expected: string, provided: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(provided);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request's cookies by name (first occurrence wins), without decoding surprises. */
function cookiesOf(req: Request): Map<string, string> {
  const cookies = new Map<string, string>();
  const header = req.headers.cookie;
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index === -1) continue;
    const name = part.slice(0, index).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(index + 1).trim());
  }
  return cookies;
}
