import type { NextFunction, Request, Response } from 'express';
import { FranceConnectError, findCause } from '../franceconnect/errors.js';
import { logOf, type Logger } from '../log.js';
import { StoreUnavailableError } from '../store-unavailable.js';
import { PAGES } from './pages.js';
import { sendProblem, type PageOverrides } from './respond.js';

/**
 * The last word on errors inside the BFF's routes: FranceConnect or a store unreachable →
 * 503 and the process keeps serving; a malformed body → 4xx; anything else → 500 without details.
 * Logs carry the error's kind, never request data.
 */
export function errorHandler(options: { logger: Logger; home: string; pages: PageOverrides }) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const log = logOf(req, options.logger);
    if (res.headersSent) {
      // e.g. express-session failing to save after the answer was sent: the answer completes anyway.
      log.warn(
        { event: 'http.error_after_response', error: kindOf(error) },
        'error after the response started',
      );
      return;
    }
    const store = findCause(error, StoreUnavailableError);
    if (store) {
      log.warn(
        { event: `${store.store}_store.unavailable`, detail: store.message },
        `${store.store.replace('_', ' ')} store unavailable`,
      );
      sendProblem(
        req,
        res,
        {
          status: 503,
          code: 'service_unavailable',
          page: PAGES.serviceUnavailable(options.home),
          override: 'unavailable',
        },
        options.pages,
      );
      return;
    }
    const franceconnect = findCause(error, FranceConnectError);
    if (
      franceconnect &&
      (franceconnect.code === 'unavailable' || franceconnect.code === 'metadata_invalid')
    ) {
      log.warn(
        { event: 'franceconnect.unavailable', code: franceconnect.code, detail: franceconnect.message },
        'FranceConnect unavailable',
      );
      const retry = `${req.baseUrl}${req.path}` === '/auth/login' ? req.originalUrl : '/auth/login';
      sendProblem(
        req,
        res,
        {
          status: 503,
          code: 'franceconnect_unavailable',
          page: PAGES.franceconnectUnavailable(retry, options.home),
          override: 'unavailable',
        },
        options.pages,
      );
      return;
    }
    const status = clientErrorStatus(error);
    if (status !== undefined) {
      sendProblem(req, res, {
        status,
        code: 'invalid_request',
        page: PAGES.badRequest(options.home, ['La requête est mal formée.']),
      });
      return;
    }
    log.error(
      {
        event: 'http.internal_error',
        error: kindOf(error),
        stack: error instanceof Error ? error.stack : undefined,
      },
      'internal error',
    );
    sendProblem(req, res, { status: 500, code: 'internal_error', page: PAGES.internalError(options.home) });
  };
}

/** body-parser and Express mark client mistakes with a 4xx `status` and `expose`. */
function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status =
    (error as { status?: unknown; statusCode?: unknown }).status ??
    (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function kindOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}
