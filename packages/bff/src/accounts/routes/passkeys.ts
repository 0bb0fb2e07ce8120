import type { Request, Response } from 'express';
import { z } from 'zod';
import { logOf } from '../../log.js';
import { recordAuthentication } from '../../session/authentications.js';
import { signedInOf } from '../../session/session-data.js';
import { AccountConflictError } from '../account-store.js';
import type { AccountsContext } from '../context.js';
import { passkeyViewOf } from '../passkey.js';
import { bodyOf, invalid, refuse } from '../respond.js';
import {
  authenticationResponseSchema,
  finishAuthentication,
  finishRegistration,
  registrationResponseSchema,
  startAuthentication,
  startRegistration,
  takeChallenge,
  type RelyingParty,
} from '../webauthn.js';
import { accountOfRequest } from './require-account.js';

/** More would be a list nobody manages; a person has a few devices. */
export const MAX_PASSKEYS = 20;

const passkeyName = z
  .string({ error: 'Le nom doit être du texte.' })
  .trim()
  .min(1, 'Donnez un nom à cette clé d’accès, par exemple « Mon téléphone ».')
  .max(64, 'Le nom est trop long (64 caractères au plus).')
  .regex(/^[^\p{Cc}]*$/u, 'Le nom ne peut pas contenir de caractères de contrôle.');

const registrationBody = z.strictObject({
  response: registrationResponseSchema,
  name: passkeyName.optional(),
});
const renameBody = z.strictObject({ name: passkeyName });
const assertionBody = z.strictObject({ response: authenticationResponseSchema });
const passkeyId = z.string().regex(/^[A-Za-z0-9_-]{1,1400}$/);

const REFUSED = 'Cette clé d’accès n’a pas pu être vérifiée. Réessayez, ou utilisez un autre moyen.';
const EXPIRED = 'La demande a expiré : recommencez.';

function relyingParty(ctx: AccountsContext): RelyingParty {
  if (!ctx.relyingParty) throw new Error('passkeys are off');
  return ctx.relyingParty;
}

/** `GET /api/passkeys`: `{ passkeys: [{ id, name, createdAt, lastUsedAt, synced }] }`, oldest first. */
export function listPasskeys(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const passkeys = await ctx.store.listPasskeys(accountOfRequest(req).id);
    res.json({ passkeys: passkeys.map(passkeyViewOf) });
  };
}

/**
 * `POST /api/passkeys/options`: the options of `navigator.credentials.create()` for a new passkey.
 * A first passkey needs a recent authentication; another one, a second factor (a passkey already
 * registered, or FranceConnect+): whoever holds a stolen session and password cannot add theirs.
 */
export function registrationOptions(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const account = accountOfRequest(req);
    const existing = await ctx.store.listPasskeys(account.id);
    if (existing.length >= MAX_PASSKEYS) {
      refuse(
        res,
        409,
        'too_many_passkeys',
        `Vous avez déjà ${MAX_PASSKEYS} clés d’accès : retirez-en une d’abord.`,
      );
      return;
    }
    const needs = existing.length > 0 ? 'second-factor' : 'recent-authentication';
    if (!(await ctx.stepUp.meets(req, res, needs))) return;
    res.json(await startRegistration(req, relyingParty(ctx), account, existing));
  };
}

/** `POST /api/passkeys` `{ response, name? }`: verifies and keeps the new passkey. 201 `{ passkey }`. */
export function registerPasskey(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = registrationBody.safeParse(bodyOf(req));
    if (!body.success) {
      invalid(res, body.error);
      return;
    }
    const account = accountOfRequest(req);
    const existing = await ctx.store.listPasskeys(account.id);
    const needs = existing.length > 0 ? 'second-factor' : 'recent-authentication';
    if (!(await ctx.stepUp.meets(req, res, needs))) return;
    const challenge = await takeChallenge(req, 'registration');
    if (challenge === undefined) {
      refuse(res, 400, 'challenge_expired', EXPIRED);
      return;
    }
    const name = body.data.name ?? `Clé d’accès ${existing.length + 1}`;
    const log = logOf(req, ctx.bff.logger);
    const result = await finishRegistration(relyingParty(ctx), body.data.response, challenge, account, name);
    if ('refused' in result) {
      log.warn({ event: 'passkey.refused', step: 'registration', reason: result.refused }, 'passkey refused');
      refuse(res, 400, 'passkey_refused', REFUSED);
      return;
    }
    try {
      const passkey = await ctx.store.addPasskey(result.passkey);
      if (!passkey) {
        refuse(res, 401, 'unauthenticated', 'Ce compte n’existe plus.');
        return;
      }
      log.info({ event: 'passkey.registered' }, 'passkey registered');
      res.status(201).json({ passkey: passkeyViewOf(passkey) });
    } catch (error) {
      if (!(error instanceof AccountConflictError)) throw error;
      refuse(res, 409, 'passkey_exists', 'Cette clé d’accès est déjà enregistrée.');
    }
  };
}

/** `PATCH /api/passkeys/:id` `{ name }`: 200 `{ passkey }`, 404 when the account has no such passkey. */
export function renamePasskey(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = renameBody.safeParse(bodyOf(req));
    if (!body.success) {
      invalid(res, body.error);
      return;
    }
    const id = passkeyId.safeParse(req.params.id);
    const passkey = id.success
      ? await ctx.store.renamePasskey(accountOfRequest(req).id, id.data, body.data.name)
      : undefined;
    if (!passkey) {
      refuse(res, 404, 'passkey_not_found', 'Cette clé d’accès n’existe pas sur votre compte.');
      return;
    }
    res.json({ passkey: passkeyViewOf(passkey) });
  };
}

/**
 * `DELETE /api/passkeys/:id`: removes a passkey after a recent authentication; the last one only
 * after a second factor (without it, the account would lose its second factor to whoever holds the
 * session and the password). 200 `{ passkeys }` (those left).
 */
export function removePasskey(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const account = accountOfRequest(req);
    const id = passkeyId.safeParse(req.params.id);
    const passkeys = await ctx.store.listPasskeys(account.id);
    if (!id.success || !passkeys.some((passkey) => passkey.id === id.data)) {
      refuse(res, 404, 'passkey_not_found', 'Cette clé d’accès n’existe pas sur votre compte.');
      return;
    }
    const needs = passkeys.length === 1 ? 'second-factor' : 'recent-authentication';
    if (!(await ctx.stepUp.meets(req, res, needs))) return;
    await ctx.store.removePasskey(account.id, id.data);
    logOf(req, ctx.bff.logger).info({ event: 'passkey.removed' }, 'passkey removed');
    const left = await ctx.store.listPasskeys(account.id);
    res.json({ passkeys: left.map(passkeyViewOf) });
  };
}

/** `POST /api/step-up/passkey/options`: the options of `navigator.credentials.get()` with the account's passkeys. */
export function assertionOptions(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const passkeys = await ctx.store.listPasskeys(accountOfRequest(req).id);
    if (passkeys.length === 0) {
      refuse(res, 409, 'no_passkey', 'Aucune clé d’accès n’est enregistrée sur votre compte.');
      return;
    }
    res.json(await startAuthentication(req, relyingParty(ctx), passkeys));
  };
}

/**
 * `POST /api/step-up/passkey` `{ response }`: a second factor with one of the account's passkeys
 * (qualification #22). Recorded in the session; 200 `{ confirmed: true }`. Someone else's passkey,
 * a replayed or forged answer: 403, nothing recorded.
 */
export function confirmWithPasskey(ctx: AccountsContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = assertionBody.safeParse(bodyOf(req));
    if (!body.success) {
      invalid(res, body.error);
      return;
    }
    const log = logOf(req, ctx.bff.logger);
    const account = accountOfRequest(req);
    const challenge = await takeChallenge(req, 'authentication');
    if (challenge === undefined) {
      refuse(res, 400, 'challenge_expired', EXPIRED);
      return;
    }
    const passkey = await ctx.store.findPasskey(body.data.response.id);
    if (!passkey || passkey.accountId !== account.id) {
      log.warn({ event: 'step_up.refused', method: 'passkey', reason: 'another_account' }, 'passkey refused');
      refuse(res, 403, 'passkey_refused', 'Cette clé d’accès n’est pas enregistrée sur votre compte.');
      return;
    }
    const result = await finishAuthentication(relyingParty(ctx), body.data.response, challenge, passkey);
    const used =
      !('refused' in result) &&
      (await ctx.store.recordPasskeyUse(account.id, passkey.id, {
        expected: passkey.counter,
        counter: result.counter,
        at: new Date(),
      }));
    if ('refused' in result || !used) {
      log.warn(
        {
          event: 'step_up.refused',
          method: 'passkey',
          reason: 'refused' in result ? result.refused : 'replayed',
        },
        'passkey refused',
      );
      refuse(res, 403, 'passkey_refused', REFUSED);
      return;
    }
    const userId = signedInOf(req)?.userId ?? account.id;
    const recorded = await recordAuthentication(req, {
      method: 'passkey',
      at: Date.now(),
      userId,
      credentialId: passkey.id,
    });
    if (!recorded) {
      refuse(res, 401, 'unauthenticated', 'Aucune session : connectez-vous d’abord.');
      return;
    }
    log.info({ event: 'step_up.completed', method: 'passkey' }, 'identity confirmed');
    res.json({ confirmed: true });
  };
}
