import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { PAGE_STYLE_HASH } from './pages.js';

/**
 * Headers of every BFF response: a Content-Security-Policy allowing nothing but the pages' own
 * stylesheet, no framing at all (`frame-ancestors 'none'` and `X-Frame-Options: DENY`, qualification
 * #13: no iframes), no Referer sent onwards (the callback URL carries a code and a state).
 */
export function bffSecurityHeaders(): RequestHandler {
  return helmet({
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
}

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
