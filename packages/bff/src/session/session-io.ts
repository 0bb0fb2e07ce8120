import type { Request } from 'express';
import { SessionStoreUnavailableError } from './session-store.js';

/**
 * express-session's callback methods as promises, so that a failing store surfaces before the
 * response is sent (503), never after.
 */

function session(req: Request) {
  if (!req.session) throw new SessionStoreUnavailableError('no session: the session store is disconnected');
  return req.session;
}

function settle(resolve: () => void, reject: (error: Error) => void) {
  return (error: unknown) => {
    if (error === undefined || error === null) resolve();
    else
      reject(error instanceof Error ? error : new SessionStoreUnavailableError('the session store failed'));
  };
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => session(req).save(settle(resolve, reject)));
}

/** A new session id, old one destroyed: no session fixation at sign-in or logout. */
export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => session(req).regenerate(settle(resolve, reject)));
}

export function destroySession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => session(req).destroy(settle(resolve, reject)));
}

export function reloadSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => session(req).reload(settle(resolve, reject)));
}
