/**
 * Notices the BFF sends the browser home with (`/?notice=<code>`): the home page shows the text of
 * the code (the codes and texts of every feature are gathered in `NOTICES`, notices.ts). Only codes
 * travel in the URL, never free text, so nothing can be injected through it.
 */

/** `home` with `notice=<code>` added to its query. */
export function withNotice(home: string, code: string): string {
  const url = new URL(home, 'http://notice.invalid');
  url.searchParams.set('notice', code);
  return `${url.pathname}${url.search}${url.hash}`;
}
