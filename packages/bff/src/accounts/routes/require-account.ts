import type { NextFunction, Request, Response } from 'express';
import type { Account } from '../account.js';
import type { AccountsContext } from '../context.js';
import { NO_ACCOUNT, refuse, UNAUTHENTICATED } from '../respond.js';
import { signedInOf } from '../../session/session-data.js';
import { sessionAccount } from '../session-account.js';

const accounts = new WeakMap<Request, Account>();

/** The account `requireAccount` found for this request. */
export function accountOfRequest(req: Request): Account {
  const account = accounts.get(req);
  if (!account) throw new Error('requireAccount must run first');
  return account;
}

/** 401 signed out, 403 signed in without an account (sign-up pending); otherwise the account, read afresh. */
export function requireAccount(ctx: AccountsContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const account = await sessionAccount(req, ctx.store);
    if (account) {
      accounts.set(req, account);
      next();
      return;
    }
    if (signedInOf(req)?.account === null) refuse(res, 403, 'no_account', NO_ACCOUNT);
    else refuse(res, 401, 'unauthenticated', UNAUTHENTICATED);
  };
}
