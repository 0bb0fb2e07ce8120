import { claimsForScopes, PIVOT_CLAIMS } from '@franceconnect-kit/protocol';
import { z } from 'zod';

/** FranceConnect's `gender` values (`unspecified` is RNIPP's sex « I » and some eIDAS identities). */
export type Gender = 'male' | 'female' | 'unspecified';

/**
 * The identity FranceConnect vouches for, after every check of the BFF, with FranceConnect's claim
 * names. Claims whose scope was not requested are absent; with the default scopes the whole pivot
 * identity (given_name, family_name, birthdate, gender, birthplace, birthcountry) is present.
 */
export interface PivotIdentity {
  /** Pairwise subject: stable for this person and this service, different for every service. */
  sub: string;
  /** All first names, separated by spaces. */
  given_name?: string;
  given_name_array?: string[];
  /** Birth name (nom de naissance). */
  family_name?: string;
  /** Usage name (nom d’usage); may be absent or empty. */
  preferred_username?: string;
  /** `YYYY-MM-DD`. */
  birthdate?: string;
  gender?: Gender;
  /** INSEE COG code of the birth commune; empty (or free text for eIDAS identities) when born abroad. */
  birthplace?: string;
  /** INSEE COG code of the birth country, `99100` for France. */
  birthcountry?: string;
  email?: string;
  /** The identity provider's raw birthdate (may contain `00` for unknown parts). */
  idp_birthdate?: string;
}

const FRANCE = '99100';
const noControl = /^[^\p{Cc}]*$/u;
// Letters (any script, accents), spaces, hyphens, apostrophes; RNIPP names have nothing else.
const nameChars = /^[\p{L}\p{M}' \-’.]*$/u;

const name = (claim: string) =>
  z
    .string({ error: `${claim} must be a string` })
    .max(256, `${claim} is too long`)
    .regex(nameChars, `${claim} has characters a name cannot have`);
const date = (claim: string) =>
  z
    .string({ error: `${claim} must be a string` })
    .regex(/^\d{4}-(0\d|1[0-2])-([0-2]\d|3[01])$/, `${claim} must be a date YYYY-MM-DD`);

const claimsSchema = z
  .object({
    sub: z
      .string({ error: 'sub must be a string' })
      .min(1, 'sub is empty')
      .max(256, 'sub is too long')
      .regex(/^[\x21-\x7e]+$/, 'sub must be printable ASCII'),
    given_name: name('given_name'),
    given_name_array: z.array(name('given_name_array').min(1)).max(50).optional(),
    family_name: name('family_name').min(1, 'family_name is empty'),
    preferred_username: name('preferred_username').optional(),
    birthdate: date('birthdate'),
    gender: z.enum(['male', 'female', 'unspecified'], {
      error: 'gender must be male, female or unspecified',
    }),
    birthplace: z
      .string({ error: 'birthplace must be a string' })
      .max(100, 'birthplace is too long')
      .regex(noControl, 'birthplace has control characters'),
    birthcountry: z
      .string({ error: 'birthcountry must be a string' })
      .regex(/^99\d{3}$/, 'birthcountry must be a COG code 99XXX'),
    email: z.email({ error: 'email must be an email address' }).max(256, 'email is too long'),
    idp_birthdate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'idp_birthdate must be YYYY-MM-DD'),
  })
  .partial()
  .required({ sub: true })
  .refine(
    // Born in France: a commune code (Corsica 2A/2B, overseas 97/98); abroad: FranceConnect sends ''.
    (claims) =>
      claims.birthcountry !== FRANCE ||
      claims.birthplace === undefined ||
      /^(([0-8][0-9AB])|(9[0-8AB]))\d{3}$/.test(claims.birthplace),
    { message: 'birthplace must be a COG commune code when birthcountry is 99100', path: ['birthplace'] },
  );

/** Claims that must be present when their scope was requested (email and usage name may be absent). */
const REQUIRED_WHEN_REQUESTED: readonly string[] = PIVOT_CLAIMS;

export type IdentityParseResult = { ok: true; identity: PivotIdentity } | { ok: false; problems: string[] };

/**
 * Validates userinfo claims into a `PivotIdentity`. Unknown extra claims (`iss`, `aud`, future
 * FranceConnect claims…) are dropped; known ones must be well-formed; the pivot claims of the
 * requested scopes must be present.
 */
export function parseIdentity(claims: unknown, requestedScopes: readonly string[]): IdentityParseResult {
  const parsed = claimsSchema.safeParse(claims);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  if (parsed.success) {
    const released = claimsForScopes(requestedScopes);
    for (const claim of REQUIRED_WHEN_REQUESTED) {
      if (released.has(claim) && parsed.data[claim as keyof typeof parsed.data] === undefined) {
        problems.push(`${claim} is missing`);
      }
    }
  }
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const identity: PivotIdentity = { sub: parsed.data.sub };
  for (const [claim, value] of Object.entries(parsed.data)) {
    if (value !== undefined) Object.assign(identity, { [claim]: value });
  }
  return { ok: true, identity };
}
