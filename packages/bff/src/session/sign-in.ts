import type { Request } from 'express';
import type { VerifiedAuthorization } from '../franceconnect/finish-login.js';
import { randomAlphanumeric } from '../franceconnect/random.js';
import { logOf } from '../log.js';
import type { SignInDecision } from '../purposes.js';
import type { BffContext } from '../routes/context.js';
import type { FranceConnectSessionState } from './session-data.js';
import { replaceSession } from './session-middleware.js';
import { addTransaction, pendingTransactions } from './transactions.js';

/**
 * Signs the browser in: a new session id (the pre-login one is destroyed, so a planted id is worth
 * nothing), holding the verified identity, the raw ID token for the FranceConnect logout, a fresh
 * CSRF token, and the attempts of other tabs still pending.
 */
export async function signIn(
  ctx: BffContext,
  req: Request,
  authorization: VerifiedAuthorization,
  decision: SignInDecision = {},
): Promise<void> {
  const previousId = req.sessionID;
  await replaceSession(req, (previous) => {
    const state: FranceConnectSessionState = {
      signedIn: {
        identity: authorization.identity,
        idToken: authorization.idToken,
        acr: authorization.acr,
        signedInAt: Date.now(),
        userId: decision.userId ?? authorization.identity.sub,
        account: decision.account ?? null,
      },
      csrfToken: randomAlphanumeric(43),
    };
    for (const transaction of pendingTransactions(previous)) addTransaction(state, transaction);
    return state;
  });
  // What the previous session retrieved stays with it: a sign-in starts afresh.
  await ctx.sessionEnded?.(previousId);
  logOf(req, ctx.logger).debug({ event: 'session.signed_in' }, 'session signed in');
}
