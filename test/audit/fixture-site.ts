// A small site for the audit's tests: a sign-in page built with the DSFR's `fr-connect` markup and CSS
// (from @gouvfr/dsfr), conforming, and variants of it that each break one rule of the qualification
// checklist. Its /auth/login sends the browser to the local FranceConnect, with one parameter broken
// when the variant says so.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(join(fileURLToPath(import.meta.url), '../../../packages/audit/package.json'));
const DSFR = dirname(require.resolve('@gouvfr/dsfr/package.json'));

export interface Variant {
  /** What the page changes (added to the base page). */
  readonly css?: string;
  readonly label?: string;
  readonly withoutHelp?: boolean;
  readonly withoutOr?: boolean;
  readonly formFirst?: boolean;
  readonly social?: boolean;
  readonly buttonTarget?: string;
  readonly inIframe?: boolean;
  /** What /auth/login does to the authorization request. */
  readonly authorize?: 'without-acr' | 'short-state' | 'pkce' | 'unknown-redirect';
  /** A page of another kind: an image button, a React app. */
  readonly page?: 'image' | 'react';
}

export const VARIANTS = {
  conforme: {},
  'libelle-modifie': { label: 'Connexion avec' },
  recolore: {
    css: ':root:not([data-fr-theme="dark"]) .fr-connect:not(:hover) { background-color: #0063cb; }',
  },
  'hauteur-54': { css: '.fr-connect { box-sizing: border-box; height: 54px; }' },
  'sans-lien-aide': { withoutHelp: true },
  'lien-a-30px': { css: '.fr-connect { margin-bottom: 30px; }' },
  'sans-ou': { withoutOr: true },
  'formulaire-avant': { formFirst: true },
  google: { social: true },
  'pop-up': { buttonTarget: '_blank' },
  iframe: { inIframe: true },
  'sans-acr': { authorize: 'without-acr' },
  'state-court': { authorize: 'short-state' },
  pkce: { authorize: 'pkce' },
  'redirect-non-declaree': { authorize: 'unknown-redirect' },
  image: { page: 'image' },
  react: { page: 'react' },
} satisfies Record<string, Variant>;
export type VariantName = keyof typeof VARIANTS;

const SENTENCE =
  '<p>FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services en ligne.</p>';

function fcBlock(variant: Variant): string {
  const label = variant.label ?? 'S’identifier avec';
  const target = variant.buttonTarget ? ` target="${variant.buttonTarget}"` : '';
  return `${SENTENCE}
<div class="fr-connect-group">
  <a class="fr-connect" href="auth/login"${target}><span class="fr-connect__login">${label}</span> <span class="fr-connect__brand">FranceConnect</span></a>
  ${variant.withoutHelp ? '' : '<p><a href="https://franceconnect.gouv.fr/" target="_blank" rel="noopener" title="Qu’est-ce que FranceConnect ? - nouvelle fenêtre">Qu’est-ce que FranceConnect ?</a></p>'}
  ${variant.social ? '<button class="fr-btn fr-btn--secondary" type="button">Se connecter avec Google</button>' : ''}
</div>`;
}

const PASSWORD_FORM = `<form action="connexion" method="post">
  <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Se connecter avec son compte</legend>
    <div class="fr-input-group"><label class="fr-label" for="email">Adresse électronique</label><input class="fr-input" id="email" name="email" type="email" autocomplete="username"></div>
    <div class="fr-input-group"><label class="fr-label" for="password">Mot de passe</label><input class="fr-input" id="password" name="password" type="password" autocomplete="current-password"></div>
    <button class="fr-btn" type="submit">Se connecter</button>
  </fieldset>
</form>`;

const OR = '<p class="fr-hr-or">ou</p>';

function layout(title: string, body: string, css = '', head = ''): string {
  return `<!doctype html>
<html lang="fr" data-fr-scheme="system">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/dsfr/dsfr.min.css">
<style>${css}</style>${head}
</head>
<body><main class="fr-container fr-py-4w"><div class="fr-grid-row"><div class="fr-col-12 fr-col-md-6">
<h1>Connexion</h1>
${body}
</div></div></main></body></html>`;
}

function page(name: VariantName): string {
  const variant: Variant = VARIANTS[name];
  if (variant.page === 'image') {
    return layout(
      'Connexion (image)',
      `${SENTENCE}<p><a href="auth/login"><img src="/bouton-franceconnect.svg" alt="S’identifier avec FranceConnect" width="209" height="56"></a></p>
<p><a href="https://franceconnect.gouv.fr/" target="_blank" rel="noopener" title="Qu’est-ce que FranceConnect ? - nouvelle fenêtre">Qu’est-ce que FranceConnect ?</a></p>${OR}${PASSWORD_FORM}`,
    );
  }
  if (variant.page === 'react') {
    return layout(
      'Connexion (React)',
      '<div id="app"></div>',
      '',
      '<script type="module" src="/react-app.js"></script>',
    );
  }
  if (variant.inIframe) {
    return layout(
      'Connexion',
      `<iframe src="bloc-franceconnect" title="Connexion avec FranceConnect" style="border:0;width:100%;height:220px"></iframe>${OR}${PASSWORD_FORM}`,
    );
  }
  const block = fcBlock(variant);
  const separator = variant.withoutOr ? '' : OR;
  const body = variant.formFirst
    ? `${PASSWORD_FORM}${separator}${block}`
    : `${block}${separator}${PASSWORD_FORM}`;
  return layout('Connexion', body, variant.css ?? '');
}

/** The official look drawn as an image: a 209 × 56 button, for the image-button page. */
const BUTTON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="209" height="56" viewBox="0 0 209 56"><rect width="209" height="56" fill="#000091"/><text x="64" y="25" font-family="Arial" font-size="17" fill="#f5f5fe">S’identifier avec</text><text x="64" y="44" font-family="Arial" font-size="18" font-weight="bold" fill="#f5f5fe">FranceConnect</text></svg>`;

export interface FixtureSite {
  readonly url: string;
  /** The sign-in page of a variant. */
  login(name: VariantName): string;
  close(): Promise<void>;
}

export async function startFixtureSite({
  franceconnect,
  clientId,
}: {
  franceconnect: () => string;
  clientId: string;
}): Promise<FixtureSite> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('fixtures/react-app.jsx', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    nodePaths: [join(dirname(require.resolve('react/package.json')), '..')],
    logLevel: 'silent',
  });
  const reactApp = bundle.outputFiles[0]?.contents ?? new Uint8Array();
  let base = '';
  const random = (length: number) =>
    randomBytes(64)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, length);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', base);
    if (url.pathname.startsWith('/dsfr/')) {
      const file = resolve(DSFR, 'dist', `.${url.pathname.slice('/dsfr'.length)}`);
      if (!file.startsWith(DSFR + sep)) return void response.writeHead(403).end();
      const types: Record<string, string> = {
        '.css': 'text/css',
        '.woff2': 'font/woff2',
        '.woff': 'font/woff',
        '.svg': 'image/svg+xml',
        '.js': 'text/javascript',
      };
      const body = await readFile(file).catch(() => null);
      if (!body) return void response.writeHead(404).end();
      return void response
        .writeHead(200, {
          'content-type': types[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'max-age=600',
        })
        .end(body);
    }
    if (url.pathname === '/react-app.js')
      return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(reactApp);
    if (url.pathname === '/bouton-franceconnect.svg')
      return void response.writeHead(200, { 'content-type': 'image/svg+xml' }).end(BUTTON_SVG);
    const [, name = '', rest = ''] = /^\/([^/]+)\/(.*)$/.exec(url.pathname) ?? [];
    if (!(name in VARIANTS)) return void response.writeHead(404).end();
    const variant: Variant = VARIANTS[name as VariantName];
    const html = (body: string) =>
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    if (rest === 'connexion') return void html(page(name as VariantName));
    if (rest === 'bloc-franceconnect')
      return void html(layout('Bloc FranceConnect', fcBlock({}), 'body{margin:0} main{padding:0!important}'));
    if (rest === 'auth/login') {
      const params = new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: `${base}/${variant.authorize === 'unknown-redirect' ? 'autre/' : ''}auth/callback`,
        scope: 'openid given_name family_name birthdate gender birthplace birthcountry email',
        acr_values: 'eidas1',
        state: random(variant.authorize === 'short-state' ? 10 : 32),
        nonce: random(32),
      });
      if (variant.authorize === 'without-acr') params.delete('acr_values');
      if (variant.authorize === 'pkce') {
        params.set('code_challenge', random(43));
        params.set('code_challenge_method', 'S256');
      }
      return void response
        .writeHead(302, { location: `${franceconnect()}/api/v2/authorize?${params}` })
        .end();
    }
    response.writeHead(404).end();
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    login: (name) => `${base}/${name}/connexion`,
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
