import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Account } from '../accounts/account.js';
import { logOf } from '../log.js';
import { safeReturnTo } from '../return-to.js';
import { signedInOf, type SignedIn } from '../session/session-data.js';
import { accountOfSession, type StepUpContext } from './context.js';
import { methodsFor } from './methods.js';
import { recentAuthentication, type Requirement } from './requirements.js';

/** The French sentence of each refusal (JSON callers show it as is). */
export const STEP_UP_MESSAGES: Readonly<Record<Requirement, string>> = {
  'recent-authentication':
    'Par sécurité, cette action demande de confirmer votre identité : identifiez-vous à nouveau, puis recommencez.',
  'second-factor':
    'Par sécurité, cette action demande un second facteur d’authentification : une clé d’accès, ou FranceConnect+.',
};

/** The JSON error code of each refusal. */
export const STEP_UP_ERRORS: Readonly<Record<Requirement, string>> = {
  'recent-authentication': 'reauthentication_required',
  'second-factor': 'step_up_required',
};

/** The site's step-up page for a requirement, coming back to `returnTo`. */
export function stepUpLocation(ctx: StepUpContext, requirement: Requirement, returnTo: string): string {
  const url = new URL(ctx.settings.page, 'http://step-up.invalid');
  url.searchParams.set('requirement', requirement);
  url.searchParams.set('returnTo', returnTo);
  return `${url.pathname}${url.search}`;
}

/**
 * Whether the browser is navigating (a link, a page load, a form it submits) rather than a script
 * calling an API: it then gets a redirect to a page, a script gets JSON. `Sec-Fetch-Mode` says so; a
 * browser without it is taken at its `Accept`.
 */
export function isNavigation(req: Request): boolean {
  const mode = req.get('sec-fetch-mode');
  if (mode !== undefined) return mode === 'navigate';
  return req.accepts(['json', 'html']) === 'html';
}

/**
 * Where to come back once the requirement is met: the page itself for a navigation to a page; for a
 * submitted form or an API call, its `returnTo` field (or query parameter), else home. A form posted
 * again after the detour is never replayed: the person comes back to it and sends it again.
 */
function returnToOf(ctx: StepUpContext, req: Request): string {
  if ((req.method === 'GET' || req.method === 'HEAD') && isNavigation(req))
    return safeReturnTo(req.originalUrl, ctx.bff.home);
  const body: unknown = req.body;
  const field =
    typeof body === 'object' && body !== null && 'returnTo' in body && typeof body.returnTo === 'string'
      ? body.returnTo
      : typeof req.query.returnTo === 'string'
        ? req.query.returnTo
        : undefined;
  return safeReturnTo(field, ctx.bff.home);
}

/** Signed out (or the account deleted meanwhile): to the sign-in page, or 401. */
function signedOut(ctx: StepUpContext, req: Request, res: Response): void {
  res.set('Cache-Control', 'no-store');
  if (isNavigation(req)) {
    const url = new URL(ctx.settings.signInPage, 'http://sign-in.invalid');
    url.searchParams.set('returnTo', returnToOf(ctx, req));
    res.redirect(303, `${url.pathname}${url.search}`);
    return;
  }
  res.status(401).json({ error: 'unauthenticated', message: 'Aucune session : connectez-vous d’abord.' });
}

/**
 * The requirement is not met: a browser navigating goes to the site's step-up page (and comes back);
 * a script gets 403 `{ error, message, requirement, maxAge, methods, location }`, `location` being that
 * page, `methods` what this person can use.
 */
async function refuse(
  ctx: StepUpContext,
  req: Request,
  res: Response,
  { signedIn, account }: { signedIn: SignedIn; account: Account | undefined },
  requirement: Requirement,
  maxAge: number,
): Promise<void> {
  const returnTo = returnToOf(ctx, req);
  const location = stepUpLocation(ctx, requirement, returnTo);
  logOf(req, ctx.bff.logger).info(
    { event: 'step_up.required', requirement, method: req.method },
    'a sensitive act asks for a recent authentication',
  );
  res.set('Cache-Control', 'no-store');
  if (isNavigation(req)) {
    res.redirect(303, location);
    return;
  }
  res.status(403).json({
    error: STEP_UP_ERRORS[requirement],
    message: STEP_UP_MESSAGES[requirement],
    requirement,
    maxAge,
    methods: await methodsFor(ctx, signedIn, account, requirement, returnTo),
    location,
  });
}

/**
 * Checks the requirement on a request whose session is loaded; answers (and resolves `false`) when it
 * is not met. For a route that asks it only sometimes (an email change, not a usage name's).
 */
export async function meetsRequirement(
  ctx: StepUpContext,
  req: Request,
  res: Response,
  requirement: Requirement,
  maxAge = ctx.settings.maxAge,
): Promise<boolean> {
  const signedIn = signedInOf(req);
  const account = signedIn ? await accountOfSession(ctx, signedIn) : undefined;
  if (!signedIn || (signedIn.account !== null && ctx.accounts !== undefined && !account)) {
    signedOut(ctx, req, res);
    return false;
  }
  if (recentAuthentication(signedIn, requirement, maxAge)) return true;
  await refuse(ctx, req, res, { signedIn, account }, requirement, maxAge);
  return false;
}

/** The guard as a middleware (after the session): `next()` once the requirement is met. */
export function requirement(
  ctx: StepUpContext,
  name: Requirement,
  maxAge = ctx.settings.maxAge,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    meetsRequirement(ctx, req, res, name, maxAge).then((met) => {
      if (!met) return;
      res.set('Cache-Control', 'no-store');
      next();
    }, next);
  };
}
