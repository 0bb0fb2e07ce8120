import type { Request } from 'express';
import { randomAlphanumeric } from '../franceconnect/random.js';
import { signedInOf, type SignedIn } from '../session/session-data.js';
import { replaceSession, updateSessionState } from '../session/session-middleware.js';
import type { BffContext } from '../context.js';
import { viewOf, type Account } from './account.js';
import type { AccountStore } from './account-store.js';

/** A FranceConnect sign-in without an account yet: the sign-up is pending. */
export function pendingSignUpOf(req: Request): Extract<SignedIn, { method: 'franceconnect' }> | undefined {
  const signedIn = signedInOf(req);
  return signedIn?.method === 'franceconnect' && signedIn.account === null ? signedIn : undefined;
}

/** The account this session is signed in to, read afresh (`undefined` when none, or deleted meanwhile). */
export async function sessionAccount(req: Request, store: AccountStore): Promise<Account | undefined> {
  const signedIn = signedInOf(req);
  if (!signedIn || signedIn.account === null) return undefined;
  return store.findById(signedIn.userId);
}

/**
 * The session becomes the account's (sign-up completed, existing account linked): a new session id
 * and CSRF token for the new privileges, the FranceConnect identity and ID token kept for the logout,
 * and what the session retrieved with FranceConnect while the sign-up was pending.
 */
export async function enterAccount(ctx: BffContext, req: Request, account: Account): Promise<void> {
  const previous = { sessionId: req.sessionID, userId: signedInOf(req)?.userId };
  await replaceSession(req, (state) => {
    if (!state.signedIn) throw new Error('the session was signed out meanwhile');
    const previousUser = state.signedIn.userId;
    return {
      signedIn: {
        ...state.signedIn,
        userId: account.id,
        account: viewOf(account),
        // The same person's authentications, now the account's (signing up right after signing in is recent).
        authentications: state.signedIn.authentications?.map((event) =>
          event.userId === previousUser ? { ...event, userId: account.id } : event,
        ),
      },
      csrfToken: randomAlphanumeric(43),
    };
  });
  if (previous.userId !== undefined)
    await ctx.sessionContinued?.(req, { sessionId: previous.sessionId, userId: previous.userId });
}

/** Keeps the session's copy of the account (what `signedInOf(req).account` gives apps) up to date. */
export async function refreshSessionAccount(req: Request, account: Account): Promise<void> {
  await updateSessionState(req, (state) => {
    if (state.signedIn && state.signedIn.userId === account.id) state.signedIn.account = viewOf(account);
  });
}
