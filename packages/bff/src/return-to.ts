/**
 * `returnTo` values come from the query string, so an attacker controls them: only same-origin
 * relative paths are kept, anything else falls back to `/` (open-redirect protection).
 *
 * The value is judged as a browser will read it, after resolution: `/.//host/x`, `/%2e//host/x` or
 * `/a/..//host/x` resolve to `//host/x` (another host), so they are refused, however they are written.
 * What is returned is the resolved path, which resolves to itself.
 */
export function safeReturnTo(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  // Browsers drop tabs and newlines and read `\` as `/`: such a value means something else to them.
  if (!value.startsWith('/') || [...value].some(isIgnoredByBrowsers)) return fallback;
  return resolvedPath(value) ?? fallback;
}

/** Control characters (browsers drop tabs and newlines from URLs) and the backslash (read as `/`). */
function isIgnoredByBrowsers(char: string): boolean {
  return char <= '\u001f' || char === '\u007f' || char === '\\';
}

const BASE = 'http://return-to.invalid';

/**
 * The path of `value` resolved against this site (dot segments, `%2e` included, removed), when it stays
 * on this site and names no host: it must start with one `/`, never `//` or `/\`.
 */
function resolvedPath(value: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(value, BASE);
  } catch {
    return undefined;
  }
  if (parsed.origin !== BASE) return undefined;
  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  if (!isSingleSlashPath(path)) return undefined;
  // Resolution is idempotent for what is kept: read again, it names the same place.
  return new URL(path, BASE).href === parsed.href ? path : undefined;
}

function isSingleSlashPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}

/**
 * Where a redirect of the BFF may send the browser, checked when the `Location` header is set: a path
 * of this site (`publicOrigin`), resolved and re-checked as `safeReturnTo` does, or an absolute URL on
 * one of `externalOrigins` (FranceConnect's authorization and logout endpoints). `undefined` otherwise.
 */
export function allowedLocation(
  location: string,
  publicOrigin: string,
  externalOrigins: ReadonlySet<string>,
): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(location, publicOrigin);
  } catch {
    return undefined;
  }
  if (parsed.origin === publicOrigin) {
    // A relative path is kept relative (the app may sit behind a proxy); an absolute one is re-checked too.
    const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
    return safeReturnTo(path, '') || undefined;
  }
  if (externalOrigins.has(parsed.origin) && /^https?:\/\//i.test(location)) return parsed.href;
  return undefined;
}
