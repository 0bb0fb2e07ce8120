import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { pino, type Logger as PinoLogger } from 'pino';

/** The BFF logs with pino (JSON lines). It never logs tokens, codes, cookies or identity data. */
export type Logger = PinoLogger;

export function createLogger(level = 'info'): Logger {
  return pino({ level, base: { service: 'franceconnect-bff' }, timestamp: pino.stdTimeFunctions.isoTime });
}

const loggers = new WeakMap<Request, Logger>();
const incomingId = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Gives each request an id (the caller's `X-Request-Id` when it is a plain token, else a new UUID),
 * echoes it in the response, and logs one line when the response ends: method, path without the
 * query string (it may carry a code or a state), status and duration.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('x-request-id');
    const reqId = header !== undefined && incomingId.test(header) ? header : randomUUID();
    const child = logger.child({ reqId });
    loggers.set(req, child);
    res.setHeader('X-Request-Id', reqId);
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      child.info(
        {
          event: 'http.request',
          method: req.method,
          path: `${req.baseUrl}${req.path}`,
          status: res.statusCode,
          ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        },
        'request',
      );
    });
    next();
  };
}

/** The request's logger (with its request id). */
export function logOf(req: Request, fallback: Logger): Logger {
  return loggers.get(req) ?? fallback;
}
