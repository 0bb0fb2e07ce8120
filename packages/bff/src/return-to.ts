/**
 * `returnTo` values come from the query string, so an attacker controls them: only same-origin
 * relative paths are kept, anything else falls back to `/` (open-redirect protection).
 */
export function safeReturnTo(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  // Must be a path: starts with one slash, not `//host` nor `/\host` (browsers read both as a host).
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // Control characters and backslashes can be normalised by browsers into something else.
  if ([...value].some((char) => char <= '\u001f' || char === '\u007f' || char === '\\')) return fallback;
  const parsed = new URL(value, 'http://return-to.invalid');
  if (parsed.origin !== 'http://return-to.invalid') return fallback;
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}
