import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describeIssues } from './zod-issues.js';

/** INSEE code of France, as a birth country. */
export const FRANCE = '99100';

// Character sets of FranceConnect's pivot identity (docs « fs-technique-scope »).
const GIVEN_NAME = /^[A-Za-zÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸàâäçéèêëîïôöùûüÿÆŒæœ'-]+$/;
const USAGE_NAME = /^[A-Za-zÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸàâäçéèêëîïôöùûüÿÆŒæœ' -]+$/;
const FAMILY_NAME = /^[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ' -]+$/;
/** INSEE COG commune code: 5 characters, Corsica 2A/2B, overseas 97x/98x. */
const COG_COMMUNE = /^(?:[0-8][0-9AB]|9[0-8AB])[0-9]{3}$/;
const COG_COUNTRY = /^99[0-9]{3}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** A birth date as an identity provider sends it: `00` for an unknown month and/or day (presumed dates). */
function isIdpBirthdate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const [year, month, day] = value.split('-') as [string, string, string];
  if (month === '00') return day === '00';
  if (day === '00') return Number(month) <= 12;
  return isCalendarDate(`${year}-${month}-${day}`);
}

const cafPerson = z.strictObject({
  nom_naissance: z.string().min(1),
  nom_usage: z.string().min(1).nullable(),
  prenoms: z.string().min(1),
  date_naissance: z.string().refine(isCalendarDate, 'must be a date YYYY-MM-DD'),
  sexe: z.enum(['F', 'M']),
});

/** The CAF record a data provider holds for an identity, in API Particulier v3's shape. */
export const cafRecordSchema = z.strictObject({
  quotient_familial: z.strictObject({
    fournisseur: z.enum(['CNAF', 'MSA']),
    valeur: z.number().int().nonnegative(),
    annee: z.number().int().min(2000).max(2100),
    mois: z.number().int().min(1).max(12),
    annee_calcul: z.number().int().min(2000).max(2100),
    mois_calcul: z.number().int().min(1).max(12),
  }),
  allocataires: z.array(cafPerson).min(1),
  enfants: z.array(cafPerson),
  adresse: z.strictObject({
    destinataire: z.string().min(1),
    complement_information: z.string().nullable(),
    complement_information_geographique: z.string().nullable(),
    numero_libelle_voie: z.string().nullable(),
    lieu_dit: z.string().nullable(),
    code_postal_ville: z.string().min(1),
    pays: z.string().min(1),
  }),
});
export type CafRecord = z.infer<typeof cafRecordSchema>;

export const testIdentitySchema = z
  .strictObject({
    login: z.string().regex(/^[\p{L}\p{N}_.-]{1,64}$/u, 'must be 1 to 64 letters, digits, "_", "." or "-"'),
    description: z.string().min(1),
    given_name_array: z
      .array(z.string().regex(GIVEN_NAME, 'must be one first name in FranceConnect’s character set'))
      .min(1),
    family_name: z
      .string()
      .regex(FAMILY_NAME, "must be upper case, in FranceConnect’s character set (letters, space, ' and -)"),
    preferred_username: z
      .string()
      .regex(USAGE_NAME, 'must be a name in FranceConnect’s character set')
      .optional(),
    gender: z.enum(['female', 'male', 'unspecified']),
    birthdate: z
      .string()
      .refine(
        isIdpBirthdate,
        'must be YYYY-MM-DD, with 00 for an unknown day, or month and day (presumed dates)',
      ),
    birthplace: z.union([
      z.literal(''),
      z.string().regex(COG_COMMUNE, 'must be an INSEE COG commune code such as 75107 or 2A004, or ""'),
    ]),
    birthcountry: z.string().regex(COG_COUNTRY, 'must be an INSEE COG country code such as 99100'),
    email: z.email(),
    refused: z.boolean().optional(),
    caf: cafRecordSchema.optional(),
  })
  .refine((identity) => identity.birthcountry !== FRANCE || identity.birthplace !== '', {
    message: 'birthplace is required when birthcountry is 99100 (born in France)',
    path: ['birthplace'],
  });

/**
 * A test identity of the « Démonstration » identity provider, as FranceConnect receives it from the
 * provider (before its own corrections: presumed dates are filled, birthplace is emptied for people
 * born abroad). `refused` makes FranceConnect refuse it (as for an identity the RNIPP cannot find):
 * the service gets `access_denied`. `caf` is what the data provider knows about that person.
 */
export type TestIdentity = z.infer<typeof testIdentitySchema>;

const identitiesFileSchema = z.strictObject({
  $comment: z.string().optional(),
  identities: z.array(testIdentitySchema).min(1),
});

/** Every test identity shares this password, as in FranceConnect's sandbox. */
export const TEST_PASSWORD = '123';

export class IdentitiesError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid test identities in ${source}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'IdentitiesError';
  }
}

/** The identities file shipped with the package (editable; see the README). */
export const DEFAULT_IDENTITIES_FILE = fileURLToPath(new URL('../data/identities.json', import.meta.url));

function duplicates(identities: readonly TestIdentity[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  identities.forEach((identity, index) => {
    if (seen.has(identity.login))
      problems.push(`identities[${index}].login: "${identity.login}" is used twice`);
    seen.add(identity.login);
  });
  return problems;
}

/** Validates identities given in code (the same rules as the file). */
export function parseIdentities(value: unknown, source = 'the identities option'): TestIdentity[] {
  const result = z.array(testIdentitySchema).min(1).safeParse(value);
  if (!result.success) throw new IdentitiesError(source, describeIssues(result.error, 'identities'));
  const problems = duplicates(result.data);
  if (problems.length > 0) throw new IdentitiesError(source, problems);
  return result.data;
}

/**
 * Reads and validates a test identities file (`{ "identities": [...] }`). Throws an `IdentitiesError`
 * listing every problem with its location when the file is unreadable, not JSON or invalid.
 */
export function loadIdentities(file: string | URL = DEFAULT_IDENTITIES_FILE): TestIdentity[] {
  const source = file instanceof URL ? fileURLToPath(file) : file;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IdentitiesError(source, [`cannot be read as JSON: ${reason}`]);
  }
  const result = identitiesFileSchema.safeParse(json);
  if (!result.success) throw new IdentitiesError(source, describeIssues(result.error));
  const problems = duplicates(result.data.identities);
  if (problems.length > 0) throw new IdentitiesError(source, problems);
  return result.data.identities;
}
