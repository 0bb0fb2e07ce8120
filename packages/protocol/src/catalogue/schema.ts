import { z } from 'zod';
import { DATA_APIS, type DataApi } from './apis.js';
import type { Field, Fields } from './field.js';
import type { DataApiName } from './index.js';

/**
 * The zod schema of an API's `data`, built from its catalogue entry.
 *
 * - `answered` (default): what a service may receive. Every field may be absent (the token's scopes
 *   decide what API Particulier sends), each present field has its documented type, and what the
 *   catalogue does not describe is dropped: only described data reaches the page.
 * - `complete`: a whole record, every field present and nothing more (the local data provider's test
 *   records).
 */
export function dataSchemaOf(
  api: DataApiName | DataApi,
  mode: 'answered' | 'complete' = 'answered',
): z.ZodType<Record<string, unknown>> {
  const entry = typeof api === 'string' ? DATA_APIS[api] : api;
  const cache = mode === 'answered' ? answered : complete;
  let schema = cache.get(entry);
  if (!schema) {
    schema = objectSchema(entry.fields, mode === 'complete');
    cache.set(entry, schema);
  }
  return schema;
}

const answered = new WeakMap<DataApi, z.ZodType<Record<string, unknown>>>();
const complete = new WeakMap<DataApi, z.ZodType<Record<string, unknown>>>();

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function objectSchema(fields: Fields, whole: boolean): z.ZodObject {
  const shape = Object.fromEntries(
    Object.entries(fields).map(([key, field]) => [key, fieldSchema(field, whole)]),
  );
  return whole ? z.strictObject(shape) : z.object(shape);
}

function fieldSchema(field: Field, whole: boolean): z.ZodType {
  let schema: z.ZodType;
  switch (field.kind) {
    case 'text':
      schema = field.pattern === undefined ? z.string() : z.string().regex(new RegExp(field.pattern));
      break;
    case 'integer':
      schema = z.number().int();
      break;
    case 'number':
      schema = z.number();
      break;
    case 'boolean':
      schema = z.boolean();
      break;
    case 'date':
      schema = z.string().regex(DATE, 'must be a date YYYY-MM-DD');
      break;
    case 'choice':
      schema = z.enum(Object.keys(field.values) as [string, ...string[]]);
      break;
    case 'object':
      schema = objectSchema(field.fields, whole);
      break;
    case 'list':
      schema = z.array(objectSchema(field.item.fields, whole));
      break;
  }
  if (field.nullable) schema = schema.nullable();
  return whole ? schema : schema.optional();
}
