import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { withNotice } from '../http/notices.js';
import { wantsJson } from '../http/respond.js';
import { logOf } from '../log.js';
import { destroySession, saveSession } from '../session/session-io.js';
import { renewSession, updateSessionState } from '../session/session-middleware.js';
import type { BffContext } from '../context.js';
import { platformSessionsOf, startPlatformLogout } from './platform-logouts.js';

/** FranceConnect must bring the logout back within this delay. */
const LOGOUT_TTL_MS = 15 * 60 * 1000;

function redirect(req: Request, res: Response, location: string): void {
  // A script calling the API gets the next location to navigate to; a form post gets a 303.
  if (wantsJson(req)) res.json({ redirectTo: location });
  else res.redirect(303, location);
}

/**
 * `POST /auth/logout` (CSRF-protected): destroys the local session (its cookie is dead from now on)
 * and sends the browser to FranceConnect's end-session endpoint (qualification #9), whose answer the
 * logout callback checks. Without a FranceConnect session (signed out, or signed in with local
 * credentials), a local logout only; with FranceConnect unreachable, a local logout and a notice
 * (`logout-franceconnect-unreachable`).
 */
export function logout(ctx: BffContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const log = logOf(req, ctx.logger);
    const signedIn = req.session?.franceconnect?.signedIn;
    // Retrieved data ends with the session (FranceConnect: keep no more than needed).
    if (req.session) await ctx.sessionEnded?.(req.sessionID);
    // The sign-in's FranceConnect session, then any other platform's it opened (a second factor).
    // Not to a dead host: with FranceConnect down, the logout is local, and the person is told.
    const { endSession, unreachable } = await startPlatformLogout(ctx, platformSessionsOf(signedIn), log);
    if (!endSession) {
      await destroySession(req);
      log.info({ event: 'logout.local' }, 'signed out locally');
      redirect(req, res, unreachable ? withNotice(ctx.home, 'logout-franceconnect-unreachable') : ctx.home);
      return;
    }
    await renewSession(req);
    req.session.franceconnect = {
      logout: { state: endSession.state, createdAt: Date.now(), next: endSession.next },
    };
    await saveSession(req);
    log.info({ event: 'logout.started' }, 'signed out locally, now at FranceConnect');
    redirect(req, res, endSession.url.href);
  };
}

const callbackQuery = z.object({ state: z.string().max(256).optional() });

/**
 * `GET /auth/logout/callback?state=…`: FranceConnect's return after logout. The `state` must be the
 * one sent; only then is the pending logout cleared (a forged request changes nothing).
 */
export function logoutCallback(ctx: BffContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const log = logOf(req, ctx.logger);
    const pending = req.session?.franceconnect?.logout;
    const parsed = callbackQuery.safeParse(req.query);
    const state = parsed.success ? parsed.data.state : undefined;
    if (!pending) {
      res.redirect(303, ctx.home);
      return;
    }
    const valid =
      state !== undefined &&
      sameSecret(pending.state, state) &&
      Date.now() - pending.createdAt < LOGOUT_TTL_MS;
    if (!valid) {
      log.warn(
        { event: 'logout.rejected', reason: state === undefined ? 'missing_state' : 'unknown_state' },
        'logout callback rejected',
      );
      res.redirect(303, withNotice(ctx.home, 'logout-unconfirmed'));
      return;
    }
    if (pending.next) {
      // Another platform's session to end (FranceConnect+ used for a second factor): there next.
      const { endSession: next } = await startPlatformLogout(ctx, [pending.next], log);
      if (next) {
        await updateSessionState(req, (current) => {
          current.logout = { state: next.state, createdAt: Date.now(), notice: pending.notice };
        });
        res.redirect(303, next.url.href);
        return;
      }
    }
    const emptied = await updateSessionState(req, (current) => {
      delete current.logout;
      return current.signedIn === undefined;
    });
    if (emptied) await destroySession(req);
    log.info({ event: 'logout.completed' }, 'FranceConnect logout confirmed');
    res.redirect(303, pending.notice ? withNotice(ctx.home, pending.notice) : ctx.home);
  };
}

function sameSecret(expected: string, provided: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(provided);
  return a.length === b.length && timingSafeEqual(a, b);
}
