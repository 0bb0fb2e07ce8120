import type { NextFunction, Request, Response } from 'express';
import { logOf, type Logger } from '../log.js';
import { allowedLocation } from '../return-to.js';

export interface RedirectGuardOptions {
  /** The BFF's public origin: its paths are where the browser may go back to. */
  publicOrigin: string;
  /** Origins the browser may be sent to besides (FranceConnect's authorization and logout endpoints). */
  externalOrigins: () => ReadonlySet<string>;
  /** Where a refused redirect goes instead (the site's home). */
  fallback: string;
  logger: Logger;
}

/**
 * The last check of every redirect of the BFF's routes, whatever built it (a `returnTo` kept in an
 * attempt, a hook's `redirectTo`, a page path with a notice): the `Location` header may only name a
 * path of this site that stays on it once resolved, or FranceConnect. Anything else goes home, logged.
 * Values are checked when they come in (`safeReturnTo`) and again here, when they go out.
 *
 * The BFF's redirects also carry no body: Express's `res.redirect` negotiates a text or HTML body
 * (`Accept` parsed, `Vary`, `Content-Type`) that no browser shows; a `Location` and an empty body
 * are all a redirect needs, and cost much less on the hottest route, `/auth/login`.
 */
export function redirectGuard(options: RedirectGuardOptions) {
  // Shared by every response (they read the response as `this`): nothing is made per request.
  function location(this: Response, target: string): Response {
    const allowed = allowedLocation(target, options.publicOrigin, options.externalOrigins());
    if (allowed === undefined) {
      logOf(this.req, options.logger).warn(
        { event: 'redirect.refused' },
        'redirect to another site refused: sent home instead',
      );
    }
    // Express's own `location` (from the app's response prototype): encodes the URL and sets the header.
    return (Object.getPrototypeOf(this) as Response).location.call(this, allowed ?? options.fallback);
  }
  function redirect(this: Response, statusOrUrl: number | string, url?: string): void {
    const status = typeof statusOrUrl === 'number' ? statusOrUrl : 302;
    this.location(typeof statusOrUrl === 'number' ? (url ?? '') : statusOrUrl);
    this.statusCode = status;
    this.setHeader('Content-Length', '0');
    this.end();
  }
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.location = location;
    res.redirect = redirect;
    next();
  };
}
