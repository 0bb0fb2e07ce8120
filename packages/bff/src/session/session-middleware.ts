import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import { randomAlphanumeric } from '../franceconnect/random.js';
import type { FranceConnectSessionState } from './session-data.js';
import { regenerateSession, reloadSession, saveSession } from './session-io.js';
import { KeyedLock } from './session-lock.js';
import { SessionStoreUnavailableError, type SessionStore } from './session-store.js';

export interface SessionOptions {
  store: SessionStore;
  secrets: string[];
  /** https public URL: `__Host-` cookie, `Secure`. */
  secure: boolean;
  idleTimeoutSeconds: number;
  absoluteTimeoutSeconds: number;
}

/** The session cookie's name: `__Host-` on https (no Domain, Path=/, Secure, enforced by browsers). */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-bff_session' : 'bff_session';
}

const stored = new WeakSet<Request>();

/**
 * express-session with the cookie of security.md: HttpOnly, Secure on https, SameSite=Lax (a Strict
 * cookie would not come back on FranceConnect's cross-site redirect), Path=/, no Domain, an opaque
 * signed id only. The idle timeout is the cookie's and the store's expiry, renewed on every request
 * (`rolling`); the absolute lifetime counts from sign-in and ends the session whatever the activity.
 */
export function sessionMiddleware(options: SessionOptions): RequestHandler[] {
  const handle = session({
    name: sessionCookieName(options.secure),
    secret: options.secrets,
    // 43 random letters and digits (256 bits), from the same pool as state and nonce.
    genid: () => randomAlphanumeric(43),
    store: options.store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      secure: options.secure,
      sameSite: 'lax',
      path: '/',
      maxAge: options.idleTimeoutSeconds * 1000,
    },
  });
  const absoluteMs = options.absoluteTimeoutSeconds * 1000;
  const lifetimes = (req: Request, _res: Response, next: NextFunction) => {
    const state = req.session?.franceconnect;
    if (state) stored.add(req);
    if (state?.signedIn && Date.now() - state.signedIn.signedInAt >= absoluteMs) {
      renewSession(req).then(() => next(), next);
      return;
    }
    next();
  };
  return [handle, lifetimes];
}

const lock = new KeyedLock();

/** Re-reads a stored session (another request may have changed it); one that vanished becomes a new one. */
async function freshen(req: Request): Promise<void> {
  if (!stored.has(req)) return;
  try {
    await reloadSession(req);
  } catch (error) {
    if (error instanceof SessionStoreUnavailableError) throw error;
    await renewSession(req); // destroyed meanwhile (logout in another tab): start afresh
  }
}

/** Replaces the session with an empty one under a new id; the old id is destroyed in the store. */
export async function renewSession(req: Request): Promise<void> {
  await regenerateSession(req);
  stored.delete(req);
}

/**
 * Changes the BFF's part of the session and saves it before returning: serialised per session, from
 * a fresh read when the session already existed, so that concurrent requests of one browser (tabs)
 * do not overwrite each other's changes within a process.
 */
export async function updateSessionState<T>(
  req: Request,
  change: (state: FranceConnectSessionState) => T,
): Promise<T> {
  if (!req.session) throw new SessionStoreUnavailableError('no session: the session store is disconnected');
  const update = async () => {
    await freshen(req);
    const state = (req.session.franceconnect ??= {});
    const result = change(state);
    await saveSession(req);
    return result;
  };
  // A session created by this request has an id no other request knows yet: nothing to serialise.
  return stored.has(req) ? lock.run(req.sessionID, update) : update();
}

/**
 * Replaces the session by a new one (new id, old one destroyed) whose BFF state is built from the
 * previous one, read fresh under the same per-session lock as `updateSessionState`.
 */
export async function replaceSession(
  req: Request,
  build: (previous: FranceConnectSessionState) => FranceConnectSessionState,
): Promise<void> {
  if (!req.session) throw new SessionStoreUnavailableError('no session: the session store is disconnected');
  await lock.run(req.sessionID, async () => {
    await freshen(req);
    const next = build(req.session.franceconnect ?? {});
    await renewSession(req);
    req.session.franceconnect = next;
    await saveSession(req);
  });
}
