import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { AnonymousCsrf } from './anonymous-csrf.js';

/** Why a state-changing request was refused. */
export type CsrfRefusal = 'cross-site' | 'origin' | 'token';

export type CsrfRefusalHandler = (req: Request, res: Response, reason: CsrfRefusal) => void;

/**
 * Guards every state-changing route: the browser must say the request comes from this site
 * (`Sec-Fetch-Site`, `Origin` when sent) and the request must carry the session's CSRF token, in an
 * `X-CSRF-Token` header or a `_csrf` form field; a visitor without one, the token bound to its
 * anonymous cookie (`anonymous`). Neither means a refusal.
 */
export function csrfProtection(publicOrigin: string, refuse: CsrfRefusalHandler, anonymous: AnonymousCsrf) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const site = req.get('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      refuse(req, res, 'cross-site');
      return;
    }
    const origin = req.get('origin');
    // A form posted from a page with `Referrer-Policy: no-referrer` (helmet's default) says
    // `Origin: null`; the browser's `Sec-Fetch-Site: same-origin` then vouches for it (opaque origins,
    // sandboxed frames included, are `cross-site`).
    const ownFormWithoutReferrer = origin === 'null' && site === 'same-origin';
    if (origin !== undefined && origin !== publicOrigin && !ownFormWithoutReferrer) {
      refuse(req, res, 'origin');
      return;
    }
    const sessionToken = req.session?.franceconnect?.csrfToken;
    // The session's token when it has one; otherwise the visitor's, bound to its cookie.
    const expected = sessionToken === undefined ? anonymous.expected(req) : [sessionToken];
    const body: unknown = req.body;
    const field =
      typeof body === 'object' && body !== null && '_csrf' in body && typeof body._csrf === 'string'
        ? body._csrf
        : undefined;
    const provided = req.get('x-csrf-token') ?? field;
    if (provided === undefined || !expected.some((token) => sameSecret(token, provided))) {
      refuse(req, res, 'token');
      return;
    }
    next();
  };
}

function sameSecret(expected: string, provided: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(provided);
  return a.length === b.length && timingSafeEqual(a, b);
}
