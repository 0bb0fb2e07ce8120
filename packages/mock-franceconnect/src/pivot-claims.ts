import { FRANCE, type TestIdentity } from './identities.js';

/** The claims FranceConnect v2 releases about a person (before filtering by scope), `sub` aside. */
export interface FranceConnectClaims {
  given_name: string;
  given_name_array: string[];
  family_name: string;
  preferred_username: string;
  birthdate: string;
  idp_birthdate: string;
  gender: 'female' | 'male' | 'unspecified';
  birthplace: string;
  birthcountry: string;
  email: string;
}

/** The pivot identity as a data provider sees it in `/checktoken`'s introspection. */
export type IntrospectionIdentity = Pick<
  FranceConnectClaims,
  'given_name' | 'given_name_array' | 'family_name' | 'birthdate' | 'gender' | 'birthplace' | 'birthcountry'
>;

/** FranceConnect fills the unknown parts of a presumed birth date with 01 (`1992-00-00` → `1992-01-01`). */
export function completePresumedDate(idpBirthdate: string): string {
  const [year, month, day] = idpBirthdate.split('-');
  return `${year}-${month === '00' ? '01' : month}-${day === '00' ? '01' : day}`;
}

/**
 * What FranceConnect sends for an identity: given names joined by spaces, the completed birth date (the
 * raw one only as `idp_birthdate`), and an empty birthplace for people born abroad.
 */
export function franceConnectClaims(identity: TestIdentity): FranceConnectClaims {
  return {
    given_name: identity.given_name_array.join(' '),
    given_name_array: [...identity.given_name_array],
    family_name: identity.family_name,
    // FranceConnect passes on the identity provider's nom d’usage, an empty string when there is none.
    preferred_username: identity.preferred_username ?? '',
    birthdate: completePresumedDate(identity.birthdate),
    idp_birthdate: identity.birthdate,
    gender: identity.gender,
    birthplace: identity.birthcountry === FRANCE ? identity.birthplace : '',
    birthcountry: identity.birthcountry,
    email: identity.email,
  };
}

export function introspectionIdentity(claims: FranceConnectClaims): IntrospectionIdentity {
  const { given_name, given_name_array, family_name, birthdate, gender, birthplace, birthcountry } = claims;
  return { given_name, given_name_array, family_name, birthdate, gender, birthplace, birthcountry };
}

/** The claims FranceConnect+ releases (before filtering by scope): the identity provider's own. */
export type FranceConnectPlusClaims = Omit<FranceConnectClaims, 'given_name_array' | 'idp_birthdate'>;

/**
 * What FranceConnect+ sends for an identity: the identity provider's, not corrected by the RNIPP (so a
 * presumed birth date keeps its `00`), no `given_name_array` nor `idp_birthdate`.
 */
export function franceConnectPlusClaims(identity: TestIdentity): FranceConnectPlusClaims {
  const { given_name_array: _array, idp_birthdate: _raw, ...claims } = franceConnectClaims(identity);
  return { ...claims, birthdate: identity.birthdate };
}
