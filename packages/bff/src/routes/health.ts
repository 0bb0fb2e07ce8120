import type { Request, Response } from 'express';
import type { BffContext } from '../context.js';

/** `GET /healthz`: 200 while the session store answers, 503 otherwise. Needs no session. */
export function health(ctx: BffContext) {
  return async (_req: Request, res: Response): Promise<void> => {
    try {
      await ctx.store.ping();
      res.json({ status: 'ok', sessionStore: ctx.store.kind });
    } catch {
      res.status(503).json({ status: 'unavailable', sessionStore: ctx.store.kind });
    }
  };
}
