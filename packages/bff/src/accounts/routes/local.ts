import type { Request, Response } from 'express';
import { randomAlphanumeric } from '../../franceconnect/random.js';
import { logOf } from '../../log.js';
import { signInLocally } from '../../session/sign-in.js';
import { updateSessionState } from '../../session/session-middleware.js';
import { normaliseEmail, viewOf, type Account, type LockedIdentity } from '../account.js';
import { AccountConflictError } from '../account-store.js';
import type { AccountsContext } from '../context.js';
import { hashPassword, verifyPassword } from '../password.js';
import { reconciliationKey } from '../reconciliation.js';
import { bodyOf, INVALID_CREDENTIALS, invalid, refuse, tooManyAttempts } from '../respond.js';
import { credentials, localSignUp } from '../schemas.js';

/**
 * Checks local credentials, throttled per account and per address. Every failure answers the same
 * 401 and takes the time of a password check, whether or not the email has an account; too many
 * attempts answer 429 with `Retry-After`. Resolves the account, or `undefined` once answered.
 */
export async function checkCredentials(
  ctx: AccountsContext,
  req: Request,
  res: Response,
  given: { email: string; password: string },
): Promise<Account | undefined> {
  const log = logOf(req, ctx.bff.logger);
  const email = normaliseEmail(given.email);
  const verdict = await ctx.throttle.attempt(email, req.ip);
  if (!verdict.allowed) {
    log.warn({ event: 'sign_in.throttled' }, 'local sign-in throttled');
    tooManyAttempts(res, verdict.retryAfterSeconds);
    return undefined;
  }
  const found = await ctx.store.findCredentials(email);
  if (!found) await ctx.decoy.verify(given.password);
  const check = found
    ? await verifyPassword(given.password, found.passwordHash, ctx.settings.passwordHashing)
    : undefined;
  if (!found || !check?.ok) {
    log.info({ event: 'sign_in.refused', method: 'local' }, 'local sign-in refused');
    refuse(res, 401, 'invalid_credentials', INVALID_CREDENTIALS);
    return undefined;
  }
  await ctx.throttle.succeeded(email);
  if (check.needsRehash) {
    await ctx.store.update(found.account.id, {
      passwordHash: await hashPassword(given.password, ctx.settings.passwordHashing),
      loginEmail: email,
    });
  }
  return found.account;
}

/**
 * `GET /api/csrf`: the CSRF token of this browser's session, created if needed, for the forms a
 * visitor posts before being signed in (local sign-in and sign-up).
 */
export function getCsrfToken() {
  return async (req: Request, res: Response): Promise<void> => {
    const existing = req.session?.franceconnect?.csrfToken;
    const csrfToken =
      existing ?? (await updateSessionState(req, (state) => (state.csrfToken ??= randomAlphanumeric(43))));
    res.json({ csrfToken });
  };
}

/** `POST /auth/local/login` `{ email, password }`: signs in with local credentials. 200 `{ account }`. */
export function postLocalLogin(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = credentials.safeParse(bodyOf(req));
    if (!body.success) {
      invalid(res, body.error);
      return;
    }
    const account = await checkCredentials(ctx, req, res, body.data);
    if (!account) return;
    await signInLocally(ctx.bff, req, { userId: account.id, account: viewOf(account) });
    res.json({ account: viewOf(account) });
  };
}

/**
 * `POST /auth/local/signup` (« Créer mon compte »): an account with local credentials, and optionally
 * the pivot identity the person declares, which only serves to reconcile it with FranceConnect later.
 * Signs in; 201 `{ account }`; 409 naming `email` when another account signs in with it.
 */
export function postLocalSignUp(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = localSignUp.safeParse(bodyOf(req));
    if (!body.success) {
      invalid(res, body.error);
      return;
    }
    // Hashing is costly on purpose: sign-ups count against the address's limit too.
    const verdict = await ctx.throttle.attempt(undefined, req.ip);
    if (!verdict.allowed) {
      tooManyAttempts(res, verdict.retryAfterSeconds);
      return;
    }
    const { email, password, preferred_username, ...declared } = body.data;
    const identity: LockedIdentity | undefined =
      declared.given_name !== undefined &&
      declared.family_name !== undefined &&
      declared.birthdate !== undefined &&
      declared.gender !== undefined &&
      declared.birthcountry !== undefined
        ? {
            given_name: declared.given_name,
            family_name: declared.family_name,
            birthdate: declared.birthdate,
            gender: declared.gender,
            birthplace: declared.birthcountry === '99100' ? (declared.birthplace ?? '') : '',
            birthcountry: declared.birthcountry,
          }
        : undefined;
    let account: Account;
    try {
      account = await ctx.store.create({
        identity,
        identitySource: identity ? 'declared' : undefined,
        reconciliationKey: identity ? reconciliationKey(identity) : undefined,
        preferred_username,
        email,
        passwordHash: await hashPassword(password, ctx.settings.passwordHashing),
        loginEmail: normaliseEmail(email),
      });
    } catch (error) {
      if (!(error instanceof AccountConflictError)) throw error;
      refuse(res, 409, 'email_taken', 'Un compte existe déjà avec cette adresse électronique.', {
        email:
          'Un compte existe déjà avec cette adresse électronique. Connectez-vous, ou utilisez une autre adresse.',
      });
      return;
    }
    await signInLocally(ctx.bff, req, { userId: account.id, account: viewOf(account) });
    logOf(req, ctx.bff.logger).info({ event: 'account.created', method: 'local' }, 'local account created');
    res.status(201).json({ account: viewOf(account) });
  };
}
