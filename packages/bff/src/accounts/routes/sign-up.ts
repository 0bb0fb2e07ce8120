import type { Request, Response } from 'express';
import { logOf } from '../../log.js';
import { lockedIdentityOf, viewOf, type Account } from '../account.js';
import { AccountConflictError } from '../account-store.js';
import type { AccountsContext } from '../context.js';
import { bodyOf, invalid, refuse, UNAUTHENTICATED } from '../respond.js';
import { reconciliationKey } from '../reconciliation.js';
import { credentials, franceConnectSignUp } from '../schemas.js';
import { signedInOf } from '../../session/session-data.js';
import {
  findLinked,
  hasLinkAt,
  isLinkedTo,
  linkAccount,
  linkOfSession,
  newAccountLinks,
} from '../platform-links.js';
import { enterAccount, pendingSignUpOf } from '../session-account.js';
import { checkCredentials } from './local.js';

const NOT_PENDING = 'Aucune inscription FranceConnect en attente : vous avez déjà un compte.';

/** 401 signed out, 409 not pending; otherwise the pending FranceConnect sign-in. */
function requirePending(req: Request, res: Response) {
  const pending = pendingSignUpOf(req);
  if (pending) return pending;
  if (signedInOf(req)) refuse(res, 409, 'no_pending_sign_up', NOT_PENDING);
  else refuse(res, 401, 'unauthenticated', UNAUTHENTICATED);
  return undefined;
}

/**
 * `GET /api/signup` (qualification #10): the identity FranceConnect just verified, for the sign-up
 * form, in the profile's shape: `locked` (the pivot identity, not editable) and `editable`
 * (`preferred_username` and `email`, pre-filled from FranceConnect); and `existingAccount`: with
 * `reconciliation: 'confirm'`, whether a local account declared this identity (qualification #11), so
 * that the page asks for its password rather than creating a second account.
 */
export function getSignUp(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const pending = requirePending(req, res);
    if (!pending) return;
    const locked = lockedIdentityOf(pending.identity);
    const existingAccount =
      ctx.settings.reconciliation === 'confirm' &&
      (await ctx.store.findReconciliationCandidates(reconciliationKey(locked), 1)).length > 0;
    res.json({
      locked,
      editable: {
        preferred_username: pending.identity.preferred_username ?? '',
        email: pending.identity.email ?? '',
      },
      existingAccount,
    });
  };
}

/**
 * `POST /api/signup` `{ email, preferred_username }`: creates the account of the pending FranceConnect
 * identity (keyed by issuer and `sub`), then the session becomes the account's. 201 `{ account }`;
 * 200 when another tab created it meanwhile.
 */
export function postSignUp(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = franceConnectSignUp.safeParse(bodyOf(req));
    if (!body.success) {
      invalid(res, body.error);
      return;
    }
    const pending = requirePending(req, res);
    if (!pending) return;
    const link = linkOfSession(ctx, pending);
    let account: Account | undefined = await findLinked(ctx.store, link);
    const created = account === undefined;
    if (!account) {
      try {
        account = await ctx.store.create({
          ...newAccountLinks(link),
          identity: lockedIdentityOf(pending.identity),
          identitySource: 'franceconnect',
          preferred_username: body.data.preferred_username,
          email: body.data.email,
        });
      } catch (error) {
        if (!(error instanceof AccountConflictError)) throw error;
        account = await findLinked(ctx.store, link);
        if (!account) throw error;
      }
    }
    await enterAccount(ctx.bff, req, account);
    logOf(req, ctx.bff.logger).info(
      { event: created ? 'account.created' : 'account.signed_in' },
      'sign-up completed',
    );
    res.status(created ? 201 : 200).json({ account: viewOf(account) });
  };
}

/**
 * `POST /api/signup/link` `{ email, password }`: « J’ai déjà un compte » (qualification #11). After a
 * FranceConnect sign-in with an unknown identity, the person proves they own a local account; it is
 * linked to that identity and the session becomes the account's. Failures read as a failed sign-in.
 */
export function postSignUpLink(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = credentials.safeParse(bodyOf(req));
    if (!body.success) {
      invalid(res, body.error);
      return;
    }
    const pending = requirePending(req, res);
    if (!pending) return;
    const account = await checkCredentials(ctx, req, res, body.data);
    if (!account) return;
    const link = linkOfSession(ctx, pending);
    let linked: Account | undefined;
    if (isLinkedTo(account, link)) linked = account;
    else if (!hasLinkAt(account, link.platform)) {
      try {
        linked = await linkAccount(ctx.store, account.id, link, lockedIdentityOf(pending.identity));
      } catch (error) {
        if (!(error instanceof AccountConflictError)) throw error;
        refuse(
          res,
          409,
          'identity_already_linked',
          'Cette identité FranceConnect est déjà liée à un autre compte.',
        );
        return;
      }
    }
    if (!linked) {
      refuse(
        res,
        409,
        'account_already_linked',
        'Ce compte est déjà lié à une autre identité FranceConnect.',
      );
      return;
    }
    await enterAccount(ctx.bff, req, linked);
    logOf(req, ctx.bff.logger).info(
      { event: 'account.linked' },
      'FranceConnect identity linked by its owner',
    );
    res.json({ account: viewOf(linked) });
  };
}
