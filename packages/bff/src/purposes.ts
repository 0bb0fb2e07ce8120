import type { Request, Response } from 'express';
import type { VerifiedAuthorization } from './franceconnect/finish-login.js';
import type { Transaction } from './franceconnect/start-login.js';
import type { Logger } from './log.js';
import type { JsonValue } from './session/session-data.js';

/**
 * The extension point of the callback. Once FranceConnect's answer passed every check, the callback
 * hands the `VerifiedAuthorization` to the handler of the attempt's purpose:
 *
 * - `sign-in` (built in): calls `onSignIn` (accounts look up, create or reconcile the account there),
 *   then signs the browser in and redirects to `returnTo` or to the decision's `redirectTo`;
 * - any purpose registered in the `purposes` option (e.g. `data`: call a data provider with the
 *   access token at once, keep the result, redirect), started with `bff.startAuthorization()`.
 */

/** What `onSignIn` decides about a verified sign-in. */
export interface SignInDecision {
  /**
   * Whose session this is, e.g. an account id: all sessions of a user can be ended together
   * (`bff.endSessionsOfUser`). Default: the identity's `sub`.
   */
  userId?: string;
  /** Kept in the session and returned by `GET /api/me` as `account`. JSON only. Default: `null`. */
  account?: JsonValue | null;
  /** A same-origin path to go to instead of the attempt's `returnTo` (e.g. a sign-up page). */
  redirectTo?: string;
}

/**
 * Runs after every check passed and before the signed-in session exists. Throwing refuses the sign-in
 * (the user sees the generic error page).
 */
export type SignInHook = (
  authorization: VerifiedAuthorization,
  req: Request,
) => Promise<SignInDecision | undefined | void> | SignInDecision | undefined | void;

export interface PurposeContext {
  req: Request;
  res: Response;
  logger: Logger;
  /** Signs the browser in with this authorization (new session id, identity kept server-side). */
  signIn(decision?: SignInDecision): Promise<void>;
}

/**
 * Completes an authorization started for a purpose. It must answer the request. The access token in
 * `authorization` lives about 60 seconds: use it now, never store it.
 */
export interface PurposeHandler {
  (authorization: VerifiedAuthorization, context: PurposeContext): Promise<void>;
  /**
   * Answers when the person went back from FranceConnect (`access_denied`), e.g. back to the form
   * they left. Default: the BFF's « Connexion annulée » page.
   */
  cancelled?: (transaction: Transaction, context: Omit<PurposeContext, 'signIn'>) => Promise<void>;
  /** The « Réessayer » link of the BFF's error pages for this purpose. Default: `/auth/login?returnTo=…`. */
  retryUrl?: (transaction: Transaction) => string;
}

export const SIGN_IN_PURPOSE = 'sign-in';
