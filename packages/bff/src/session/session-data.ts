import type { Acr } from '../config.js';
import type { PivotIdentity } from '../franceconnect/identity.js';
import type { NoticeCode } from '../http/notices.js';

/** A JSON value, as a session store can keep it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What a signed-in session holds, server-side only. */
export interface SignedIn {
  identity: PivotIdentity;
  /** The raw ID token, only ever sent back to FranceConnect as `id_token_hint` at logout. */
  idToken: string;
  acr: Acr;
  /** Epoch milliseconds; the absolute lifetime counts from here. */
  signedInAt: number;
  /** Whose session this is, for ending every session of a user: the account id, else the `sub`. */
  userId: string;
  /** What `onSignIn` attached (the accounts feature puts the account here); `null` otherwise. */
  account: JsonValue | null;
}

/** The BFF's part of an express-session session, under one key so it never meets the app's own. */
export interface FranceConnectSessionState {
  signedIn?: SignedIn;
  /** Required on every state-changing request (X-CSRF-Token header or `_csrf` field). */
  csrfToken?: string;
  /** A FranceConnect logout under way: the `state` its callback must bring back. */
  logout?: { state: string; createdAt: number; notice?: NoticeCode | undefined };
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
