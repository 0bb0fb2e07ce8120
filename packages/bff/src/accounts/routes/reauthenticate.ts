import type { Request, Response } from 'express';
import { z } from 'zod';
import { logOf } from '../../log.js';
import { safeReturnTo } from '../../return-to.js';
import { recordAuthentication } from '../../session/authentications.js';
import { signedInOf } from '../../session/session-data.js';
import type { AccountsContext } from '../context.js';
import { bodyOf, invalid, refuse, UNAUTHENTICATED } from '../respond.js';
import { sessionAccount } from '../session-account.js';
import { checkCredentials } from './local.js';

const body = z.strictObject({
  password: z
    .string({ error: 'Saisissez votre mot de passe.' })
    .min(1, 'Saisissez votre mot de passe.')
    .max(256, 'Le mot de passe est trop long (256 caractères au plus).'),
  returnTo: z.string().max(2048).optional(),
});

/**
 * `POST /auth/reauthenticate/password` `{ password, returnTo? }`: the signed-in person confirms who they
 * are with their account's password (a recent authentication), throttled like a sign-in. 200
 * `{ redirect }` (`returnTo`); 401 `invalid_credentials`, 429 as a sign-in; 409 without a password.
 */
export function reauthenticateWithPassword(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = body.safeParse(bodyOf(req));
    if (!parsed.success) {
      invalid(res, parsed.error);
      return;
    }
    const account = await sessionAccount(req, ctx.store);
    const signedIn = signedInOf(req);
    if (!account || !signedIn) {
      refuse(res, 401, 'unauthenticated', UNAUTHENTICATED);
      return;
    }
    if (!account.hasPassword) {
      refuse(res, 409, 'no_local_credentials', 'Votre compte n’a pas de mot de passe.');
      return;
    }
    const checked = await checkCredentials(ctx, req, res, {
      email: account.email,
      password: parsed.data.password,
    });
    if (!checked) return;
    if (checked.id !== account.id) {
      // The account's email changed meanwhile to another's: nothing is confirmed.
      refuse(res, 401, 'invalid_credentials', 'Mot de passe incorrect.');
      return;
    }
    await recordAuthentication(req, { method: 'password', at: Date.now(), userId: signedIn.userId });
    logOf(req, ctx.bff.logger).info({ event: 'step_up.completed', method: 'password' }, 'identity confirmed');
    res.json({ redirect: safeReturnTo(parsed.data.returnTo, ctx.bff.home) });
  };
}
