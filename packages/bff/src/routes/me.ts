import type { Request, Response } from 'express';
import type { PivotIdentity } from '../franceconnect/identity.js';
import type { JsonValue } from '../session/session-data.js';
import { SessionStoreUnavailableError } from '../session/session-store.js';
import type { BffContext } from '../context.js';

/** The body of `GET /api/me`. */
export interface MeResponse {
  /**
   * The identity FranceConnect verified for this session; `null` when signed in with the service's
   * own credentials (accounts).
   */
  identity: PivotIdentity | null;
  /**
   * The account (with accounts: an `AccountView`, read afresh); `null` without one, e.g. while a
   * FranceConnect sign-up is pending.
   */
  account: JsonValue | null;
  /** Send it back in `X-CSRF-Token` (or a `_csrf` field) on every POST/PUT/PATCH/DELETE. */
  csrfToken: string;
  /** ISO date at which the session ends unless used again (idle), or for good (absolute). */
  expiresAt: string;
}

/**
 * `GET /api/me`: 200 with the verified identity while signed in, 204 (no content) when signed out. Signed
 * out is an ordinary answer here, asked by every page's header, so not an error status (which browsers
 * log in the console); routes that need a session answer 401 (`bff.requireSignIn`).
 */
export function me(ctx: BffContext) {
  return async (req: Request, res: Response): Promise<void> => {
    if (!req.session) throw new SessionStoreUnavailableError('no session: the session store is disconnected');
    const state = req.session.franceconnect;
    const signedIn = state?.signedIn;
    // A session whose account was deleted meanwhile (another device) is signed out.
    const account = signedIn && ctx.currentAccount ? await ctx.currentAccount(signedIn) : signedIn?.account;
    if (!signedIn || state.csrfToken === undefined || account === undefined) {
      res.status(204).end();
      return;
    }
    const idleEnd = Date.now() + ctx.settings.sessionIdleTimeout * 1000;
    const absoluteEnd = signedIn.signedInAt + ctx.settings.sessionAbsoluteTimeout * 1000;
    const body: MeResponse = {
      identity: signedIn.identity,
      account,
      csrfToken: state.csrfToken,
      expiresAt: new Date(Math.min(idleEnd, absoluteEnd)).toISOString(),
    };
    res.json(body);
  };
}
