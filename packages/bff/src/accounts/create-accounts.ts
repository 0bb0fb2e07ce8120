import express, { type Request, type RequestHandler, type Router } from 'express';
import type { PurposeHandler, SignInHook } from '../purposes.js';
import type { StepUpGuards } from '../step-up/create-step-up.js';
import type { BffContext } from '../context.js';
import type { JsonValue, SignedIn } from '../session/session-data.js';
import { viewOf, type Account } from './account.js';
import type { AccountStore } from './account-store.js';
import type { AccountsContext } from './context.js';
import { mountDefaultPages } from './default-pages.js';
import type { AccountsSettings } from './options.js';
import { DecoyVerifier } from './password.js';
import { deleteAccount, unlinkAccount } from './routes/account.js';
import { completeLink, startLink } from './routes/link.js';
import { getCsrfToken, postLocalLogin, postLocalSignUp } from './routes/local.js';
import {
  assertionOptions,
  confirmWithPasskey,
  listPasskeys,
  registerPasskey,
  registrationOptions,
  removePasskey,
  renamePasskey,
} from './routes/passkeys.js';
import { getProfile, patchProfile } from './routes/profile.js';
import { reauthenticateWithPassword } from './routes/reauthenticate.js';
import { requireAccount } from './routes/require-account.js';
import { getSignUp, postSignUp, postSignUpLink } from './routes/sign-up.js';
import { sessionAccount } from './session-account.js';
import { accountsSignIn } from './sign-in-hook.js';
import { SignInThrottle } from './throttle.js';
import { EmailLookups } from './email-lookups.js';
import type { AnonymousCsrf } from '../http/anonymous-csrf.js';
import { DeviceCookies } from '../limits/device-cookies.js';
import type { LimiterStore } from '../limits/limiter-store.js';
import type { RelyingParty } from './webauthn.js';

/** `bff.accounts`: what an app (or another feature of the BFF) needs of the accounts. */
export interface Accounts {
  /** The account store: yours, or the SQLite one the BFF created (and closes). */
  readonly store: AccountStore;
  /**
   * The account linked to a FranceConnect identity, if any. A feature that runs a FranceConnect
   * authorization for a person signed in with local credentials (data retrieval) uses it to tell
   * whether the identity FranceConnect returned belongs to another account:
   * `owner !== undefined && owner.id !== signedInOf(req)?.userId`. `issuer` is
   * `bff.franceconnect.issuer`.
   */
  findByFranceConnect(issuer: string, sub: string): Promise<Account | undefined>;
  /** The account the request's session is signed in to (after `bff.session`), read afresh. */
  accountOf(req: Request): Promise<Account | undefined>;
  /** `bff.session`, then 401 signed out, 403 without an account (sign-up pending), else `next()`. */
  readonly requireAccount: RequestHandler[];
}

/** The paths the accounts add to the BFF (they get its logging, security headers and `no-store`). */
export const ACCOUNT_PATHS = ['/api/csrf', '/api/signup', '/api/profile', '/api/account', '/api/passkeys'];

export interface AccountsFeature {
  api: Accounts;
  onSignIn: SignInHook;
  linkPurpose: PurposeHandler;
  currentAccount: (signedIn: SignedIn) => Promise<JsonValue | null | undefined>;
  /** Adds the routes to the BFF's router (after its own middleware). */
  mount(router: Router): void;
}

/**
 * The accounts of the BFF: sign-up (#10), local sign-in, reconciliation (#11), deletion (#12) and the
 * profile with its locked pivot identity (#15, #16), wired through the BFF's extension points.
 */
export function createAccounts(
  bff: BffContext,
  settings: AccountsSettings & { store: AccountStore },
  middleware: {
    session: RequestHandler[];
    csrf: RequestHandler;
    form: RequestHandler;
    secret: string;
    anonymousCsrf: AnonymousCsrf;
    /** Where the abuse limits count (shared by the instances). */
    limiters: LimiterStore;
    stepUp: StepUpGuards;
    relyingParty: RelyingParty | undefined;
  },
): AccountsFeature {
  const devices = new DeviceCookies({ secrets: bff.settings.sessionSecret, secure: bff.secureCookie });
  const ctx: AccountsContext = {
    bff,
    store: settings.store,
    settings,
    throttle: new SignInThrottle(middleware.limiters.limiter, middleware.secret, devices, settings.throttle),
    lookups: new EmailLookups(middleware.limiters.limiter, middleware.secret),
    decoy: new DecoyVerifier(settings.passwordHashing),
    anonymousCsrf: middleware.anonymousCsrf,
    session: middleware.session,
    csrf: middleware.csrf,
    body: [express.json({ limit: '16kb' }), middleware.form],
    stepUp: middleware.stepUp,
    relyingParty: middleware.relyingParty,
  };
  const { session, csrf, body } = ctx;
  const guard = requireAccount(ctx);
  const mount = (router: Router) => {
    // Routes under /auth already have the session (the BFF mounts it there).
    router.post('/auth/local/signup', ...body, csrf, postLocalSignUp(ctx));
    router.post('/auth/local/login', ...body, csrf, postLocalLogin(ctx));
    router.get('/auth/link', startLink(ctx));
    router.get('/api/csrf', ...session, getCsrfToken(ctx));
    router.get('/api/signup', ...session, getSignUp(ctx));
    router.post('/api/signup', ...session, ...body, csrf, postSignUp(ctx));
    router.post('/api/signup/link', ...session, ...body, csrf, postSignUpLink(ctx));
    router.get('/api/profile', ...session, guard, getProfile());
    router.patch('/api/profile', ...session, ...body, csrf, guard, patchProfile(ctx));
    // Sensitive acts: a recent authentication of the same person, not just a live session.
    const recent = ctx.stepUp.require('recent-authentication');
    router.delete('/api/account', ...session, ...body, csrf, guard, recent, deleteAccount(ctx, 'json'));
    router.post(
      '/api/account/delete',
      ...session,
      ...body,
      csrf,
      guard,
      recent,
      deleteAccount(ctx, 'redirect'),
    );
    router.post('/api/account/unlink', ...session, ...body, csrf, guard, recent, unlinkAccount(ctx));
    router.post('/auth/reauthenticate/password', ...body, csrf, reauthenticateWithPassword(ctx));
    if (ctx.relyingParty) {
      // Passkeys, a second factor (qualification #22): managed on the profile, proven for a step-up.
      router.get('/api/passkeys', ...session, guard, listPasskeys(ctx));
      router.post('/api/passkeys/options', ...session, ...body, csrf, guard, registrationOptions(ctx));
      router.post('/api/passkeys', ...session, ...body, csrf, guard, registerPasskey(ctx));
      router.patch('/api/passkeys/:id', ...session, ...body, csrf, guard, renamePasskey(ctx));
      router.delete('/api/passkeys/:id', ...session, ...body, csrf, guard, removePasskey(ctx));
      router.post('/api/step-up/passkey/options', ...session, ...body, csrf, guard, assertionOptions(ctx));
      router.post('/api/step-up/passkey', ...session, ...body, csrf, guard, confirmWithPasskey(ctx));
    }
    // The sign-up and profile pages, while the site has none of its own.
    mountDefaultPages(router, ctx);
  };
  return {
    api: {
      store: ctx.store,
      findByFranceConnect: (issuer, sub) => ctx.store.findByFranceConnect(issuer, sub),
      accountOf: (req) => sessionAccount(req, ctx.store),
      requireAccount: [...session, guard],
    },
    onSignIn: accountsSignIn(ctx),
    linkPurpose: completeLink(ctx),
    currentAccount: async (signedIn) => {
      if (signedIn.account === null) return null;
      const account = await ctx.store.findById(signedIn.userId);
      return account ? viewOf(account) : undefined;
    },
    mount,
  };
}
