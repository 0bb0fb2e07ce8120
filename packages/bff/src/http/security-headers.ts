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
  /** `false` on a plain-http development URL, where upgrading requests to https would break the page. */
  https: boolean;
}

/**
 * Security headers for the pages of an app that uses the BFF (the standalone server applies them to
 * its static folder): helmet's defaults, never framed (qualification #13), forms allowed to end up
 * at FranceConnect (logout).
 */
export function pageSecurityHeaders(options: PageSecurityHeadersOptions): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'", options.franceconnectOrigin],
        'upgrade-insecure-requests': options.https ? [] : null,
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
