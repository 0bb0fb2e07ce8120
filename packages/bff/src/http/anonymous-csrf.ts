import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * CSRF tokens for visitors not signed in (the local sign-in and sign-up forms), at no storage cost: a
 * signed double-submit token (OWASP). The browser keeps a random id in an HttpOnly cookie; its token
 * is an HMAC of that id (keyed from the session secret), which a page of this site reads from
 * `GET /api/csrf` and sends back in `X-CSRF-Token`. Another site can neither read the token nor set
 * the cookie (`__Host-` on https), and nothing is written on the server, however many visitors ask.
 */

const PREFIX = 'bff_csrf';
const KEY_INFO = 'franceconnect-kit bff anonymous csrf v1';
const ID = /^[A-Za-z0-9_-]{32}$/;

export interface AnonymousCsrfOptions {
  /** The session secrets: the first signs, any of them verifies (rotation). */
  secrets: readonly string[];
  /** https public URL: `__Host-` prefix and `Secure`. */
  secure: boolean;
}

export class AnonymousCsrf {
  readonly #keys: Buffer[];
  readonly #name: string;
  readonly #attributes: string;

  constructor({ secrets, secure }: AnonymousCsrfOptions) {
    this.#keys = secrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, '', KEY_INFO, 32)));
    this.#name = secure ? `__Host-${PREFIX}` : PREFIX;
    this.#attributes = `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  }

  /** This browser's token, its cookie set first if it has none. */
  issue(req: Request, res: Response): string {
    let id = this.#idOf(req);
    if (id === undefined) {
      id = randomBytes(24).toString('base64url');
      // A browser session cookie: it lives as long as the visit.
      res.append('Set-Cookie', `${this.#name}=${id}; ${this.#attributes}`);
    }
    return this.#token(id, this.#firstKey());
  }

  /** The tokens this browser's cookie may come with (one per secret), none without the cookie. */
  expected(req: Request): string[] {
    const id = this.#idOf(req);
    return id === undefined ? [] : this.#keys.map((key) => this.#token(id, key));
  }

  #idOf(req: Request): string | undefined {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const index = part.indexOf('=');
      if (index === -1 || part.slice(0, index).trim() !== this.#name) continue;
      const value = part.slice(index + 1).trim();
      return ID.test(value) ? value : undefined;
    }
    return undefined;
  }

  #token(id: string, key: Buffer): string {
    return createHmac('sha256', key).update(`anonymous\u0000${id}`).digest('base64url');
  }

  #firstKey(): Buffer {
    const key = this.#keys[0];
    if (!key) throw new TypeError('no secret');
    return key;
  }
}
