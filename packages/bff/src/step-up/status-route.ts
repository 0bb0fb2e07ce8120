import type { Request, Response } from 'express';
import { z } from 'zod';
import { safeReturnTo } from '../return-to.js';
import { signedInOf } from '../session/session-data.js';
import { accountOfSession, type StepUpContext } from './context.js';
import { STEP_UP_MESSAGES } from './guards.js';
import { methodsFor } from './methods.js';
import { maxAgeSchema } from './options.js';
import { recentAuthentication, REQUIREMENTS } from './requirements.js';

const statusQuery = z.object({
  requirement: z.enum(REQUIREMENTS).catch('second-factor'),
  returnTo: z.string().max(2048).optional().catch(undefined),
  maxAge: maxAgeSchema.optional().catch(undefined),
});

/**
 * `GET /api/step-up?requirement=second-factor&returnTo=/path` (what `<franceconnect-step-up>` reads):
 * 200 `{ requirement, satisfied, maxAge, message, methods, returnTo }`, `methods` being what this
 * person can use (`franceconnect`, `franceconnect-plus` with their `href`, `passkey`, `password`);
 * 401 signed out.
 */
export function stepUpStatus(ctx: StepUpContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = statusQuery.parse(req.query);
    const signedIn = signedInOf(req);
    const account = signedIn ? await accountOfSession(ctx, signedIn) : undefined;
    if (!signedIn || (signedIn.account !== null && ctx.accounts !== undefined && !account)) {
      res.status(401).json({ error: 'unauthenticated', message: 'Aucune session : connectez-vous d’abord.' });
      return;
    }
    const maxAge = query.maxAge ?? ctx.settings.maxAge;
    const returnTo = safeReturnTo(query.returnTo, ctx.bff.home);
    res.json({
      requirement: query.requirement,
      satisfied: recentAuthentication(signedIn, query.requirement, maxAge) !== undefined,
      maxAge,
      message: STEP_UP_MESSAGES[query.requirement],
      methods: await methodsFor(ctx, signedIn, account, query.requirement, returnTo),
      returnTo,
    });
  };
}
