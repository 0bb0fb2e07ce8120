import type { Request } from 'express';
import type { Acr } from '../config.js';
import type { PivotIdentity } from '../franceconnect/identity.js';
import type { Platform } from '../franceconnect/platform.js';
import type { NoticeCode } from '../notices.js';
import type { AuthenticationEvent } from './authentications.js';

/** A JSON value, as a session store can keep it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

interface SignedInBase {
  /** Epoch milliseconds; the absolute lifetime counts from here. */
  signedInAt: number;
  /** Whose session this is, for ending every session of a user: the account id, else the `sub`. */
  userId: string;
  /** What `onSignIn` attached (the accounts feature puts the account here); `null` otherwise. */
  account: JsonValue | null;
  /** The sign-in, then each re-authentication and second factor, latest last (sensitive acts read them). */
  authentications?: AuthenticationEvent[] | undefined;
  /**
   * The raw ID tokens of the sessions this browser opened at a FranceConnect platform after signing
   * in (a re-authentication, a FranceConnect+ second factor), other than the sign-in's own: the logout
   * ends them too (qualification #9).
   */
  platformSessions?: Partial<Record<Platform, string>> | undefined;
}

/** Signed in through FranceConnect: the verified identity and the ID token for the logout. */
export interface FranceConnectSignedIn extends SignedInBase {
  method: 'franceconnect';
  identity: PivotIdentity;
  /** The raw ID token, only ever sent back to FranceConnect as `id_token_hint` at logout. */
  idToken: string;
  acr: Acr;
  /** `franceconnect-plus` for a sign-in through FranceConnect+; absent for FranceConnect. */
  platform?: Platform | undefined;
}

/** Signed in with the service's own credentials (accounts): no FranceConnect identity in this session. */
export interface LocalSignedIn extends SignedInBase {
  method: 'local';
  identity: null;
  idToken: null;
  acr: null;
}

/** What a signed-in session holds, server-side only. */
export type SignedIn = FranceConnectSignedIn | LocalSignedIn;

/** The BFF's part of an express-session session, under one key so it never meets the app's own. */
export interface FranceConnectSessionState {
  signedIn?: SignedIn;
  /** Required on every state-changing request (X-CSRF-Token header or `_csrf` field). */
  csrfToken?: string;
  /** A FranceConnect logout under way: the `state` its callback must bring back. */
  logout?: {
    state: string;
    createdAt: number;
    notice?: NoticeCode | undefined;
    /** A second platform's session to end after this one (FranceConnect+ used for a second factor). */
    next?: { platform: Platform; idToken: string } | undefined;
  };
  /** A passkey ceremony under way: its challenge, single use, short-lived. */
  webauthn?: { challenge: string; purpose: 'registration' | 'authentication'; createdAt: number } | undefined;
}

declare module 'express-session' {
  interface SessionData {
    franceconnect: FranceConnectSessionState;
  }
}

/** The user a stored session belongs to, for the stores' per-user index. */
export function sessionUserId(session: unknown): string | undefined {
  if (typeof session !== 'object' || session === null) return undefined;
  const state = (session as { franceconnect?: FranceConnectSessionState }).franceconnect;
  const userId = state?.signedIn?.userId;
  return typeof userId === 'string' && userId.length > 0 ? userId : undefined;
}

/** The signed-in part of the BFF's session on this request, if any (after `bff.session`). */
export function signedInOf(req: Request): SignedIn | undefined {
  return req.session?.franceconnect?.signedIn;
}
