import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * Device cookies (OWASP, « Slow Down Online Guessing Attacks with Device Cookies »): after a
 * successful sign-in, the browser gets a signed cookie naming the account it signed in to. Later
 * attempts on that account from that browser are the owner's known device: they are exempt from the
 * account's and the address's limits (an attacker hammering the account elsewhere does not lock its
 * owner out) and counted on their own. The cookie holds no email, only an HMAC of it, a random device
 * id and a signature; up to five accounts per browser.
 */

const PREFIX = 'bff_device';
const KEY_INFO = 'franceconnect-kit bff device cookie v1';
const MAX_ENTRIES = 5;
const MAX_AGE_SECONDS = 180 * 24 * 3600;
const ENTRY = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export interface DeviceCookiesOptions {
  /** The session secrets: the first signs, any of them verifies (rotation). */
  secrets: readonly string[];
  /** https public URL: `__Host-` prefix and `Secure`. */
  secure: boolean;
}

export class DeviceCookies {
  readonly #keys: Buffer[];
  readonly #secure: boolean;
  readonly #name: string;

  constructor({ secrets, secure }: DeviceCookiesOptions) {
    this.#keys = secrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, '', KEY_INFO, 32)));
    this.#secure = secure;
    this.#name = secure ? `__Host-${PREFIX}` : PREFIX;
  }

  /** The id of this browser as a known device of the account signed in with `email`, if it is one. */
  deviceOf(req: Request, email: string): string | undefined {
    const tag = this.#tag(email);
    return this.#entries(req).find((entry) => entry.tag === tag)?.device;
  }

  /** After a successful sign-in: this browser becomes (or stays) a known device of the account. */
  remember(req: Request, res: Response, email: string): void {
    const tag = this.#tag(email);
    const kept = this.#entries(req).filter((entry) => entry.tag !== tag);
    const device = this.deviceOf(req, email) ?? randomBytes(16).toString('base64url');
    const entries = [{ tag, device }, ...kept].slice(0, MAX_ENTRIES);
    const value = entries.map(
      (entry) => `${entry.tag}.${entry.device}.${this.#sign(entry.tag, entry.device)}`,
    );
    const attributes = `Path=/; HttpOnly; SameSite=Strict${this.#secure ? '; Secure' : ''}`;
    res.append('Set-Cookie', `${this.#name}=${value.join('~')}; ${attributes}; Max-Age=${MAX_AGE_SECONDS}`);
  }

  /** The signed entries of the request's cookie; anything altered is ignored. */
  #entries(req: Request): Array<{ tag: string; device: string }> {
    const raw = cookie(req, this.#name);
    if (raw === undefined || raw.length > 1024) return [];
    const entries: Array<{ tag: string; device: string }> = [];
    for (const part of raw.split('~')) {
      const match = ENTRY.exec(part);
      if (!match) continue;
      const [, tag = '', device = '', signature = ''] = match;
      if (this.#verify(tag, device, signature)) entries.push({ tag, device });
    }
    return entries;
  }

  /** The account's tag in the cookie: an HMAC of the email, never the email. */
  #tag(email: string): string {
    return createHmac('sha256', this.#signingKey())
      .update(`account\u0000${email}`)
      .digest('base64url')
      .slice(0, 22);
  }

  #sign(tag: string, device: string, key = this.#signingKey()): string {
    return createHmac('sha256', key).update(`device\u0000${tag}\u0000${device}`).digest('base64url');
  }

  #verify(tag: string, device: string, signature: string): boolean {
    const given = Buffer.from(signature);
    return this.#keys.some((key) => {
      const expected = Buffer.from(this.#sign(tag, device, key));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  }

  #signingKey(): Buffer {
    const key = this.#keys[0];
    if (!key) throw new TypeError('no secret');
    return key;
  }
}

/** A cookie of the request by name (first occurrence), undecoded. */
function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index !== -1 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
