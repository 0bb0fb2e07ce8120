import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { PAGE_STYLE_HASH } from './pages.js';

/**
 * Headers of every BFF response: a Content-Security-Policy allowing nothing but the pages' own
 * stylesheet, no framing at all (`frame-ancestors 'none'` and `X-Frame-Options: DENY`, qualification
 * #13: no iframes), no Referer sent onwards (the callback URL carries a code and a state).
 */
export function bffSecurityHeaders(): RequestHandler {
  return precomputed(bffHelmet);
}

/**
 * helmet's headers, computed once: with static options helmet sets the same headers on every
 * response, so they are recorded from one run of its middlewares and then set in one step (helmet
 * runs a dozen middlewares per request otherwise).
 */
function precomputed(handler: RequestHandler): RequestHandler {
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  let done = false;
  const recorder = {
    setHeader(name: string, value: unknown) {
      set.push([name, String(value)]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  void handler({} as Request, recorder as unknown as Response, (error?: unknown) => {
    if (error !== undefined) throw new Error('helmet refused its options', { cause: error });
    done = true;
  });
  // helmet is synchronous with these options; should it ever not be, it runs per request as before.
  if (!done) return handler;
  return (_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}

const bffHelmet: RequestHandler = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'none'"],
      'style-src': [PAGE_STYLE_HASH],
      'img-src': ["'self'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    },
  },
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
});

export interface PageSecurityHeadersOptions {
  /** FranceConnect's origin: the logout form's POST is redirected there, which `form-action` must allow. */
  franceconnectOrigin: string;
  /** FranceConnect+'s origin, when the service uses it: its logout follows FranceConnect's. */
  franceconnectPlusOrigin?: string | undefined;
  /** `false` on a plain-http development URL, where upgrading requests to https would break the page. */
  https: boolean;
}

/**
 * Security headers for the pages of an app that uses the BFF (the standalone server applies them to
 * its static folder): a Content-Security-Policy that allows what the kit's elements and the demo use
 * and nothing else (this site's scripts, stylesheets, images and API; no inline script, style or
 * event handler, no font, no plugin, no frame), never framed (qualification #13), forms allowed to end
 * up at FranceConnect (logout), no referrer. The elements need no `unsafe-inline`: their styles are
 * constructed stylesheets, their logo inline SVG. A site that needs more writes its own policy.
 */
export function pageSecurityHeaders(options: PageSecurityHeadersOptions): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'none'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'"],
        'style-src-attr': ["'none'"],
        'img-src': ["'self'"],
        'connect-src': ["'self'"],
        'manifest-src': ["'self'"],
        'base-uri': ["'none'"],
        'form-action': [
          "'self'",
          options.franceconnectOrigin,
          ...(options.franceconnectPlusOrigin ? [options.franceconnectPlusOrigin] : []),
        ],
        'frame-ancestors': ["'none'"],
        ...(options.https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
