import type { Request, Response } from 'express';
import { withNotice } from '../../http/notices.js';
import { logOf } from '../../log.js';
import { platformSessionsOf, startPlatformLogout } from '../../routes/platform-logouts.js';
import { saveSession } from '../../session/session-io.js';
import { renewSession } from '../../session/session-middleware.js';
import { viewOf } from '../account.js';
import type { AccountsContext } from '../context.js';
import { refuse } from '../respond.js';
import { signedInOf } from '../../session/session-data.js';
import { refreshSessionAccount } from '../session-account.js';
import { accountOfRequest } from './require-account.js';

/**
 * `DELETE /api/account` (scripts: 200 `{ redirect }`) and `POST /api/account/delete` (forms: 303),
 * qualification #12: deletes the account, ends every session of its owner on every device (this one
 * included, and those of a sign-up pending for its FranceConnect identity), then leads to
 * FranceConnect's logout when this session came through FranceConnect; home otherwise, with
 * `?notice=account-deleted`.
 */
export function deleteAccount(ctx: AccountsContext, answer: 'json' | 'redirect') {
  return async (req: Request, res: Response): Promise<void> => {
    const log = logOf(req, ctx.bff.logger);
    const account = accountOfRequest(req);
    const platformSessions = platformSessionsOf(signedInOf(req));
    await ctx.store.delete(account.id);
    let ended = await ctx.bff.store.destroyAllForUser(account.id);
    // Sign-ups pending for its FranceConnect or FranceConnect+ identity are signed in under its `sub`.
    const subs = [account.franceconnect?.sub, account.franceconnectPlus?.sub].filter(
      (sub): sub is string => sub !== undefined,
    );
    for (const sub of subs) ended += await ctx.bff.store.destroyAllForUser(sub);
    // What those sessions retrieved with FranceConnect goes with them.
    await ctx.bff.userSessionsEnded?.(account.id);
    for (const sub of subs) await ctx.bff.userSessionsEnded?.(sub);
    log.info({ event: 'account.deleted', sessions: ended }, 'account deleted, its sessions ended');

    const home = withNotice(ctx.bff.home, 'account-deleted');
    let location = home;
    await renewSession(req);
    // The FranceConnect sessions this one opened end too (qualification #12), then home with the notice.
    const { endSession, unreachable } = await startPlatformLogout(ctx.bff, platformSessions, log);
    if (endSession) {
      req.session.franceconnect = {
        logout: {
          state: endSession.state,
          createdAt: Date.now(),
          notice: 'account-deleted',
          next: endSession.next,
        },
      };
      await saveSession(req);
      location = endSession.url.href;
    } else if (unreachable) {
      location = withNotice(ctx.bff.home, 'account-deleted-franceconnect-unreachable');
    }
    if (answer === 'json') res.json({ redirect: location });
    else res.redirect(303, location);
  };
}

/**
 * `POST /api/account/unlink`: removes the FranceConnect link (and the identity it certified), only
 * when the account has local credentials to sign in with afterwards. 200 `{ account }`.
 */
export function unlinkAccount(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const account = accountOfRequest(req);
    if (!account.franceconnect) {
      refuse(res, 409, 'not_linked', 'Ce compte n’est pas lié à FranceConnect.');
      return;
    }
    if (!account.hasPassword) {
      refuse(
        res,
        409,
        'no_local_credentials',
        'Ce compte n’a pas de mot de passe : sans FranceConnect, vous ne pourriez plus vous y connecter.',
      );
      return;
    }
    const unlinked = await ctx.store.unlink(account.id);
    if (!unlinked) {
      refuse(res, 401, 'unauthenticated', 'Ce compte n’existe plus.');
      return;
    }
    await refreshSessionAccount(req, unlinked);
    logOf(req, ctx.bff.logger).info({ event: 'account.unlinked' }, 'FranceConnect identity unlinked');
    res.json({ account: viewOf(unlinked) });
  };
}
