import type { KoaContextWithOIDC } from 'oidc-provider';
import { z } from 'zod';
import { authorizeParamsProblems } from './authorize-params.js';
import type { ErrorCode } from './error-codes.js';
import { BadBodyError, readBody, repeatedField } from './http-io.js';
import { SCREEN_HEADERS } from './screens/layout.js';
import { errorPage } from './screens/pages.js';
import type { Platform } from './platform.js';
import { describeIssuesInFrench } from './zod-issues.js';

/** Where FranceConnect mounts its OpenID Connect endpoints. */
export const API_PREFIX = '/api/v2';

type Next = () => Promise<unknown>;

function showError(
  ctx: KoaContextWithOIDC,
  status: number,
  code: ErrorCode,
  problems: string[],
  platform: Platform = 'franceconnect',
): void {
  ctx.status = status;
  ctx.set(SCREEN_HEADERS);
  ctx.body = errorPage({ code, problems, platform });
}

/**
 * `/authorize` as strict as FranceConnect's: its parameter validation runs before anything else and
 * answers an error page (Y030007, HTTP 400, no redirect). A POSTed form is validated the same way, then
 * processed as the equivalent GET. FranceConnect+ does not require `acr_values` (its default is eidas3).
 */
export function strictAuthorize(platform: Platform = 'franceconnect') {
  return (ctx: KoaContextWithOIDC, next: Next) => checkAuthorize(ctx, next, platform);
}

async function checkAuthorize(ctx: KoaContextWithOIDC, next: Next, platform: Platform): Promise<void> {
  if (ctx.path !== '/authorize' || (ctx.method !== 'GET' && ctx.method !== 'POST')) {
    await next();
    return;
  }
  let params: URLSearchParams;
  if (ctx.method === 'POST') {
    if (!ctx.is('application/x-www-form-urlencoded')) {
      showError(ctx, 400, 'Y030007', ['le corps doit être application/x-www-form-urlencoded'], platform);
      return;
    }
    let body: string;
    try {
      body = await readBody(ctx.req);
    } catch (error) {
      if (!(error instanceof BadBodyError)) throw error;
      showError(ctx, 400, 'Y030007', [error.message], platform);
      return;
    }
    params = new URLSearchParams(body);
    ctx.method = 'GET';
    ctx.querystring = params.toString();
    // oidc-provider derives its mount path from originalUrl: keep it in step with the new URL.
    Object.assign(ctx.req, { originalUrl: `${API_PREFIX}${ctx.req.url ?? ''}` });
  } else {
    params = new URLSearchParams(ctx.querystring);
  }
  const problems = authorizeParamsProblems(params, { acrRequired: platform === 'franceconnect' });
  if (problems.length > 0) {
    showError(ctx, 400, 'Y030007', problems, platform);
    return;
  }
  if (platform === 'franceconnect-plus' && !params.has('acr_values')) {
    // FranceConnect+ without acr_values: its highest level, stated in the ID token as always.
    params.set('acr_values', 'eidas3');
    ctx.querystring = params.toString();
    Object.assign(ctx.req, { originalUrl: `${API_PREFIX}${ctx.req.url ?? ''}` });
  }
  await next();
}

/**
 * FranceConnect authenticates clients with `client_secret_post` or `private_key_jwt` only
 * (`tokenEndpointAuthMethods`); oidc-provider 9 would also take the same secret in an Authorization
 * header, so `client_secret_basic` is refused here, at the token and revocation endpoints.
 */
export async function refuseClientSecretBasic(ctx: KoaContextWithOIDC, next: Next): Promise<void> {
  if ((ctx.path === '/token' || ctx.path === '/token/revocation') && ctx.get('authorization') !== '') {
    ctx.status = 401;
    ctx.set('cache-control', 'no-store');
    ctx.body = {
      error: 'invalid_client',
      error_description:
        'client_secret_basic is not supported: send client_id and client_secret in the body (client_secret_post)',
    };
    return;
  }
  await next();
}

const MISSING = 'paramètre obligatoire manquant';

// FranceConnect's LogoutParamsDto; its documentation also makes post_logout_redirect_uri and state required.
const endSessionSchema = z.strictObject(
  {
    id_token_hint: z.string({ error: MISSING }).min(1, MISSING),
    post_logout_redirect_uri: z
      .string({ error: MISSING })
      .refine((value) => URL.canParse(value), 'doit être une URL'),
    state: z.string({ error: MISSING }).min(1, MISSING),
    client_id: z.string().optional(),
    logout_hint: z.string().optional(),
    ui_locales: z.string().optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `paramètre(s) refusé(s) : ${issue.keys.join(', ')}` : undefined,
  },
);

/**
 * `/session/end` as FranceConnect's: no confirmation screen. oidc-provider validates the request (the
 * `id_token_hint` signature, expired or not, and the registered `post_logout_redirect_uri`); then the
 * FranceConnect session is destroyed and the browser sent back with `state`.
 */
export async function endSessionWithoutConfirmation(ctx: KoaContextWithOIDC, next: Next): Promise<void> {
  if (ctx.path !== '/session/end' || ctx.method !== 'GET') {
    await next();
    return;
  }
  const params = new URLSearchParams(ctx.querystring);
  const repeated = repeatedField(params);
  if (repeated !== undefined) {
    showError(ctx, 400, 'Y000400', [`${repeated} : paramètre répété`]);
    return;
  }
  const result = endSessionSchema.safeParse(Object.fromEntries(params));
  if (!result.success) {
    showError(ctx, 400, 'Y000400', describeIssuesInFrench(result.error));
    return;
  }
  // A browser endpoint: errors are always pages, never JSON.
  ctx.request.headers.accept = 'text/html';
  await next();
  if (ctx.status !== 200) return;

  const session = ctx.oidc.session;
  const { postLogoutRedirectUri, state } = (session?.state ?? {}) as {
    postLogoutRedirectUri?: string;
    state?: string;
  };
  if (!session || !postLogoutRedirectUri) {
    showError(ctx, 400, 'Y000400', ['post_logout_redirect_uri : non reconnue pour ce client']);
    return;
  }
  await session.destroy();
  ctx.cookies.set(ctx.oidc.provider.cookieName('session'), null, {
    signed: true,
    overwrite: true,
    httpOnly: true,
  });
  const target = new URL(postLogoutRedirectUri);
  if (state !== undefined) target.searchParams.set('state', state);
  ctx.status = 303;
  ctx.redirect(target.href);
}
