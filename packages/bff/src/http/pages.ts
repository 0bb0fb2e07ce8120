import { createHash } from 'node:crypto';

/**
 * The BFF's own minimal pages, in French. Every value is HTML-escaped; the stylesheet is inline and
 * allowed by its hash in the Content-Security-Policy, so the pages need nothing else.
 */
export interface Page {
  title: string;
  paragraphs: string[];
  links: Array<{ href: string; label: string }>;
}

export const PAGE_STYLE =
  'body{font-family:Marianne,arial,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#161616}' +
  'h1{font-size:1.75rem;line-height:1.25}a{color:#000091}ul{padding:0;list-style:none}li{margin:.5rem 0}';

/** `'sha256-…'` of `PAGE_STYLE`, for the `style-src` directive. */
export const PAGE_STYLE_HASH = `'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

export function renderPage(page: Page): string {
  const paragraphs = page.paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('\n    ');
  const links = page.links
    .map((link) => `<li><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></li>`)
    .join('\n      ');
  return `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>${escapeHtml(page.title)}</title>
    <style>${PAGE_STYLE}</style>
  </head>
  <body>
  <main>
    <h1>${escapeHtml(page.title)}</h1>
    ${paragraphs}
    <ul>
      ${links}
    </ul>
  </main>
  </body>
</html>
`;
}

const HOME = 'Retour à l’accueil';
const RETRY = 'Réessayer avec FranceConnect';

/** The texts of each page. `retry` is the `/auth/login?returnTo=…` link, `home` the site's home. */
export const PAGES = {
  cancelled: (retry: string, home: string): Page => ({
    title: 'Connexion annulée',
    paragraphs: [
      'Vous avez annulé la connexion avec FranceConnect, ou elle n’a pas pu aboutir.',
      'Vous pouvez réessayer, ou utiliser un autre moyen de connexion proposé par le service.',
    ],
    links: [
      { href: retry, label: RETRY },
      { href: home, label: HOME },
    ],
  }),
  franceconnectError: (retry: string, home: string, code: string, description?: string): Page => ({
    title: 'La connexion n’a pas abouti',
    paragraphs: [
      'FranceConnect a signalé une erreur. Vous pouvez réessayer dans quelques instants.',
      `Code de l’erreur : ${code}`,
      ...(description ? [`Détail : ${description}`] : []),
    ],
    links: [
      { href: retry, label: RETRY },
      { href: home, label: HOME },
    ],
  }),
  verificationFailed: (retry: string, home: string): Page => ({
    title: 'La connexion n’a pas abouti',
    paragraphs: [
      'La réponse de FranceConnect n’a pas pu être vérifiée. Par sécurité, la connexion a été interrompue.',
      'Vous pouvez réessayer dans quelques instants.',
    ],
    links: [
      { href: retry, label: RETRY },
      { href: home, label: HOME },
    ],
  }),
  franceconnectUnavailable: (retry: string, home: string): Page => ({
    title: 'FranceConnect est momentanément indisponible',
    paragraphs: ['Veuillez réessayer dans quelques instants.'],
    links: [
      { href: retry, label: RETRY },
      { href: home, label: HOME },
    ],
  }),
  serviceUnavailable: (home: string): Page => ({
    title: 'Service momentanément indisponible',
    paragraphs: ['Veuillez réessayer dans quelques instants.'],
    links: [{ href: home, label: HOME }],
  }),
  badRequest: (home: string, problems: string[]): Page => ({
    title: 'Requête invalide',
    paragraphs: problems,
    links: [{ href: home, label: HOME }],
  }),
  forbidden: (home: string): Page => ({
    title: 'Action refusée',
    paragraphs: [
      'Cette demande n’a pas pu être vérifiée : elle ne vient pas de ce site, ou la page était trop ancienne.',
      'Rechargez la page et réessayez.',
    ],
    links: [{ href: home, label: HOME }],
  }),
  internalError: (home: string): Page => ({
    title: 'Une erreur est survenue',
    paragraphs: ['Veuillez réessayer dans quelques instants.'],
    links: [{ href: home, label: HOME }],
  }),
} as const;
