/**
 * FranceConnect v2 (fcp-low) identity scopes and the claims each one releases, as in FranceConnect's
 * own `back/libs/scopes/src/data/fcp-low/fcp-low.scopes.ts`.
 */

export const PIVOT_CLAIMS = [
  'given_name',
  'family_name',
  'birthdate',
  'gender',
  'birthplace',
  'birthcountry',
] as const;
export type PivotClaim = (typeof PIVOT_CLAIMS)[number];

export const IDENTITY_SCOPE_CLAIMS = {
  openid: ['sub'],
  given_name: ['given_name', 'given_name_array'],
  family_name: ['family_name'],
  birthdate: ['birthdate'],
  gender: ['gender'],
  birthplace: ['birthplace'],
  birthcountry: ['birthcountry'],
  email: ['email'],
  preferred_username: ['preferred_username'],
  profile: ['given_name', 'given_name_array', 'family_name', 'birthdate', 'gender', 'preferred_username'],
  birth: ['birthplace', 'birthcountry'],
  identite_pivot: [
    'given_name',
    'given_name_array',
    'family_name',
    'birthdate',
    'gender',
    'birthplace',
    'birthcountry',
  ],
  idp_birthdate: ['idp_birthdate'],
} as const satisfies Record<string, readonly string[]>;
export type IdentityScope = keyof typeof IDENTITY_SCOPE_CLAIMS;

/** The scopes the kit asks for by default: the pivot identity, email and nom d’usage (qualification #17). */
export const DEFAULT_SCOPES: readonly IdentityScope[] = [
  'openid',
  'given_name',
  'family_name',
  'birthdate',
  'gender',
  'birthplace',
  'birthcountry',
  'email',
  'preferred_username',
];

export function isIdentityScope(scope: string): scope is IdentityScope {
  return Object.hasOwn(IDENTITY_SCOPE_CLAIMS, scope);
}

/** The claims released by a list of identity scopes (unknown scopes release nothing). */
export function claimsForScopes(scopes: Iterable<string>): Set<string> {
  const claims = new Set<string>();
  for (const scope of scopes) {
    if (isIdentityScope(scope)) for (const claim of IDENTITY_SCOPE_CLAIMS[scope]) claims.add(claim);
  }
  return claims;
}

/**
 * The French label of each identity claim, as FranceConnect's consent screen shows it
 * (`back/libs/scopes/src/data/fcp-low/fcp-low.labels.ts`). `sub` and `given_name_array` are not shown.
 */
export const CLAIM_LABELS = {
  given_name: 'Prénom(s)',
  family_name: 'Nom de naissance',
  preferred_username: 'Nom d’usage',
  birthdate: 'Date de naissance',
  gender: 'Sexe',
  birthplace: 'Lieu de naissance',
  birthcountry: 'Pays de naissance',
  email: 'Adresse email',
  idp_birthdate: 'Date de naissance transmise par le fournisseur d’identité',
} as const satisfies Record<string, string>;
export type LabelledClaim = keyof typeof CLAIM_LABELS;
