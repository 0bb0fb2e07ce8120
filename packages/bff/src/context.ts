import type { Request } from 'express';
import type { BffSettings } from './config.js';
import type { FranceConnectClient } from './franceconnect/discovery.js';
import type { Platform } from './franceconnect/platform.js';
import type { FranceConnectPlus } from './franceconnect-plus/franceconnect-plus.js';
import type { Transaction } from './franceconnect/start-login.js';
import type { PageOverrides } from './http/respond.js';
import type { Logger } from './log.js';
import type { PurposeHandler, SignInHook } from './purposes.js';
import type { JsonValue, SignedIn } from './session/session-data.js';
import type { SessionStore } from './session/session-store.js';
import type { TransactionCookies } from './session/transaction-cookies.js';

/** What every route of one BFF shares. */
export interface BffContext {
  settings: BffSettings;
  franceconnect: FranceConnectClient;
  /** FranceConnect+, when the service uses it (a second registration, encrypted answers). */
  franceconnectPlus?: FranceConnectPlus | undefined;
  store: SessionStore;
  /** Pending authorization attempts, kept in sealed cookies until their callback. */
  transactions: TransactionCookies;
  logger: Logger;
  /** `PUBLIC_URL/auth/callback`, built from configuration, never from request headers. */
  redirectUri: string;
  /** `PUBLIC_URL/auth/logout/callback`. */
  postLogoutRedirectUri: string;
  publicOrigin: string;
  secureCookie: boolean;
  /** Where the browser goes home (notices are added to it). */
  home: string;
  pages: PageOverrides;
  onSignIn: SignInHook | undefined;
  purposes: ReadonlyMap<string, PurposeHandler>;
  /** With accounts: the session's account read afresh for `/api/me` (`undefined`: it no longer exists). */
  currentAccount: ((signedIn: SignedIn) => Promise<JsonValue | null | undefined>) | undefined;
  /** Called with a session's id when it ends (logout, a new sign-in): forgets what it retrieved. */
  sessionEnded?: ((sessionId: string) => Promise<void>) | undefined;
  /** Called with a user id when all their sessions end (account deletion): forgets what they retrieved. */
  userSessionsEnded?: ((userId: string) => Promise<void>) | undefined;
  /**
   * Called when the same person's session goes on under a new id and user id (a pending sign-up that
   * becomes an account): what the previous session retrieved follows it.
   */
  sessionContinued?:
    ((req: Request, previous: { sessionId: string; userId: string }) => Promise<void>) | undefined;
  /** With data retrieval: the data a sign-in retrieves with its own authorization. */
  signInData?: SignInData | undefined;
}

/** Data retrieved with the sign-in itself (the first moment of « API FranceConnectées »). */
export interface SignInData {
  /**
   * The data scopes a sign-in adds to its authorization: those of the APIs `/auth/login?apis=` names,
   * each one this service may retrieve, else those of `signInDataApis`. `problems` name, in French,
   * what is wrong with `apis` (then nothing starts).
   */
  scopesFor(apis: string | undefined): { scopes: string[]; problems: string[] };
  /** What retrieves the data a sign-in's transaction asks for; `undefined` when it asks for none. */
  begin(transaction: Transaction, logger: Logger): SignInRetrieval | undefined;
}

export interface SignInRetrieval {
  /** Calls the APIs at once, with the access token just verified (beside userinfo). */
  tokenReceived: (accessToken: string) => void;
  /**
   * Once the session is signed in: keeps what came back for it; resolves with the notice code of the
   * first failure, if any. Never rejects: a failure of the data never fails the sign-in.
   */
  finish(req: Request): Promise<string | undefined>;
}

/** The client of a platform the service uses; throws for FranceConnect+ when it is off. */
export function clientOf(ctx: BffContext, platform: Platform = 'franceconnect'): FranceConnectClient {
  if (platform === 'franceconnect') return ctx.franceconnect;
  if (!ctx.franceconnectPlus) throw new TypeError('FranceConnect+ is not configured (franceconnectPlus)');
  return ctx.franceconnectPlus.client;
}
