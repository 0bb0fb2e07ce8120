import { createHash } from 'node:crypto';
import { PLATFORMS, type Platform } from '../platform.js';
import { html, SafeHtml } from './html.js';

// Inline only: the screens load nothing from anywhere (no fonts, no images, no scripts). Colours follow
// the DSFR's blue-france tokens, light and dark.
const STYLE = `
:root{color-scheme:light dark;--bg:#f6f6f6;--surface:#fff;--text:#161616;--muted:#666;--border:#ddd;
--primary:#000091;--primary-hover:#1212ff;--on-primary:#f5f5fe;--error:#ce0500;--banner:#fff4e5;--banner-text:#716043}
@media (prefers-color-scheme:dark){:root{--bg:#161616;--surface:#1e1e1e;--text:#cecece;--muted:#929292;--border:#353535;
--primary:#8585f6;--primary-hover:#b1b1f9;--on-primary:#000091;--error:#ff5655;--banner:#2e2616;--banner-text:#e8d3a9}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);line-height:1.5;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif}
header{background:var(--surface);border-bottom:1px solid var(--border);padding:.75rem 1rem}
.brand{margin:0;font-weight:700;font-size:1.25rem}
.brand span{font-weight:400;color:var(--muted)}
.banner{margin:.25rem 0 0;padding:.25rem .5rem;background:var(--banner);color:var(--banner-text);font-size:.875rem}
main{max-width:34rem;margin:2rem auto;padding:1.5rem 2rem;background:var(--surface);border:1px solid var(--border)}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}
h2{font-size:1.125rem;margin:1.5rem 0 .5rem}
p,ul,dl{margin:0 0 1rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{display:block;width:100%;padding:.5rem .75rem;font:inherit;color:var(--text);background:var(--bg);
border:1px solid var(--muted);border-bottom:2px solid var(--text);border-radius:.25rem .25rem 0 0}
button{font:inherit;cursor:pointer;border-radius:.25rem;padding:.5rem 1.5rem}
.primary{background:var(--primary);color:var(--on-primary);border:1px solid var(--primary);font-weight:600;margin-top:1.5rem}
.primary:hover{background:var(--primary-hover)}
.provider{display:block;width:100%;text-align:left;padding:1rem;background:var(--surface);color:var(--primary);
border:1px solid var(--border);font-weight:700;font-size:1.125rem}
.provider:hover{border-color:var(--primary)}
.back{background:none;border:0;padding:0;color:var(--primary);text-decoration:underline;margin-top:1.5rem}
a{color:var(--primary)}
:focus-visible{outline:2px solid #0a76f6;outline-offset:2px}
.alert{border-left:4px solid var(--error);padding:.25rem .75rem;color:var(--error);font-weight:600}
.muted{color:var(--muted);font-size:.875rem}
code{font-family:ui-monospace,"Liberation Mono",monospace;font-size:.875rem}
dt{font-weight:600}dd{margin:0 0 .5rem}
details{margin-top:1.5rem}summary{cursor:pointer;color:var(--primary)}
table{border-collapse:collapse;font-size:.875rem}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid var(--border)}
.sentence{margin:.25rem 0 0;font-size:.875rem}.help{margin:0;font-size:.875rem}
.code{font-size:1.5rem;letter-spacing:.25em;font-weight:700}
`;

// Built outside the page template so that formatting the template never changes the hashed text.
const STYLE_ELEMENT = new SafeHtml(`<style>${STYLE}</style>`);

/**
 * The screens' Content-Security-Policy: nothing but the inline style above (by hash) and a data: favicon,
 * so that a screen that tried to load anything else would fail visibly.
 */
export const SCREEN_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  'img-src data:',
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SCREEN_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': SCREEN_CSP,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export type ScreenName = 'identity-provider' | 'login' | 'second-factor' | 'consent' | 'error' | 'home';

/**
 * A whole page around one screen; `data-screen` on <main> lets tests tell screens apart. FranceConnect+'s
 * screens carry its name, its sentence and its help link.
 */
export function layout(
  title: string,
  screen: ScreenName,
  body: SafeHtml,
  platform: Platform = 'franceconnect',
): string {
  const rules = PLATFORMS[platform];
  const plus = platform === 'franceconnect-plus';
  return html`<!doctype html>
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} – ${rules.brand} (local)</title>
        <link rel="icon" href="data:," />
        ${STYLE_ELEMENT}
      </head>
      <body>
        <header>
          <p class="brand">${rules.brand} <span>local</span></p>
          ${
            plus
              ? html`<p class="sentence">${rules.sentence}</p>
                  <p class="help">
                    <a
                      href="${rules.helpUrl}"
                      target="_blank"
                      rel="noopener"
                      title="Qu’est-ce que FranceConnect+ ? - nouvelle fenêtre"
                      >Qu’est-ce que FranceConnect+ ?</a
                    >
                  </p>`
              : ''
          }
          <p class="banner">
            Environnement de développement : ceci n’est pas ${rules.brand}, aucune donnée réelle n’est
            utilisée.
          </p>
        </header>
        <main data-screen="${screen}" data-platform="${platform}">${body}</main>
      </body>
    </html> `.value;
}
