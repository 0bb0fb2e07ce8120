import { fileURLToPath } from 'node:url';
import type { NextFunction, Request, Response, Router } from 'express';
import { escapeHtml } from '../http/pages.js';
import { pageSecurityHeaders } from '../http/security-headers.js';
import { requestLogging } from '../log.js';
import type { AccountsContext } from './context.js';
import { pendingSignUpOf, sessionAccount } from './session-account.js';

/**
 * The BFF's own sign-up confirmation and profile pages, served while the site has none (the
 * `signUpPage` and `profilePage` options not set), so that accounts work out of the box. Plain French
 * pages built from the kit's elements, under the page security headers: the elements' bundle is the
 * only script, no inline one. They live under `/compte/`, so that they never hide a page of the site.
 */
export const DEFAULT_ACCOUNT_PAGES = {
  signUp: '/compte/inscription',
  profile: '/compte/profil',
} as const;

/** The files the pages load: the kit's CDN bundle and stylesheet, from `@franceconnect-kit/button`. */
const ASSETS = {
  '/compte/franceconnect.js': '@franceconnect-kit/button/cdn/franceconnect.js',
  '/compte/franceconnect.css': '@franceconnect-kit/button/franceconnect.css',
} as const;

/** Light and dark, as the elements (`theme="auto"` follows `color-scheme` and the system's preference). */
const STYLE =
  ':root{color-scheme:light dark;--text:#161616;--background:#fff;--link:#000091;--muted:#666;--border:#ddd;--danger:#ce0500}' +
  '@media (prefers-color-scheme:dark){:root{--text:#cecece;--background:#161616;--link:#8585f6;--muted:#929292;--border:#353535;--danger:#ff5655}}' +
  'body{font-family:Marianne,arial,sans-serif;line-height:1.5;color:var(--text);background:var(--background);margin:0}' +
  'header,main{max-width:44rem;margin:0 auto;padding:1rem}' +
  'header{display:flex;flex-wrap:wrap;gap:1rem;justify-content:space-between;align-items:center;border-bottom:1px solid var(--border)}' +
  'h1{font-size:1.75rem;line-height:1.25}h2{font-size:1.25rem;margin-top:2.5rem}a{color:var(--link)}' +
  'label{display:block;margin:1rem 0}input[type=checkbox]{width:1.25rem;height:1.25rem;vertical-align:middle;margin-right:.5rem}' +
  'button{font:inherit;padding:.5rem 1rem;border:1px solid var(--danger);color:var(--danger);background:transparent;border-radius:.25rem;cursor:pointer}' +
  'button:focus-visible,a:focus-visible,input:focus-visible{outline:2px solid var(--link);outline-offset:2px}' +
  '.mention{color:var(--muted)}';

interface PageContent {
  title: string;
  body: string;
}

function layout(ctx: AccountsContext, page: PageContent): string {
  return `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>${escapeHtml(page.title)}</title>
    <link rel="stylesheet" href="/compte/franceconnect.css">
    <style>${STYLE}</style>
    <script type="module" src="/compte/franceconnect.js"></script>
  </head>
  <body>
    <header>
      <a href="${escapeHtml(ctx.bff.home)}">Retour à l’accueil</a>
      <franceconnect-user profile-href="${escapeHtml(ctx.settings.profilePage)}"></franceconnect-user>
    </header>
    <main>
      <h1>${escapeHtml(page.title)}</h1>
      ${page.body}
    </main>
  </body>
</html>
`;
}

/** The session's CSRF token, written into the page: the forms need no script to fetch it. */
function csrfTokenOf(req: Request): string {
  return req.session.franceconnect?.csrfToken ?? '';
}

/** The sign-in section, leading back to `returnTo` (qualification #1–#7: the element's own layout). */
function signIn(returnTo: string): string {
  const href = `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
  return `<franceconnect-login href="${escapeHtml(href)}"></franceconnect-login>`;
}

/** The sign-up confirmation (qualification #10): the identity FranceConnect certified, locked. */
function signUpPage(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const title = 'Finaliser votre inscription';
    let body: string;
    if (pendingSignUpOf(req)) {
      body = `<p>Vous vous êtes connecté avec FranceConnect pour la première fois sur ce site. Vérifiez vos informations, puis créez votre compte.</p>
      <franceconnect-profile-form mode="signup" csrf-token="${escapeHtml(csrfTokenOf(req))}"></franceconnect-profile-form>`;
    } else if (await sessionAccount(req, ctx.store)) {
      body = `<p>Vous avez déjà un compte : votre inscription est terminée.</p>
      <p><a href="${escapeHtml(ctx.settings.profilePage)}">Voir mon profil</a></p>`;
    } else {
      body = `<p>Aucune inscription n’est en cours : elle commence par une connexion avec FranceConnect.</p>
      ${signIn(ctx.bff.home)}`;
    }
    res.type('html').send(layout(ctx, { title, body }));
  };
}

/** The profile (qualification #15, #16): identity locked, nom d’usage and email editable; link; deletion (#12). */
function profilePage(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const title = 'Mon profil';
    const here = ctx.settings.profilePage;
    const account = await sessionAccount(req, ctx.store);
    let body: string;
    if (account) {
      const csrfToken = escapeHtml(csrfTokenOf(req));
      const franceconnect = account.franceconnect
        ? '<p>Votre compte est lié à FranceConnect : vous pouvez vous y connecter avec FranceConnect.</p>'
        : `<p>Votre compte n’est pas lié à FranceConnect. Liez-le pour vous connecter avec FranceConnect et faire certifier votre identité.</p>
      <p><a href="/auth/link?returnTo=${escapeHtml(encodeURIComponent(here))}">Lier mon compte FranceConnect</a></p>`;
      body = `<franceconnect-profile-form csrf-token="${csrfToken}"></franceconnect-profile-form>
      <h2>FranceConnect</h2>
      ${franceconnect}
      <h2>Supprimer mon compte</h2>
      <p>Vos informations seront effacées et vous serez déconnecté, de ce site comme de FranceConnect. Cette action est définitive.</p>
      <form method="post" action="/api/account/delete">
        <input type="hidden" name="_csrf" value="${csrfToken}">
        <label><input type="checkbox" name="confirm" required>Je veux supprimer définitivement mon compte</label>
        <button type="submit">Supprimer mon compte</button>
      </form>`;
    } else if (pendingSignUpOf(req)) {
      const signUp = `${ctx.settings.signUpPage}?returnTo=${encodeURIComponent(here)}`;
      body = `<p>Votre inscription n’est pas terminée : créez votre compte pour accéder à votre profil.</p>
      <p><a href="${escapeHtml(signUp)}">Finaliser mon inscription</a></p>`;
    } else {
      body = `<p>Connectez-vous pour consulter et modifier votre profil.</p>
      ${signIn(here)}`;
    }
    res.type('html').send(layout(ctx, { title, body }));
  };
}

/** Serves a file of `@franceconnect-kit/button` (revalidated each time: it changes with the kit's version). */
function asset(specifier: string) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    let file: string;
    try {
      file = fileURLToPath(import.meta.resolve(specifier));
    } catch (error) {
      next(error);
      return;
    }
    res.sendFile(file, { headers: { 'Cache-Control': 'no-cache' } }, (error) => {
      if (error) next(error);
    });
  };
}

/** Mounts the default pages the site has not replaced (and the two files they load). */
export function mountDefaultPages(router: Router, ctx: AccountsContext): void {
  const serveSignUp = ctx.settings.signUpPage === DEFAULT_ACCOUNT_PAGES.signUp;
  const serveProfile = ctx.settings.profilePage === DEFAULT_ACCOUNT_PAGES.profile;
  if (!serveSignUp && !serveProfile) return;
  const headers = pageSecurityHeaders({
    franceconnectOrigin: new URL(ctx.bff.settings.issuer).origin,
    franceconnectPlusOrigin:
      ctx.bff.settings.franceconnectPlus?.issuer && new URL(ctx.bff.settings.franceconnectPlus.issuer).origin,
    https: ctx.bff.secureCookie,
  });
  const logging = requestLogging(ctx.bff.logger);
  const personal = (_req: Request, res: Response, next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    next();
  };
  for (const [path, specifier] of Object.entries(ASSETS))
    router.get(path, logging, headers, asset(specifier));
  if (serveSignUp) {
    router.get(DEFAULT_ACCOUNT_PAGES.signUp, logging, headers, personal, ...ctx.session, signUpPage(ctx));
  }
  if (serveProfile) {
    router.get(DEFAULT_ACCOUNT_PAGES.profile, logging, headers, personal, ...ctx.session, profilePage(ctx));
  }
}
