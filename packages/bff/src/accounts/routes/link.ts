import type { Request, Response } from 'express';
import { z } from 'zod';
import type { VerifiedAuthorization } from '../../franceconnect/finish-login.js';
import { sendProblem } from '../../http/respond.js';
import type { PurposeContext } from '../../purposes.js';
import { startAuthorization } from '../../routes/login.js';
import { lockedIdentityOf, viewOf, type Account } from '../account.js';
import { AccountConflictError } from '../account-store.js';
import { LINK_PURPOSE, type AccountsContext } from '../context.js';
import { ACCOUNT_PAGES } from '../pages.js';
import { sessionAccount } from '../session-account.js';

const linkQuery = z.object({ returnTo: z.string().max(2048).optional() });

/**
 * `GET /auth/link?returnTo=/profil` (« Lier mon compte FranceConnect », qualification #11): a person
 * signed in to an account not linked yet signs in with FranceConnect; the callback links that
 * identity to the account. 302 to FranceConnect.
 */
export function startLink(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const account = await sessionAccount(req, ctx.store);
    if (!account) {
      sendProblem(req, res, {
        status: 401,
        code: 'unauthenticated',
        page: ACCOUNT_PAGES.signInFirst(ctx.bff.home),
      });
      return;
    }
    if (account.franceconnect) {
      sendProblem(req, res, {
        status: 409,
        code: 'account_already_linked',
        page: ACCOUNT_PAGES.alreadyLinked(ctx.settings.profilePage),
      });
      return;
    }
    const query = linkQuery.safeParse(req.query);
    const url = await startAuthorization(ctx.bff, req, {
      purpose: LINK_PURPOSE,
      returnTo: (query.success ? query.data.returnTo : undefined) ?? ctx.settings.profilePage,
    });
    res.redirect(302, url.href);
  };
}

/**
 * Completes « Lier mon compte FranceConnect »: links the verified identity to the account the session
 * is signed in to, unless another account holds it, then signs in with FranceConnect (so that logging
 * out also ends the FranceConnect session) and goes back to `returnTo`.
 */
export function completeLink(ctx: AccountsContext) {
  return async (authorization: VerifiedAuthorization, context: PurposeContext): Promise<void> => {
    const { req, res } = context;
    const profile = ctx.settings.profilePage;
    const account = await sessionAccount(req, ctx.store);
    if (!account) {
      sendProblem(req, res, {
        status: 401,
        code: 'unauthenticated',
        page: ACCOUNT_PAGES.signInFirst(ctx.bff.home),
      });
      return;
    }
    const link = { issuer: ctx.bff.franceconnect.issuer, sub: authorization.identity.sub };
    const owner = await ctx.store.findByFranceConnect(link.issuer, link.sub);
    let linked: Account | undefined = owner?.id === account.id ? owner : undefined;
    let taken = owner !== undefined && owner.id !== account.id;
    if (!owner) {
      try {
        linked = await ctx.store.link(account.id, link, lockedIdentityOf(authorization.identity));
      } catch (error) {
        if (!(error instanceof AccountConflictError)) throw error;
        taken = true; // linked to another account by a concurrent sign-in
      }
    }
    if (!linked) {
      sendProblem(req, res, {
        status: 409,
        code: taken ? 'identity_already_linked' : 'account_already_linked',
        page: taken ? ACCOUNT_PAGES.identityTaken(profile) : ACCOUNT_PAGES.alreadyLinked(profile),
      });
      return;
    }
    await context.signIn({ userId: linked.id, account: viewOf(linked) });
    context.logger.info(
      { event: 'account.linked' },
      'FranceConnect identity linked to the signed-in account',
    );
    res.redirect(303, authorization.transaction.returnTo);
  };
}
