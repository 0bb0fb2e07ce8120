import type { Request, Response } from 'express';
import { logOf } from '../../log.js';
import { signInLocally } from '../../session/sign-in.js';
import { normaliseEmail, viewOf, type Account, type LockedIdentity } from '../account.js';
import { AccountConflictError } from '../account-store.js';
import type { AccountsContext } from '../context.js';
import { hashPassword, verifyPassword } from '../password.js';
import { passwordProblem } from '../password-policy.js';
import { reconciliationKey } from '../reconciliation.js';
import { bodyOf, INVALID_CREDENTIALS, invalid, refuse, tooManyAttempts } from '../respond.js';
import { credentials, localSignUp } from '../schemas.js';

/**
 * Checks local credentials, throttled per account, per address and per known device (progressive
 * waits, the owner's known device exempt from the others). Every failure answers the same 401 and
 * takes the time of a password check, whether or not the email has an account; an attempt that must
 * wait answers 429 with `Retry-After`. On success, this browser becomes a known device of the account.
 * Resolves the account, or `undefined` once answered.
 */
export async function checkCredentials(
  ctx: AccountsContext,
  req: Request,
  res: Response,
  given: { email: string; password: string },
): Promise<Account | undefined> {
  const log = logOf(req, ctx.bff.logger);
  const email = normaliseEmail(given.email);
  const verdict = await ctx.throttle.attempt({ email, address: req.ip, req });
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
  await ctx.throttle.succeeded({ email, address: req.ip, req, res });
  if (check.needsRehash) {
    await ctx.store.update(found.account.id, {
      passwordHash: await hashPassword(given.password, ctx.settings.passwordHashing),
      loginEmail: email,
    });
  }
  return found.account;
}

/**
 * `GET /api/csrf`: the CSRF token for the forms a visitor posts before being signed in (local sign-in
 * and sign-up): the session's when it has one, else a token bound to an anonymous cookie, which costs
 * no storage (anonymous traffic never fills the session store).
 */
export function getCsrfToken(ctx: AccountsContext) {
  return (req: Request, res: Response): void => {
    const csrfToken = req.session?.franceconnect?.csrfToken ?? ctx.anonymousCsrf.issue(req, res);
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
    const { email, password, preferred_username, ...declared } = body.data;
    // Hashing is costly on purpose: sign-ups count against the address's limit too. A 409 tells an
    // email has an account: past a few, sign-ups from this address wait, taken email or not.
    const asker = { address: req.ip };
    const lookupWait = await ctx.lookups.wait(asker);
    const verdict =
      lookupWait > 0
        ? { allowed: false as const, retryAfterSeconds: lookupWait }
        : await ctx.throttle.attempt({ address: req.ip, req });
    if (!verdict.allowed) {
      tooManyAttempts(res, verdict.retryAfterSeconds, 'sign-up');
      return;
    }
    // After the limits: judging a password costs some CPU (NIST SP 800-63B-4, password-policy.ts).
    const weak = passwordProblem(password, email);
    if (weak !== undefined) {
      refuse(res, 400, 'invalid_request', `password : ${weak}`, { password: weak });
      return;
    }
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
      await ctx.lookups.told(asker);
      refuse(res, 409, 'email_taken', 'Un compte existe déjà avec cette adresse électronique.', {
        email:
          'Un compte existe déjà avec cette adresse électronique. Connectez-vous, ou utilisez une autre adresse.',
      });
      return;
    }
    await signInLocally(ctx.bff, req, { userId: account.id, account: viewOf(account) });
    ctx.throttle.created(req, res, normaliseEmail(email));
    logOf(req, ctx.bff.logger).info({ event: 'account.created', method: 'local' }, 'local account created');
    res.status(201).json({ account: viewOf(account) });
  };
}
