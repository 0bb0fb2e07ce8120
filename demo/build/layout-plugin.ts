import { readFileSync } from 'node:fs';
import type { HtmlTagDescriptor, Plugin } from 'vite';

const partial = (name: string) => readFileSync(new URL(`../partials/${name}.html`, import.meta.url), 'utf8');

/** `/connexion.html` → `/connexion`, `/index.html` → `/`: the path the page is served at. */
export function pagePath(htmlPath: string): string {
  const path = htmlPath.replace(/\.html$/, '');
  return path === '/index' ? '/' : path;
}

/** Marks the links to the page itself with `aria-current="page"` (the navigation says where one is). */
export function markCurrent(markup: string, path: string): string {
  return markup.replaceAll(`href="${path}"`, `href="${path}" aria-current="page"`);
}

/**
 * Every page of the demo is a plain HTML file (a Vite input); this plugin puts the site's header and
 * footer where a page says `<!-- site-header -->` and `<!-- site-footer -->`, at build time, so that
 * they are in the HTML (no script needed to see them, no layout shift), and adds to each head the
 * script that applies the chosen theme before the page is drawn, and the icon.
 */
export function siteLayout(): Plugin {
  const header = partial('header');
  const footer = partial('footer');
  return {
    name: 'demoville:layout',
    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        const path = pagePath(context.path);
        for (const marker of ['site-header', 'site-footer']) {
          if (!html.includes(`<!-- ${marker} -->`)) {
            throw new Error(`${context.path}: no <!-- ${marker} --> where the site's ${marker} goes`);
          }
        }
        const tags: HtmlTagDescriptor[] = [
          // Classic and blocking on purpose: the theme must be on <html> before the first paint.
          { tag: 'script', attrs: { src: '/theme.js' }, injectTo: 'head' },
          {
            tag: 'link',
            attrs: { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
            injectTo: 'head',
          },
        ];
        return {
          html: html
            .replace('<!-- site-header -->', markCurrent(header, path))
            .replace('<!-- site-footer -->', markCurrent(footer, path)),
          tags,
        };
      },
    },
  };
}
