// Clicking the button as a person would, then watching where the browser goes: the authorization
// request it sends to FranceConnect (GET or POST), whether a new window opened, and what FranceConnect
// answered — without signing in.
import type { BrowserContext, Frame, Locator, Page, Request } from 'playwright-core';
import { errorCodeIn } from '../checks/franceconnect-errors.js';

export interface AuthorizeRequest {
  readonly url: string;
  readonly method: string;
  /** Every parameter in order, repeats included (query string, or form body for a POST). */
  readonly params: ReadonlyArray<readonly [string, string]>;
}

export type AnswerKind = 'page' | 'error-page' | 'redirected-error' | 'unreachable';

export interface FranceConnectAnswer {
  readonly kind: AnswerKind;
  readonly url: string;
  readonly status: number | null;
  /** FranceConnect's error code (`Y030007`…), on an error page. */
  readonly code?: string;
  /** The details FranceConnect lists under the code (the local FranceConnect does). */
  readonly details?: readonly string[];
  /** OAuth `error` sent back to the redirect_uri. */
  readonly error?: string;
  readonly description?: string;
}

export interface FollowedButton {
  readonly authorize: AuthorizeRequest | null;
  readonly answer: FranceConnectAnswer | null;
  /** New windows or tabs opened by the click. */
  readonly popups: number;
  /** `window.open()` calls made by the page. */
  readonly windowOpens: number;
  /** Where the request to FranceConnect was sent from: the top page, another window, a frame. */
  readonly from: 'top' | 'popup' | 'frame' | null;
  /** Why the request could not be observed. */
  readonly failure?: string;
}

/** Counts `window.open()` calls in every frame (installed before any page script). */
export async function watchWindowOpen(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const original = window.open.bind(window);
    const counter = window as unknown as { __franceconnectAuditOpens?: number };
    window.open = (...args: Parameters<typeof window.open>) => {
      counter.__franceconnectAuditOpens = (counter.__franceconnectAuditOpens ?? 0) + 1;
      return original(...args);
    };
  });
}

async function windowOpens(page: Page): Promise<number> {
  let total = 0;
  for (const frame of page.frames()) {
    total += await frame
      .evaluate(
        () => (window as unknown as { __franceconnectAuditOpens?: number }).__franceconnectAuditOpens ?? 0,
      )
      .catch(() => 0);
  }
  return total;
}

function paramsOf(request: Request): Array<[string, string]> {
  const url = new URL(request.url());
  const params: Array<[string, string]> = Array.from(url.searchParams);
  if (request.method() === 'POST' && /x-www-form-urlencoded/i.test(request.headers()['content-type'] ?? '')) {
    params.push(...Array.from(new URLSearchParams(request.postData() ?? '')));
  }
  return params;
}

/** An OpenID Connect authorization request: `…/authorize`, or any request carrying client_id and response_type. */
export function isAuthorizeRequest(request: Request): boolean {
  if (!/^https?:/.test(request.url()) || !request.isNavigationRequest()) return false;
  const names = new Set(paramsOf(request).map(([name]) => name));
  return (
    (new URL(request.url()).pathname.endsWith('/authorize') && names.size > 0) ||
    (names.has('client_id') && names.has('response_type'))
  );
}

async function readAnswer(request: Request, frame: Frame): Promise<FranceConnectAnswer> {
  const response = await request.response().catch(() => null);
  const redirectUri = paramsOf(request).find(([name]) => name === 'redirect_uri')?.[1];
  await frame.waitForLoadState('domcontentloaded').catch(() => undefined);
  const url = frame.url();
  if (redirectUri && url.startsWith(redirectUri.split('?')[0]!)) {
    const back = new URL(url);
    const error = back.searchParams.get('error');
    if (error) {
      return {
        kind: 'redirected-error',
        url,
        status: response?.status() ?? null,
        error,
        description: back.searchParams.get('error_description') ?? '',
      };
    }
    return { kind: 'page', url, status: response?.status() ?? null };
  }
  if (!response || url.startsWith('chrome-error:')) {
    return { kind: 'unreachable', url: request.url(), status: response?.status() ?? null };
  }
  const text = await frame
    .locator('body')
    .innerText({ timeout: 5_000 })
    .catch(() => '');
  const code = errorCodeIn(text);
  if (code || response.status() >= 400) {
    const details = await frame
      .locator('#problems li, .error-details li, [data-testid="error-details"] li')
      .allInnerTexts()
      .catch(() => [] as string[]);
    return {
      kind: 'error-page',
      url,
      status: response.status(),
      ...(code ? { code } : {}),
      details: details.map((line) => line.replace(/\s+/g, ' ').trim()),
    };
  }
  return { kind: 'page', url, status: response.status() };
}

/**
 * Clicks `button` in `page` and resolves with the authorization request it leads to and FranceConnect's
 * answer (`answer: false` stops at the request).
 */
export async function followButton(
  page: Page,
  button: Locator,
  { timeoutMs, answer = true }: { timeoutMs: number; answer?: boolean },
): Promise<FollowedButton> {
  const context = page.context();
  let popups = 0;
  const onPage = () => popups++;
  context.on('page', onPage);
  let resolveRequest: (request: Request) => void = () => undefined;
  const requested = new Promise<Request>((resolve) => (resolveRequest = resolve));
  const onRequest = (request: Request) => {
    if (isAuthorizeRequest(request)) resolveRequest(request);
  };
  context.on('request', onRequest);
  let failure: string | undefined;
  try {
    await button.click({ timeout: timeoutMs });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    const request = await Promise.race([requested, timeout]);
    clearTimeout(timer);
    if (!request) {
      return {
        authorize: null,
        answer: null,
        popups,
        windowOpens: await windowOpens(page),
        from: null,
        failure: `le bouton n’a mené à aucune demande d’autorisation (/authorize) en ${Math.round(timeoutMs / 1000)} s`,
      };
    }
    // A new window's first request has no frame yet (Playwright): its page is the one just opened.
    let frame: Frame;
    try {
      frame = request.frame();
    } catch {
      const opened = context.pages().filter((candidate) => candidate !== page);
      const popup = opened[opened.length - 1] ?? (await context.waitForEvent('page', { timeout: timeoutMs }));
      frame = popup.mainFrame();
    }
    const from = frame.page() !== page ? 'popup' : frame.parentFrame() ? 'frame' : 'top';
    const authorize = { url: request.url(), method: request.method(), params: paramsOf(request) };
    return {
      authorize,
      answer: answer ? await readAnswer(request, frame) : null,
      popups,
      windowOpens: await windowOpens(page),
      from,
    };
  } catch (error) {
    failure = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      authorize: null,
      answer: null,
      popups,
      windowOpens: await windowOpens(page),
      from: null,
      failure,
    };
  } finally {
    context.off('page', onPage);
    context.off('request', onRequest);
  }
}
