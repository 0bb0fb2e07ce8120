/**
 * A user of the local FranceConnect at the HTTP level: a browser-like cookie jar, `fetch` with manual
 * redirects, and the knowledge of the local FranceConnect's screens (identity-provider choice, the
 * « Démonstration » login form, consent). Tests of a service use it to sign in and out through the real
 * screens without a browser:
 *
 * ```ts
 * const user = new FranceConnectUser({ franceConnectUrl: fc.url });
 * const back = await user.signIn(`${bff}/auth/login`, { login: 'test' }); // stops at the service's callback
 * const { response } = await user.navigate(back.url);                      // the service handles it
 * const out = await user.signOut(`${bff}/auth/logout`);                    // through /session/end and back
 * ```
 */

/** The screens of the local FranceConnect (the `data-screen` attribute of their `<main>`). */
export type Screen = 'identity-provider' | 'login' | 'second-factor' | 'consent';

export interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  /** The `SameSite` attribute as sent (`undefined`: none, which browsers read as `Lax`). */
  sameSite: 'Strict' | 'Lax' | 'None' | undefined;
  expires: number | undefined;
}

const SAME_SITE = { strict: 'Strict', lax: 'Lax', none: 'None' } as const;

function defaultPath(url: URL): string {
  const path = url.pathname;
  if (!path.startsWith('/') || path.lastIndexOf('/') === 0) return '/';
  return path.slice(0, path.lastIndexOf('/'));
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Cookies as a browser keeps them (RFC 6265): by domain and path, ignoring ports. A cookie set by a
 * service on 127.0.0.1:3000 is therefore also sent to 127.0.0.1:3001, and two servers of the same host
 * setting a cookie of the same name and path overwrite each other, exactly as in a browser (the local
 * FranceConnect names its cookies `fc_*` so as not to collide with a service's).
 */
export class CookieJar {
  #cookies: StoredCookie[] = [];

  /** Keeps the `Set-Cookie` headers of a response to `url`. */
  store(url: URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) this.#storeOne(url, header);
  }

  #storeOne(url: URL, header: string): void {
    const [pair = '', ...attributes] = header.split(';');
    const separator = pair.indexOf('=');
    if (separator <= 0) return;
    const cookie: StoredCookie = {
      name: pair.slice(0, separator).trim(),
      value: pair.slice(separator + 1).trim(),
      domain: url.hostname.toLowerCase(),
      hostOnly: true,
      path: defaultPath(url),
      secure: false,
      httpOnly: false,
      sameSite: undefined,
      expires: undefined,
    };
    let maxAge: number | undefined;
    for (const attribute of attributes) {
      const [rawKey = '', ...rest] = attribute.split('=');
      const key = rawKey.trim().toLowerCase();
      const value = rest.join('=').trim();
      if (key === 'path' && value.startsWith('/')) cookie.path = value;
      else if (key === 'domain' && value !== '') {
        cookie.domain = value.replace(/^\./, '').toLowerCase();
        cookie.hostOnly = false;
      } else if (key === 'secure') cookie.secure = true;
      else if (key === 'httponly') cookie.httpOnly = true;
      else if (key === 'samesite') cookie.sameSite = SAME_SITE[value.toLowerCase() as keyof typeof SAME_SITE];
      else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
      else if (key === 'expires') {
        const time = Date.parse(value);
        if (!Number.isNaN(time)) cookie.expires = time;
      }
    }
    if (maxAge !== undefined) cookie.expires = Date.now() + maxAge * 1000;
    this.#cookies = this.#cookies.filter(
      (other) =>
        !(other.name === cookie.name && other.domain === cookie.domain && other.path === cookie.path),
    );
    if (cookie.expires === undefined || cookie.expires > Date.now()) this.#cookies.push(cookie);
  }

  #matching(url: URL): StoredCookie[] {
    const host = url.hostname.toLowerCase();
    const now = Date.now();
    this.#cookies = this.#cookies.filter((cookie) => cookie.expires === undefined || cookie.expires > now);
    return this.#cookies
      .filter((cookie) =>
        cookie.hostOnly
          ? host === cookie.domain
          : host === cookie.domain || host.endsWith(`.${cookie.domain}`),
      )
      .filter((cookie) => pathMatches(url.pathname, cookie.path))
      .filter((cookie) => !cookie.secure || url.protocol === 'https:' || isLoopback(host))
      .sort((a, b) => b.path.length - a.path.length);
  }

  /** The `Cookie` header a browser would send with a request to `url`, if any. */
  header(url: URL): string | undefined {
    const cookies = this.#matching(url);
    return cookies.length > 0
      ? cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ')
      : undefined;
  }

  /** The value of the cookie `name` that would be sent to `url`. */
  get(url: URL, name: string): string | undefined {
    return this.#matching(url).find((cookie) => cookie.name === name)?.value;
  }

  /** Every cookie kept, unexpired (to hand them to a real browser). */
  all(): ReadonlyArray<Readonly<StoredCookie>> {
    const now = Date.now();
    return this.#cookies.filter((cookie) => cookie.expires === undefined || cookie.expires > now);
  }

  /** Forgets every cookie (a new browser). */
  clear(): void {
    this.#cookies = [];
  }
}

/** The local FranceConnect answered with its error page, or a screen the user could not get past. */
export class FranceConnectPageError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly url: URL,
    /** FranceConnect's error code shown on the page (`Y030007`…), if any. */
    readonly code: string | undefined,
    readonly body: string,
  ) {
    super(message);
    this.name = 'FranceConnectPageError';
  }
}

/** Where the browser went when it left the local FranceConnect. */
export interface Departure {
  /** The URL outside FranceConnect (the service's `redirect_uri` or logout return). Not fetched yet. */
  url: URL;
  /** Its query parameters (`code`, `state`, `iss`, or `error`, `error_description`…). */
  params: URLSearchParams;
  /** The FranceConnect screens shown on the way, in order (empty for a logout). */
  screens: Screen[];
}

export interface SignInOptions {
  /** A test identity's login. Default `'test'`. */
  login?: string;
  /** Default `'123'`, the password of every test identity. */
  password?: string;
  /** Use « Revenir sur … » on this screen instead of going on: the service gets `access_denied`. */
  cancelAt?: Screen;
  /**
   * FranceConnect+'s verification code: the one its screen shows (default), or these codes typed in
   * turn (a wrong one shows the screen again).
   */
  codes?: string[];
}

export interface FranceConnectUserOptions {
  /** The local FranceConnect (`RunningMockFranceConnect.url`): the origin whose screens this user drives. */
  franceConnectUrl: string | URL;
  /** Share a jar with another agent, or start with cookies. Default: an empty jar. */
  jar?: CookieJar;
  /** Gives up after this many requests in one journey. Default 30. */
  maxSteps?: number;
}

const HTML_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function unescapeHtml(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match?.[1] === undefined ? undefined : unescapeHtml(match[1]);
}

/** The action and the fields (hidden inputs, submit button) of the form with that id. */
function readForm(html: string, id: string): { action: string; fields: URLSearchParams } | undefined {
  const start = new RegExp(`<form\\b[^>]*\\sid="${id}"[^>]*>`).exec(html);
  if (!start) return undefined;
  const end = html.indexOf('</form>', start.index);
  const content = html.slice(start.index + start[0].length, end === -1 ? undefined : end);
  const fields = new URLSearchParams();
  for (const [tag] of content.matchAll(/<(?:input|button)\b[^>]*>/g)) {
    const type = attribute(tag, 'type');
    const name = attribute(tag, 'name');
    if (name !== undefined && (type === 'hidden' || (tag.startsWith('<button') && type === 'submit'))) {
      fields.append(name, attribute(tag, 'value') ?? '');
    }
  }
  return { action: attribute(start[0], 'action') ?? '', fields };
}

type Step = { form: string; fields?: Record<string, string> };

/** oidc-provider's self-submitting form (`document.forms[0].submit()`), if the page is one. */
function readAutoSubmittedForm(html: string): { action: string; fields: URLSearchParams } | undefined {
  if (!html.includes('document.forms[0].submit()')) return undefined;
  const start = /<form\b[^>]*\smethod="post"[^>]*>/.exec(html);
  if (!start) return undefined;
  const end = html.indexOf('</form>', start.index);
  const fields = new URLSearchParams();
  for (const [tag] of html.slice(start.index, end).matchAll(/<input\b[^>]*>/g)) {
    const name = attribute(tag, 'name');
    if (name !== undefined) fields.append(name, attribute(tag, 'value') ?? '');
  }
  return { action: attribute(start[0], 'action') ?? '', fields };
}

/** Signs in and out of the local FranceConnect like a user with a browser would (see the module doc). */
export class FranceConnectUser {
  readonly jar: CookieJar;
  readonly #franceConnect: URL;
  readonly #maxSteps: number;

  constructor({ franceConnectUrl, jar = new CookieJar(), maxSteps = 30 }: FranceConnectUserOptions) {
    this.jar = jar;
    this.#franceConnect = new URL(franceConnectUrl);
    this.#maxSteps = maxSteps;
  }

  /** One request with the jar's cookies, redirects not followed; the response's cookies are kept. */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    if (!headers.has('accept')) headers.set('accept', HTML_ACCEPT);
    const cookie = this.jar.header(target);
    if (cookie !== undefined) headers.set('cookie', cookie);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    this.jar.store(target, response);
    return response;
  }

  /** A top-level GET that follows every redirect; resolves with the final response (body unread). */
  async navigate(url: string | URL): Promise<{ url: URL; response: Response }> {
    let current = new URL(url);
    for (let step = 0; step < this.#maxSteps; step++) {
      const response = await this.fetch(current);
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || location === null) return { url: current, response };
      await response.body?.cancel();
      current = new URL(location, current);
    }
    throw new Error(`more than ${this.#maxSteps} redirects from ${String(url)}`);
  }

  /**
   * From `startUrl` (a service URL that sends the browser to FranceConnect, or an `/authorize` URL),
   * goes through the screens: « Démonstration », the login form (`login`, `password`), then
   * « Continuer » on consent (or « Revenir sur … » at `cancelAt`). Within FranceConnect's SSO session
   * only consent is shown. Resolves when the browser leaves FranceConnect, without fetching that URL.
   * Rejects with a `FranceConnectPageError` on an error page or when the credentials are refused.
   */
  async signIn(
    startUrl: string | URL,
    { login = 'test', password = '123', cancelAt, codes }: SignInOptions = {},
  ): Promise<Departure> {
    let credentialsSent = false;
    const typed = codes ? [...codes] : undefined;
    return this.#journey(startUrl, (screen, html, url, status): Step => {
      if (screen === cancelAt) return { form: 'abort' };
      switch (screen) {
        case 'identity-provider':
          return { form: 'identity-provider-form' };
        case 'login':
          if (credentialsSent) {
            throw new FranceConnectPageError(`login refused for "${login}"`, status, url, undefined, html);
          }
          credentialsSent = true;
          return { form: 'login-form', fields: { login, password } };
        case 'second-factor': {
          const shown = /id="second-factor-code">(\d{6})</.exec(html)?.[1];
          const code = typed ? typed.shift() : shown;
          if (code === undefined) {
            throw new FranceConnectPageError('no verification code to type', status, url, undefined, html);
          }
          return { form: 'second-factor-form', fields: { code } };
        }
        case 'consent':
          return { form: 'consent-form' };
      }
    });
  }

  /**
   * A top-level GET to a logout URL (the service's, or FranceConnect's `/session/end?…`), following the
   * redirects through FranceConnect until the browser leaves it (FranceConnect shows no screen).
   */
  async signOut(startUrl: string | URL): Promise<Departure> {
    return this.#journey(startUrl, (screen, html, url, status) => {
      throw new FranceConnectPageError(
        `unexpected screen "${screen}" during logout`,
        status,
        url,
        undefined,
        html,
      );
    });
  }

  async #journey(
    startUrl: string | URL,
    decide: (screen: Screen, html: string, url: URL, status: number) => Step,
  ): Promise<Departure> {
    const screens: Screen[] = [];
    let url = new URL(startUrl);
    let init: RequestInit = {};
    let visited = false;
    for (let step = 0; step < this.#maxSteps; step++) {
      const inside = url.origin === this.#franceConnect.origin;
      if (!inside && visited) return { url, params: url.searchParams, screens };
      visited ||= inside;
      const response = await this.fetch(url, init);
      const location = response.headers.get('location');
      if (REDIRECTS.has(response.status) && location !== null) {
        await response.body?.cancel();
        url = new URL(location, url);
        init = {};
        continue;
      }
      const html = await response.text();
      if (!inside) {
        throw new Error(
          `${url.href} answered ${response.status} instead of sending the browser to FranceConnect`,
        );
      }
      const autoSubmit = readAutoSubmittedForm(html);
      if (autoSubmit && response.status === 200) {
        // A page whose script submits its form at once (another person signing in where someone's
        // FranceConnect session is open: the previous one is logged out first), as a browser does.
        const target = new URL(autoSubmit.action, url);
        init = {
          method: 'POST',
          body: autoSubmit.fields,
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: target.origin },
        };
        url = target;
        continue;
      }
      const screen = /<main\b[^>]*\sdata-screen="([a-z-]+)"/.exec(html)?.[1];
      if (response.status >= 400 || screen === undefined || screen === 'error' || screen === 'home') {
        const code = /id="error-code">([A-Z0-9]+)</.exec(html)?.[1];
        throw new FranceConnectPageError(
          `FranceConnect answered ${response.status}${code ? ` (${code})` : ''} at ${url.pathname}`,
          response.status,
          url,
          code,
          html,
        );
      }
      screens.push(screen as Screen);
      const next = decide(screen as Screen, html, url, response.status);
      const form = readForm(html, next.form);
      if (!form)
        throw new FranceConnectPageError(
          `no form "${next.form}" on the ${screen} screen`,
          response.status,
          url,
          undefined,
          html,
        );
      for (const [name, value] of Object.entries(next.fields ?? {})) form.fields.set(name, value);
      const target = new URL(form.action, url);
      init = {
        method: 'POST',
        body: form.fields,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: target.origin },
      };
      url = target;
    }
    throw new Error(`more than ${this.#maxSteps} steps from ${String(startUrl)}`);
  }
}
