import { DATA_APIS } from './catalogue/apis.js';
import type { DataScope } from './catalogue/index.js';

/**
 * The data scopes (« API FranceConnectées ») of the catalogue's APIs, as FranceConnect v2 knows them
 * (`back/libs/scopes/src/data/*`). A service provider asks for them at `/authorize` with its identity
 * scopes; a data provider then reads them from `/checktoken`.
 */
export const DATA_SCOPES = Object.values(DATA_APIS).flatMap((api) => Object.keys(api.scopes)) as DataScope[];

export type { DataScope };

export function isDataScope(scope: string): scope is DataScope {
  return (DATA_SCOPES as readonly string[]).includes(scope);
}

/** What each data scope gives access to, in French, as FranceConnect's consent screen says it. */
export const DATA_SCOPE_LABELS = Object.fromEntries(
  Object.values(DATA_APIS).flatMap((api) => Object.entries(api.scopes)),
) as Readonly<Record<DataScope, string>>;
