import type { Request, Response } from 'express';
import { logOf } from '../../log.js';
import { normaliseEmail, type Account } from '../account.js';
import { AccountConflictError } from '../account-store.js';
import type { AccountsContext } from '../context.js';
import { bodyOf, invalid, refuse, tooManyAttempts, UNAUTHENTICATED } from '../respond.js';
import { profileChanges } from '../schemas.js';
import { refreshSessionAccount } from '../session-account.js';
import { accountOfRequest } from './require-account.js';

/** The body of `GET /api/profile` and `PATCH /api/profile`. */
export function profileOf(account: Account) {
  return {
    // Only FranceConnect's identity is shown as locked; a declared one serves reconciliation only.
    locked: account.identitySource === 'franceconnect' ? account.identity : null,
    editable: { preferred_username: account.preferred_username, email: account.email },
    franceconnect: account.franceconnect !== null,
    localCredentials: account.hasPassword,
  };
}

/** `GET /api/profile` (qualification #15, #16): `{ locked, editable, franceconnect, localCredentials }`. */
export function getProfile() {
  return (req: Request, res: Response): void => {
    res.json(profileOf(accountOfRequest(req)));
  };
}

/**
 * `PATCH /api/profile` `{ preferred_username?, email? }`: only the fields the person may change
 * (qualification #16). Anything else, a pivot identity field above all, is refused with a 400 naming
 * it, and nothing changes (qualification #15).
 */
export function patchProfile(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = profileChanges.safeParse(bodyOf(req));
    if (!body.success) {
      invalid(res, body.error);
      return;
    }
    const account = accountOfRequest(req);
    const { email, preferred_username } = body.data;
    const changesEmail = email !== undefined && normaliseEmail(email) !== normaliseEmail(account.email);
    // A new email (the sign-in email of an account with a password) needs a recent authentication.
    if (changesEmail && !(await ctx.stepUp.meets(req, res, 'recent-authentication'))) return;
    // A 409 tells that an email has an account: past a few, every email change waits, taken or not.
    const asker = { account: account.id, address: req.ip };
    const wait = changesEmail ? await ctx.lookups.wait(asker) : 0;
    if (wait > 0) {
      tooManyAttempts(res, wait, 'email-change');
      return;
    }
    let updated: Account | undefined;
    try {
      updated = await ctx.store.update(account.id, {
        preferred_username,
        email,
        loginEmail: email === undefined ? undefined : normaliseEmail(email),
      });
    } catch (error) {
      if (!(error instanceof AccountConflictError)) throw error;
      await ctx.lookups.told(asker);
      const message = 'Un autre compte se connecte déjà avec cette adresse électronique.';
      refuse(res, 409, 'email_taken', message, { email: message });
      return;
    }
    if (!updated) {
      refuse(res, 401, 'unauthenticated', UNAUTHENTICATED);
      return;
    }
    await refreshSessionAccount(req, updated);
    logOf(req, ctx.bff.logger).info({ event: 'account.updated' }, 'profile updated');
    res.json(profileOf(updated));
  };
}
