// Where the elements may send the browser, or the session's CSRF token: this site only. Values come
// from the page's address (`?returnTo=`) or from attributes a CMS may fill from it.

/**
 * The URL of `value` on this site, resolved as the browser resolves it (tabs and newlines dropped, `\`
 * read as `/`, dot segments and `%2e` removed), when it stays on this origin and its path names no
 * host (`//host`); otherwise `undefined`. Absolute, so that navigating to it cannot leave the site.
 */
export function sameOriginUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value, location.origin);
  } catch {
    return undefined;
  }
  if (url.origin !== location.origin || url.pathname.startsWith('//')) return undefined;
  return url.href;
}

/** `sameOriginUrl(value)`, else this site's `fallback` path. */
export function sameOriginUrlOr(value: string | null | undefined, fallback: string): string {
  return sameOriginUrl(value) ?? new URL(fallback, location.origin).href;
}
