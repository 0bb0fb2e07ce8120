import type { Request } from 'express';
import type { VerifiedAuthorization } from '../franceconnect/finish-login.js';
import { randomAlphanumeric } from '../franceconnect/random.js';
import { logOf } from '../log.js';
import type { SignInDecision } from '../purposes.js';
import type { BffContext } from '../routes/context.js';
import type { FranceConnectSessionState } from './session-data.js';
import { replaceSession } from './session-middleware.js';

/**
 * Signs the browser in: a new session id (the pre-login one is destroyed, so a planted id is worth
 * nothing), holding the verified identity, the raw ID token for the FranceConnect logout and a fresh
 * CSRF token. Attempts pending in other tabs live in their own cookies and are not affected.
 */
export async function signIn(
  ctx: BffContext,
  req: Request,
  authorization: VerifiedAuthorization,
  decision: SignInDecision = {},
): Promise<void> {
  await replaceSession(req, () => {
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
    return state;
  });
  logOf(req, ctx.logger).debug({ event: 'session.signed_in' }, 'session signed in');
}
