import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describeIssues } from './zod-issues.js';

const privateJwk = z.looseObject({
  kty: z.enum(['EC', 'RSA']),
  kid: z.string().min(1),
  alg: z.enum(['ES256', 'RS256']),
  use: z.literal('sig'),
  d: z.string().min(1),
});

const developmentKeysSchema = z.strictObject({
  warning: z.string(),
  signing_keys: z
    .array(privateJwk)
    .refine((keys) => keys.some((key) => key.alg === 'ES256') && keys.some((key) => key.alg === 'RS256'), {
      message: 'needs one ES256 and one RS256 key',
    }),
  cookie_keys: z.array(z.string().min(32)).min(1),
  subject_salt: z.string().min(16),
});

/**
 * Fixed keys of the local FranceConnect, committed so that a restart keeps signatures, cookies and
 * subjects valid. DEVELOPMENT ONLY: they are public.
 */
export type DevelopmentKeys = z.infer<typeof developmentKeysSchema>;
export type SigningJwk = DevelopmentKeys['signing_keys'][number];

const KEYS_FILE = new URL('../data/development-keys.json', import.meta.url);

let cached: DevelopmentKeys | undefined;

export function developmentKeys(): DevelopmentKeys {
  if (cached) return cached;
  const result = developmentKeysSchema.safeParse(JSON.parse(readFileSync(KEYS_FILE, 'utf8')));
  if (!result.success) {
    throw new Error(`Invalid ${KEYS_FILE.pathname}:\n${describeIssues(result.error).join('\n')}`);
  }
  cached = result.data;
  return cached;
}

/** The private key for an algorithm (the first one, as FranceConnect picks "the first relevant key"). */
export function signingKey(alg: 'ES256' | 'RS256'): SigningJwk {
  const key = developmentKeys().signing_keys.find((candidate) => candidate.alg === alg);
  if (!key) throw new Error(`no ${alg} development key`);
  return key;
}
