import { CLAIM_LABELS } from '@franceconnect-kit/protocol';
import { z } from 'zod';
import { LOCKED_FIELDS, type LockedField } from './account.js';
import { PASSWORD_MAX, PASSWORD_MIN } from './password-policy.js';

/**
 * The bodies of the account routes, as zod schemas. Every schema is strict: an unknown field is
 * refused, and a pivot identity field on a route that cannot change it is refused by name
 * (qualification #15). Messages are French sentences shown next to their field.
 */

const text = (max: number, tooLong: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined ? 'Ce champ est obligatoire.' : 'Ce champ doit être du texte.',
    })
    .max(max, tooLong);

export const EMAIL_MAX = 254;
const email = text(EMAIL_MAX, `L’adresse électronique est trop longue (${EMAIL_MAX} caractères au plus).`)
  .trim()
  .pipe(z.email({ error: 'Saisissez une adresse électronique valide, par exemple nom@domaine.fr.' }));

// Names: letters of any script with their accents, spaces, hyphens and apostrophes, as FranceConnect's.
const NAME = /^[\p{L}\p{M}' \-’]*$/u;
const usageName = text(100, 'Le nom d’usage est trop long (100 caractères au plus).')
  .trim()
  .regex(
    NAME,
    'Le nom d’usage ne peut contenir que des lettres, des espaces, des tirets et des apostrophes.',
  );

// The length of a new password (NIST SP 800-63B-4); what else makes it weak: password-policy.ts.
const newPassword = text(
  PASSWORD_MAX,
  `Le mot de passe est trop long (${PASSWORD_MAX} caractères au plus).`,
).min(PASSWORD_MIN, `Le mot de passe doit contenir au moins ${PASSWORD_MIN} caractères.`);

/** `PATCH /api/profile`: only what the person may change (qualification #16). */
export const profileChanges = z.strictObject({
  preferred_username: usageName.optional(),
  email: email.optional(),
});

/** `POST /api/signup`: what completes a FranceConnect sign-up; the identity comes from FranceConnect. */
export const franceConnectSignUp = z.strictObject({
  email,
  preferred_username: usageName.optional().default(''),
});

/** `POST /auth/local/login`, `POST /api/signup/link`: any text is looked up, so that every failure reads the same. */
export const credentials = z.strictObject({
  email: text(EMAIL_MAX, `L’adresse électronique est trop longue (${EMAIL_MAX} caractères au plus).`),
  password: text(256, 'Le mot de passe est trop long (256 caractères au plus).'),
});

const declaredName = (what: string) =>
  text(256, `${what} est trop long (256 caractères au plus).`)
    .trim()
    .min(1, 'Ce champ est obligatoire.')
    .regex(NAME, `${what} ne peut contenir que des lettres, des espaces, des tirets et des apostrophes.`);

function isPastDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return (
    !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && date.getTime() <= Date.now()
  );
}

/**
 * `POST /auth/local/signup`: local credentials, and optionally the pivot identity the person declares
 * (all six fields or none), which only serves to reconcile the account with FranceConnect later.
 */
export const localSignUp = z
  .strictObject({
    email,
    password: newPassword,
    preferred_username: usageName.optional().default(''),
    given_name: declaredName('Le prénom').optional(),
    family_name: declaredName('Le nom de naissance').optional(),
    birthdate: text(10, 'Saisissez une date au format AAAA-MM-JJ.')
      .refine(isPastDate, 'Saisissez une date de naissance passée, au format AAAA-MM-JJ.')
      .optional(),
    gender: z
      .enum(['female', 'male', 'unspecified'], { error: 'Le sexe doit être female, male ou unspecified.' })
      .optional(),
    birthplace: text(5, 'Le lieu de naissance est un code commune INSEE de 5 caractères.')
      .trim()
      .toUpperCase()
      .optional(),
    birthcountry: text(5, 'Le pays de naissance est un code pays INSEE de 5 chiffres.')
      .regex(/^99\d{3}$/, 'Le pays de naissance est un code pays INSEE, par exemple 99100 pour la France.')
      .optional(),
  })
  .superRefine((body, ctx) => {
    const declared = LOCKED_FIELDS.filter((field) => body[field] !== undefined && field !== 'birthplace');
    if (declared.length === 0 && body.birthplace === undefined) return;
    for (const field of LOCKED_FIELDS) {
      if (field !== 'birthplace' && body[field] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: 'Ce champ est obligatoire quand l’identité est déclarée (les six champs, ou aucun).',
        });
      }
    }
    const bornInFrance = body.birthcountry === '99100';
    const place = body.birthplace ?? '';
    if (bornInFrance && !/^(([0-8][0-9AB])|(9[0-8AB]))\d{3}$/.test(place)) {
      ctx.addIssue({
        code: 'custom',
        path: ['birthplace'],
        message:
          'Pour une naissance en France, le lieu de naissance est un code commune INSEE, par exemple 75112.',
      });
    } else if (!bornInFrance && place !== '') {
      ctx.addIssue({
        code: 'custom',
        path: ['birthplace'],
        message: 'Le lieu de naissance reste vide pour une naissance hors de France.',
      });
    }
  });

const FIELDS_LISTED = 20;

const isLocked = (key: string): key is LockedField => (LOCKED_FIELDS as readonly string[]).includes(key);

/** The message for a pivot identity field sent where it cannot change. */
export function lockedMessage(field: LockedField): string {
  return `« ${CLAIM_LABELS[field]} » (${field}) est fourni par FranceConnect et ne peut pas être modifié.`;
}

/** A field's name as it may appear in a message: printable, capped. */
const shown = (key: string) => key.replace(/[^\x20-\x7e\u00a0-\uffff]/g, '?').slice(0, 40);

/** zod's issues as one message per field (at most 20), plus one sentence naming them all. */
export function fieldProblems(error: z.ZodError): { message: string; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const add = (key: string, message: string) => {
    if (Object.keys(fields).length < FIELDS_LISTED && !Object.hasOwn(fields, key)) {
      Object.defineProperty(fields, key, {
        value: message,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  };
  let general: string | undefined;
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        add(
          shown(key),
          isLocked(key) ? lockedMessage(key) : `Le champ « ${shown(key)} » n’est pas accepté ici.`,
        );
      }
    } else if (issue.path.length === 0) {
      general = 'Le corps de la requête doit être un objet JSON ou un formulaire.';
    } else {
      add(shown(String(issue.path[0])), issue.message);
    }
  }
  const named = Object.entries(fields).map(([key, message]) => `${key} : ${message}`);
  return { message: [general, ...named].filter(Boolean).join(' '), fields };
}
