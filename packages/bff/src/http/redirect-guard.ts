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
 */
export function redirectGuard(options: RedirectGuardOptions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const setLocation = res.location.bind(res);
    res.location = (location: string) => {
      const allowed = allowedLocation(location, options.publicOrigin, options.externalOrigins());
      if (allowed === undefined) {
        logOf(req, options.logger).warn(
          { event: 'redirect.refused' },
          'redirect to another site refused: sent home instead',
        );
      }
      return setLocation(allowed ?? options.fallback);
    };
    next();
  };
}
