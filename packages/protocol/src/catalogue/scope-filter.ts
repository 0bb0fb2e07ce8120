import type { DataApi } from './apis.js';
import type { Field, Fields } from './field.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * What API Particulier answers for a token carrying `scopes`: the fields those scopes open (a field
 * without a scope of its own comes with its parent; at the top, with any of the API's scopes). Fields
 * the catalogue does not describe are left out.
 */
export function dataForScopes(
  api: DataApi,
  data: Readonly<Record<string, unknown>>,
  scopes: Iterable<string>,
): Record<string, Json> {
  const granted = new Set(scopes);
  // Fields without a scope of their own come with any of the API's scopes, never with none.
  if (!Object.keys(api.scopes).some((scope) => granted.has(scope))) return {};
  return pick(api.fields, data, granted);
}

function pick(
  fields: Fields,
  value: Readonly<Record<string, unknown>>,
  granted: ReadonlySet<string>,
): Record<string, Json> {
  const result: Record<string, Json> = {};
  for (const [key, field] of Object.entries(fields)) {
    if (field.scope !== undefined && !granted.has(field.scope)) continue;
    if (!Object.hasOwn(value, key)) continue;
    result[key] = narrow(field, value[key], granted);
  }
  return result;
}

function narrow(field: Field, value: unknown, granted: ReadonlySet<string>): Json {
  if (value === null || value === undefined) return null;
  if (field.kind === 'object') return pick(field.fields, value as Record<string, unknown>, granted);
  if (field.kind === 'list') {
    return (value as unknown[]).map((item) =>
      pick(field.item.fields, item as Record<string, unknown>, granted),
    );
  }
  return value as Json;
}
