// One MutationObserver and one media-query listener for the page, shared by every element of the kit:
// connected elements re-render when the page's language (`lang`), its theme (`<html data-fr-theme>`, the
// `color-scheme` a class or a style of `<html>` or `<body>` sets) or the system colour scheme changes.
// Class and style changes deeper in the page are not watched (too frequent): they count at the next render.

interface Host extends HTMLElement {
  requestUpdate(): void;
}

const connected = new Set<Host>();
let watching = false;

function update(): void {
  connected.forEach((host) => host.requestUpdate());
}

/** Keeps `host` up to date with the page context while it is connected. */
export function watchPageContext(host: Host): void {
  connected.add(host);
  if (!watching) {
    watching = true;
    new MutationObserver(update).observe(document.documentElement, {
      attributeFilter: ['lang', 'data-fr-theme'],
      subtree: true,
    });
    // Class and style count on <html> and <body> only, where a site's dark mode sets `color-scheme`. A
    // second observer: observing <html> again with the first would replace its options.
    const theme = new MutationObserver(update);
    for (const node of [document.documentElement, document.body]) {
      if (node) theme.observe(node, { attributeFilter: ['class', 'style'] });
    }
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', update);
  }
}

export function unwatchPageContext(host: Host): void {
  connected.delete(host);
}
