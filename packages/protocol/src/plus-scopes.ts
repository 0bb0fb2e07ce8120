/**
 * FranceConnect+ (fcp-high) identity scopes and the claims each one releases, as in FranceConnect's
 * own `back/libs/scopes/src/data/fcp-high/fcp-high.scopes.ts`: FranceConnect's identity scopes without
 * `given_name_array` and `idp_birthdate` (the identity comes from the identity provider, not the RNIPP),
 * plus `amr`.
 */
export const PLUS_IDENTITY_SCOPE_CLAIMS = {
  openid: ['sub'],
  given_name: ['given_name'],
  family_name: ['family_name'],
  birthdate: ['birthdate'],
  gender: ['gender'],
  birthplace: ['birthplace'],
  birthcountry: ['birthcountry'],
  email: ['email'],
  preferred_username: ['preferred_username'],
  profile: ['given_name', 'family_name', 'birthdate', 'gender', 'preferred_username'],
  birth: ['birthplace', 'birthcountry'],
  identite_pivot: ['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry'],
  amr: ['amr'],
} as const satisfies Record<string, readonly string[]>;
export type PlusIdentityScope = keyof typeof PLUS_IDENTITY_SCOPE_CLAIMS;

/** FranceConnect+'s eIDAS levels: substantial (`eidas2`) and high (`eidas3`); `eidas1` is refused. */
export const PLUS_ACR_VALUES = ['eidas2', 'eidas3'] as const;
export type PlusAcr = (typeof PLUS_ACR_VALUES)[number];
