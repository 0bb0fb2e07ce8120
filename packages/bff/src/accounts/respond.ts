import type { Request, Response } from 'express';
import type { z } from 'zod';
import { fieldProblems } from './schemas.js';

/** The body without the CSRF field (a form carries it among the others), for the strict schemas. */
export function bodyOf(req: Request): unknown {
  const body: unknown = req.body;
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !Object.hasOwn(body, '_csrf')) {
    return body;
  }
  const { _csrf: _ignored, ...rest } = body as Record<string, unknown>;
  return rest;
}

/** 400 naming every bad field: `{ error, message, fields: { name: message } }`. */
export function invalid(res: Response, error: z.ZodError): void {
  const { message, fields } = fieldProblems(error);
  res.status(400).json({ error: 'invalid_request', message, fields });
}

/** Any other refusal of the account API, as JSON. */
export function refuse(
  res: Response,
  status: number,
  error: string,
  message: string,
  fields?: Record<string, string>,
): void {
  res.status(status).json({ error, message, ...(fields ? { fields } : {}) });
}

export const UNAUTHENTICATED = 'Aucune session : connectez-vous d’abord.';
export const NO_ACCOUNT = 'Aucun compte : terminez d’abord votre inscription.';
export const INVALID_CREDENTIALS = 'Adresse électronique ou mot de passe incorrect.';

/** What was attempted too often, as the start of the 429's sentence. */
export type Attempted = 'sign-in' | 'sign-up' | 'email-change';

const TOO_MANY: Record<Attempted, string> = {
  'sign-in': 'Trop de tentatives de connexion.',
  'sign-up': 'Trop de créations de compte depuis votre connexion à Internet.',
  'email-change': 'Trop de changements d’adresse électronique refusés.',
};

/** How long to wait, in words: « 30 secondes », « 2 minutes ». */
function inWords(seconds: number): string {
  if (seconds < 60) return `${seconds} seconde${seconds > 1 ? 's' : ''}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes > 1 ? 's' : ''}`;
}

/** 429 with `Retry-After`: the attempt must wait, and the sentence says how long. */
export function tooManyAttempts(
  res: Response,
  retryAfterSeconds: number,
  attempted: Attempted = 'sign-in',
): void {
  res.set('Retry-After', String(retryAfterSeconds));
  refuse(
    res,
    429,
    'too_many_attempts',
    `${TOO_MANY[attempted]} Réessayez dans ${inWords(retryAfterSeconds)}.`,
  );
}
