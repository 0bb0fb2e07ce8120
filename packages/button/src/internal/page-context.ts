// One MutationObserver and one media-query listener for the page, shared by every element of the kit:
// connected elements re-render when the page's language (`lang`), its DSFR theme (`<html data-fr-theme>`)
// or the system colour scheme changes.

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
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', update);
  }
}

export function unwatchPageContext(host: Host): void {
  connected.delete(host);
}
