import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DATA_API_NAMES, dataSchemaOf, type ApiData, type DataApiName } from '@franceconnect-kit/protocol';
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

/** API Particulier's answer the data provider gives for one API, instead of data (tests, demos). */
export const PROVIDER_ERROR_STATUSES = [401, 403, 404, 409, 422, 429, 503] as const;
export type ProviderErrorStatus = (typeof PROVIDER_ERROR_STATUSES)[number];

const providerErrorSchema = z.strictObject({
  error: z.union(
    PROVIDER_ERROR_STATUSES.map((status) => z.literal(status)),
    {
      error: `must be one of ${PROVIDER_ERROR_STATUSES.join(', ')}`,
    },
  ),
  /** Seconds, for a 429's `Retry-After`. */
  retryAfter: z.number().int().min(0).max(86400).optional(),
});
export type ProviderErrorRecord = z.infer<typeof providerErrorSchema>;

/** A record, or an error when it has an `error` key: each checked by its own rules, so problems name the field. */
function recordOrError(record: z.ZodType<Record<string, unknown>>) {
  return z.unknown().transform((value, ctx): Record<string, unknown> => {
    const isError = typeof value === 'object' && value !== null && Object.hasOwn(value, 'error');
    const result = (isError ? providerErrorSchema : record).safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
    return z.NEVER;
  });
}

/** What the data provider holds for a person, API by API: a whole record in API Particulier's shape, or an error. */
export const dataRecordsSchema = z.strictObject(
  Object.fromEntries(
    DATA_API_NAMES.map((name) => [name, recordOrError(dataSchemaOf(name, 'complete')).optional()]),
  ) as unknown as Record<DataApiName, z.ZodOptional<z.ZodType<Record<string, unknown>>>>,
);
export type DataRecords = Partial<Record<DataApiName, Record<string, unknown>>>;

/** The CAF record of the family quotient (the earlier `caf` key of an identity). */
export const cafRecordSchema = dataSchemaOf('quotient_familial', 'complete');
export type CafRecord = ApiData<'quotient_familial'>;

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
    data: dataRecordsSchema.optional(),
    /** The family quotient's record, as `data.quotient_familial` (kept for files written before `data`). */
    caf: cafRecordSchema.optional(),
  })
  .refine((identity) => identity.birthcountry !== FRANCE || identity.birthplace !== '', {
    message: 'birthplace is required when birthcountry is 99100 (born in France)',
    path: ['birthplace'],
  })
  .refine((identity) => identity.caf === undefined || identity.data?.quotient_familial === undefined, {
    message: 'give the family quotient once: in data.quotient_familial (caf is its earlier name)',
    path: ['caf'],
  });

/**
 * A test identity of the « Démonstration » identity provider, as FranceConnect receives it from the
 * provider (before its own corrections: presumed dates are filled, birthplace is emptied for people
 * born abroad). `refused` makes FranceConnect refuse it (as for an identity the RNIPP cannot find):
 * the service gets `access_denied`. `data` is what the data provider knows about that person, API by
 * API (a record, or an error it answers instead).
 */
export type TestIdentity = z.infer<typeof testIdentitySchema>;

/** What the data provider holds for this person and this API, if anything. */
export function dataRecordOf(
  identity: TestIdentity,
  api: DataApiName,
): Record<string, unknown> | ProviderErrorRecord | undefined {
  return identity.data?.[api] ?? (api === 'quotient_familial' ? identity.caf : undefined);
}

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
