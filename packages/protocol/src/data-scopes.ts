/**
 * Data scopes ("API FranceConnectées") of the CNAF, as FranceConnect v2 knows them
 * (`back/libs/scopes/src/data/cnaf-msa/cnaf-msa.claims.ts`). A service provider asks for them at
 * `/authorize` with its identity scopes; a data provider then reads them from `/checktoken`.
 */
export const DATA_SCOPES = [
  'cnaf_quotient_familial',
  'cnaf_allocataires',
  'cnaf_enfants',
  'cnaf_adresse',
] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

export function isDataScope(scope: string): scope is DataScope {
  return (DATA_SCOPES as readonly string[]).includes(scope);
}

/** What each data scope gives access to, in French, for consent screens and profile pages. */
export const DATA_SCOPE_LABELS: Readonly<Record<DataScope, string>> = {
  cnaf_quotient_familial: 'Quotient familial (CAF)',
  cnaf_allocataires: 'Allocataires du foyer (CAF)',
  cnaf_enfants: 'Enfants à charge (CAF)',
  cnaf_adresse: 'Adresse connue de la CAF',
};
