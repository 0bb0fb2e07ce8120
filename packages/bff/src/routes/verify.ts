import type { Request, Response } from 'express';
import type { BffContext } from '../context.js';
import { safeReturnTo } from '../return-to.js';

/**
 * The headers `GET /auth/verify` answers with, which the reverse proxy copies onto the request it
 * passes to the site. The proxy must set (or remove) every one of them on every request it passes on,
 * so that a value sent by a client never reaches the site.
 */
export const GATEWAY_HEADERS = {
  /** The user id: the account's id with accounts, else FranceConnect's `sub` (pairwise, per service). */
  user: 'X-Auth-User',
  /** `franceconnect` or `local`. */
  method: 'X-Auth-Method',
  /** The eIDAS level of a FranceConnect sign-in (`eidas1`…), empty for a local one. */
  acr: 'X-Auth-Acr',
  /** Base64 of the UTF-8 JSON `{ identity, account }`, as `GET /api/me` returns them. */
  identity: 'X-Auth-Identity',
  /** On a 401: where to send the browser to sign in (`/auth/login?returnTo=…`). */
  login: 'X-Auth-Login',
} as const;

/** The path the person asked for, as the proxy tells it (nginx: `X-Original-URI`; Traefik, Caddy: `X-Forwarded-Uri`). */
function originalPath(req: Request, home: string): string {
  const value = req.get('x-original-uri') ?? req.get('x-forwarded-uri');
  return value === undefined ? home : safeReturnTo(value, home);
}

/**
 * `GET /auth/verify`, for a reverse proxy's sub-request authentication (nginx `auth_request`, Traefik
 * `forwardAuth`, Caddy `forward_auth`): 204 with the signed-in person in `X-Auth-*` headers, or 401
 * with `X-Auth-Login`. `?login=redirect` answers 302 to the sign-in instead of 401, for the proxies
 * that pass the answer on to the browser (Traefik, Caddy). It reads the session only: nothing a client
 * sends in `X-Auth-*` is ever read.
 */
export function verify(ctx: BffContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.set('Cache-Control', 'no-store');
    const signedIn = req.session?.franceconnect?.signedIn;
    // A session whose account was deleted meanwhile (another device) is signed out.
    const account = signedIn && ctx.currentAccount ? await ctx.currentAccount(signedIn) : signedIn?.account;
    if (!signedIn || account === undefined) {
      const login = `/auth/login?returnTo=${encodeURIComponent(originalPath(req, ctx.home))}`;
      res.set(GATEWAY_HEADERS.login, login);
      if (req.query.login === 'redirect') res.redirect(302, login);
      else res.status(401).end();
      return;
    }
    const identity = Buffer.from(JSON.stringify({ identity: signedIn.identity, account }), 'utf8');
    res
      .set(GATEWAY_HEADERS.user, signedIn.userId)
      .set(GATEWAY_HEADERS.method, signedIn.method)
      .set(GATEWAY_HEADERS.acr, signedIn.acr ?? '')
      .set(GATEWAY_HEADERS.identity, identity.toString('base64'))
      .status(204)
      .end();
  };
}
