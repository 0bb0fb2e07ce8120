import { z } from 'zod';
import { dataKeysProblem } from './data/sealed-box.js';

/*
 * The options that choose shared stores for several instances: accounts in PostgreSQL
 * (`DATABASE_URL`), retrieved data in Redis (`DATA_STORE=redis`, sealed with `DATA_STORE_KEY`).
 * Spread into the BFF's one schema (config.ts). Messages never echo a URL or a key: they may hold secrets.
 */

export const RETRIEVED_DATA_STORE_KINDS = ['memory', 'redis'] as const;
export type RetrievedDataStoreKind = (typeof RETRIEVED_DATA_STORE_KINDS)[number];

const isRedisUrl = (value: string) => URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol);

export const storeOptionsShape = {
  databaseUrl: z
    .string({ error: 'the database URL must be text' })
    .trim()
    .refine(
      (value) => URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol),
      'the database URL must look like postgres://user:password@host:5432/database',
    )
    .optional(),
  retrievedDataStore: z
    .enum(RETRIEVED_DATA_STORE_KINDS, { error: 'the retrieved-data store must be memory or redis' })
    .optional(),
  dataStoreKey: z
    .union([z.string(), z.array(z.string())], {
      error: 'the retrieved-data keys must be base64 keys separated by spaces or commas',
    })
    .transform((value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value))
    .superRefine((keys, ctx) => {
      const problem = dataKeysProblem(keys);
      if (problem !== undefined)
        ctx.addIssue({ code: 'custom', message: `the retrieved-data keys: ${problem}` });
    })
    .optional(),
  dataRedisUrl: z
    .string()
    .trim()
    .refine(
      isRedisUrl,
      'the Redis URL of retrieved data must look like redis://host:port or rediss://host:port',
    )
    .optional(),
};

export interface StoreOptions {
  recipientSiret?: string | undefined;
  retrievedDataStore?: RetrievedDataStoreKind | undefined;
  dataStoreKey?: string[] | undefined;
  dataRedisUrl?: string | undefined;
}

/** Problems across the store options, each naming the option it concerns. */
export function storeOptionProblems(
  options: StoreOptions,
): Array<{ option: keyof StoreOptions; message: string }> {
  const problems: Array<{ option: keyof StoreOptions; message: string }> = [];
  const redis = options.retrievedDataStore === 'redis';
  if (redis && options.dataStoreKey === undefined) {
    problems.push({
      option: 'dataStoreKey',
      message: 'a key is required to seal retrieved data in Redis (openssl rand -base64 32)',
    });
  }
  if (!redis) {
    const set = (['dataStoreKey', 'dataRedisUrl'] as const).find((name) => options[name] !== undefined);
    if (set !== undefined) {
      problems.push({
        option: set,
        message: 'only used with the Redis retrieved-data store (retrievedDataStore: redis)',
      });
    }
  }
  if (options.recipientSiret === undefined && options.retrievedDataStore !== undefined) {
    problems.push({
      option: 'recipientSiret',
      message: 'the recipient SIRET is required to retrieve data (retrievedDataStore is set)',
    });
  }
  return problems;
}
