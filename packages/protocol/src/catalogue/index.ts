// The catalogue of « API FranceConnectées », without any validation library: what the elements may
// import (`@franceconnect-kit/protocol/catalogue`). The zod schemas are in `schema.ts`.
import { DATA_APIS, type DataApi } from './apis.js';
import type { DataOf } from './field.js';

export { DATA_APIS, type DataApi } from './apis.js';
export type {
  BooleanField,
  ChoiceField,
  DataOf,
  DateField,
  Field,
  Fields,
  IntegerField,
  ListField,
  NumberField,
  ObjectField,
  TextField,
  ValueOf,
} from './field.js';
export { dataForScopes } from './scope-filter.js';

/** The name of an API of the catalogue (`statut_etudiant`…). */
export type DataApiName = keyof typeof DATA_APIS;

/** The FranceConnect scopes of the catalogue's APIs. */
export type DataScope = {
  [N in DataApiName]: Extract<keyof (typeof DATA_APIS)[N]['scopes'], string>;
}[DataApiName];

/** The `data` of an API, typed from its entry (every field may be absent: the scopes decide). */
export type ApiData<N extends DataApiName> = DataOf<(typeof DATA_APIS)[N]['fields']>;

/** The catalogue's API names, in its order. */
export const DATA_API_NAMES = Object.keys(DATA_APIS) as DataApiName[];

export function isDataApiName(name: unknown): name is DataApiName {
  return typeof name === 'string' && Object.hasOwn(DATA_APIS, name);
}

/** The catalogue entry of an API. */
export function dataApi(name: DataApiName): DataApi {
  return DATA_APIS[name];
}

/** The API a data scope belongs to (each scope belongs to one API), or `undefined`. */
export function apiOfScope(scope: string): DataApiName | undefined {
  return DATA_API_NAMES.find((name) => Object.hasOwn(DATA_APIS[name].scopes, scope));
}
