import type { Request, Response } from 'express';
import { z } from 'zod';
import { FranceConnectError } from '../franceconnect/errors.js';
import type { Platform } from '../franceconnect/platform.js';
import { startLogin, type Prompt } from '../franceconnect/start-login.js';
import { AMR_CLAIMS } from '../franceconnect-plus/franceconnect-plus.js';
import { PAGES } from '../http/pages.js';
import { sendProblem } from '../http/respond.js';
import { logOf } from '../log.js';
import { SIGN_IN_PURPOSE } from '../purposes.js';
import { safeReturnTo } from '../return-to.js';
import { clientOf, type BffContext } from '../context.js';
import { queryProblems } from './query.js';

export interface AuthorizationInput {
  /** `sign-in`, or a purpose registered in the `purposes` option. */
  purpose: string;
  /** Where to go afterwards; anything but a same-origin path becomes `/`. */
  returnTo?: string | undefined;
  /** Scopes to ask for; default: the configured ones. Must include `openid`. */
  scopes?: readonly string[] | undefined;
  prompt?: readonly Prompt[] | undefined;
  /** `franceconnect-plus` to authenticate at FranceConnect+ (when configured); default FranceConnect. */
  platform?: Platform | undefined;
}

/**
 * Starts an authorization at FranceConnect: keeps the attempt in this browser (a sealed cookie, set on
 * the response of `req`) and returns the URL to send the browser to. Rejects with `FranceConnectError` (`unavailable`) when
 * FranceConnect cannot be discovered, or cannot be reached now (its calls fail, or a short probe did).
 */
export async function startAuthorization(
  ctx: BffContext,
  req: Request,
  input: AuthorizationInput,
): Promise<URL> {
  if (input.purpose !== SIGN_IN_PURPOSE && !ctx.purposes.has(input.purpose)) {
    throw new TypeError(`unknown authorization purpose ${JSON.stringify(input.purpose)}`);
  }
  const plus = input.platform === 'franceconnect-plus' ? ctx.franceconnectPlus?.settings : undefined;
  if (input.platform === 'franceconnect-plus' && !plus)
    throw new TypeError('FranceConnect+ is not configured');
  const scopes = input.scopes ?? plus?.scopes ?? ctx.settings.scopes;
  if (!scopes.includes('openid')) throw new TypeError('scopes must include openid');
  const res = req.res;
  if (!res) throw new TypeError('startAuthorization needs the request of an Express route');
  const client = clientOf(ctx, input.platform);
  const config = await client.urlConfiguration();
  // Not to a dead host: the unavailable page shows before the browser leaves the site.
  if (!(await client.reachable())) {
    throw new FranceConnectError('unavailable', 'FranceConnect cannot be reached (its calls fail)');
  }
  const { url, transaction } = startLogin(config, {
    redirectUri: ctx.redirectUri,
    scopes,
    acr: plus?.acrValues ?? ctx.settings.acrValues,
    returnTo: safeReturnTo(input.returnTo),
    purpose: input.purpose,
    // FranceConnect+ as its documentation asks: a new authentication each time, and amr in the ID token.
    prompt: plus ? ['login', ...(input.prompt ?? [])] : input.prompt,
    claims: plus ? AMR_CLAIMS : undefined,
    platform: input.platform,
  });
  ctx.transactions.add(req, res, transaction);
  if (ctx.secureCookie && !req.secure) {
    logOf(req, ctx.logger).warn(
      { event: 'session.cookie_not_secure' },
      'PUBLIC_URL is https but this request came over http: the session cookie cannot be set (configure "trust proxy")',
    );
  }
  // The hottest route: no per-request child logger unless the line will be written.
  if (ctx.logger.isLevelEnabled('debug')) {
    logOf(req, ctx.logger).debug({ event: 'login.started', purpose: input.purpose }, 'authorization started');
  }
  return url;
}

const single = (name: string, max: number) =>
  z
    .string({ error: `${name} must be given once, as text` })
    .max(max, `${name} is too long (${max} characters at most)`);

const loginQuery = z.object({
  returnTo: single('returnTo', 2048).optional(),
  prompt: single('prompt', 32)
    .refine((value) => value.split(' ').every((token) => token === 'login' || token === 'consent'), {
      message: 'prompt must be login, consent or both',
    })
    .transform((value) => value.split(' ') as Prompt[])
    .optional(),
  /** Data to retrieve with this sign-in (API names), when data retrieval is on. */
  apis: single('apis', 1024).optional(),
});

/**
 * `GET /auth/login?returnTo=/path[&prompt=login][&apis=quotient_familial]` → 302 to FranceConnect's
 * authorization endpoint. With data retrieval on, the sign-in also asks for the scopes of the APIs
 * `apis` names (each one the service may retrieve), else of `signInDataApis`.
 * `GET /auth/plus/login` (`platform` `franceconnect-plus`) → to FranceConnect+'s, which serves no data.
 */
export function login(ctx: BffContext, platform: Platform = 'franceconnect') {
  return async (req: Request, res: Response): Promise<void> => {
    const query = loginQuery.safeParse(req.query);
    const problems = query.success ? [] : queryProblems(query.error);
    // Data asked for with the sign-in itself: its scopes join this authorization.
    let dataScopes: string[] = [];
    if (query.success && platform !== 'franceconnect' && query.data.apis !== undefined) {
      problems.push('FranceConnect+ ne transmet pas de données : le paramètre « apis » est de trop.');
    } else if (query.success && (query.data.apis !== undefined || ctx.signInData)) {
      const data = ctx.signInData?.scopesFor(query.data.apis) ?? {
        scopes: [],
        problems: ['ce service ne récupère pas de données : le paramètre « apis » est de trop'],
      };
      problems.push(
        ...data.problems.map((problem) => `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`),
      );
      dataScopes = data.scopes.filter((scope) => !ctx.settings.scopes.includes(scope));
    }
    if (!query.success || problems.length > 0) {
      sendProblem(req, res, {
        status: 400,
        code: 'invalid_request',
        page: PAGES.badRequest(ctx.home, problems),
      });
      return;
    }
    const url = await startAuthorization(ctx, req, {
      purpose: SIGN_IN_PURPOSE,
      returnTo: query.data.returnTo,
      prompt: query.data.prompt,
      platform,
      scopes: dataScopes.length > 0 ? [...ctx.settings.scopes, ...dataScopes] : undefined,
    });
    res.redirect(302, url.href);
  };
}
