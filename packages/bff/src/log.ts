import { randomUUID } from 'node:crypto';
import { openSync } from 'node:fs';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { pino, type Logger as PinoLogger } from 'pino';

/** The BFF logs with pino (JSON lines). It never logs tokens, codes, cookies or identity data. */
export type Logger = PinoLogger;

/**
 * The default logger: JSON lines on stdout (or `destination`, a file descriptor or a file appended
 * to), buffered up to 4 KB and flushed every 100 ms and at exit, so that a busy server does not pay one
 * write system call per line. A file is opened at once: a process that exits right after starting
 * still writes its lines (pino cannot flush a destination still being opened), and a path that cannot
 * be written fails here, with its reason, not later.
 */
export function createLogger(level = 'info', destination: string | number = 1): Logger {
  const fd = typeof destination === 'string' ? openSync(destination, 'a', 0o600) : destination;
  return pino(
    { level, base: { service: 'franceconnect-bff' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: fd, sync: false, minLength: 4096, periodicFlush: 100 }),
  );
}

const requests = new WeakMap<Request, { reqId: string; logger?: Logger }>();
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
    requests.set(req, { reqId });
    res.setHeader('X-Request-Id', reqId);
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      logger.info(
        {
          reqId,
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

/** The request's logger: every line carries the request id. */
export function logOf(req: Request, fallback: Logger): Logger {
  const context = requests.get(req);
  if (!context) return fallback;
  context.logger ??= fallback.child({ reqId: context.reqId });
  return context.logger;
}
