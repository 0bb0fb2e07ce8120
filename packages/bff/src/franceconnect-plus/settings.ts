import {
  DEFAULT_SCOPES,
  PIVOT_CLAIMS,
  PLUS_ACR_VALUES,
  PLUS_IDENTITY_SCOPE_CLAIMS,
} from '@franceconnect-kit/protocol';
import { z } from 'zod';

/**
 * The configuration of FranceConnect+ (the `franceconnectPlus` option, `FC_PLUS_*` variables), part of
 * the BFF's one schema (config.ts): a second partner registration beside FranceConnect's, on its own
 * issuer. On when a client id is given.
 */

/** FranceConnect+'s issuers, per `environment` (the local one is the kit's local FranceConnect+). */
export const FRANCECONNECT_PLUS_ISSUERS = {
  local: 'http://127.0.0.1:3003/api/v2',
  sandbox: 'https://auth.integ01.dev-franceconnect.fr/api/v2',
  production: 'https://auth.franceconnect.gouv.fr/api/v2',
} as const;

/** The local FranceConnect+'s issuer on another port (`MOCK_FC_PLUS_PORT`). */
export const localPlusIssuer = (port: number): string => `http://127.0.0.1:${port}/api/v2`;

export const PLUS_DEFAULTS = {
  /** eIDAS substantial: what a second factor for sensitive acts asks (qualification #22). */
  acrValues: 'eidas2' as (typeof PLUS_ACR_VALUES)[number],
  /** The pivot identity, the email and the usage name, in FranceConnect+'s scope names. */
  scopes: DEFAULT_SCOPES as readonly string[],
} as const;

/** FranceConnect+, checked, every default applied. */
export interface FranceConnectPlusSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  acrValues: (typeof PLUS_ACR_VALUES)[number];
  scopes: string[];
  /** The private keys (a JWKS or its JSON text), when given directly. */
  encryptionKeys?: unknown;
  /** The file holding them. */
  encryptionKeysFile?: string | undefined;
}

const isPlusScope = (scope: string) => Object.hasOwn(PLUS_IDENTITY_SCOPE_CLAIMS, scope);

/**
 * The `franceconnectPlus` option's schema, built with the rules config.ts applies to FranceConnect's
 * own values (an https issuer, a client id…), so that both registrations are checked the same way.
 */
export function franceconnectPlusSchema(rules: {
  issuer: z.ZodType<string, string>;
  clientId: z.ZodType<string, string>;
  clientSecret: z.ZodType<string, string>;
  scopes: z.ZodType<string[], string | string[]>;
}) {
  return z
    .strictObject(
      {
        issuer: rules.issuer.optional(),
        clientId: rules.clientId,
        clientSecret: rules.clientSecret,
        acrValues: z
          .enum(PLUS_ACR_VALUES, {
            error: 'FranceConnect+’s acr value must be eidas2 or eidas3 (eidas1 is FranceConnect’s)',
          })
          .default(PLUS_DEFAULTS.acrValues),
        scopes: rules.scopes
          .refine((scopes) => scopes.every(isPlusScope), {
            message: `FranceConnect+’s scopes are ${Object.keys(PLUS_IDENTITY_SCOPE_CLAIMS).join(' ')}`,
          })
          .optional(),
        encryptionKeys: z
          .union([z.string().trim().min(1), z.looseObject({}), z.array(z.unknown())], {
            error: 'the encryption keys must be a JWKS (JSON)',
          })
          .optional(),
        encryptionKeysFile: z.string().trim().min(1, 'the encryption keys file must not be empty').optional(),
      },
      {
        error: (issue) =>
          issue.code === 'unrecognized_keys' ? `unknown option ${issue.keys.join(', ')}` : undefined,
      },
    )
    .transform((options) => ({ ...options, scopes: options.scopes ?? [...PLUS_DEFAULTS.scopes] }));
}

/** Whether the scopes release the whole pivot identity (accounts and second factors compare it). */
export function releasesPivotIdentity(scopes: readonly string[]): boolean {
  const released = new Set<string>();
  for (const scope of scopes) {
    if (isPlusScope(scope))
      for (const claim of PLUS_IDENTITY_SCOPE_CLAIMS[scope as keyof typeof PLUS_IDENTITY_SCOPE_CLAIMS])
        released.add(claim);
  }
  return PIVOT_CLAIMS.every((claim) => released.has(claim));
}

/**
 * With `FC_ENV=local` (the default) and no `FC_PLUS_ISSUER`, the local FranceConnect+ on the port
 * `MOCK_FC_PLUS_PORT` says, as `npm start` runs it; `undefined` otherwise.
 */
export function plusIssuerFromEnv(env: NodeJS.ProcessEnv, plus: unknown): string | undefined {
  const port = env.MOCK_FC_PLUS_PORT;
  const local = env.FC_ENV === undefined || env.FC_ENV === '' || env.FC_ENV === 'local';
  if (plus === undefined || !local || port === undefined || !/^\d{1,5}$/.test(port)) return undefined;
  if (typeof plus === 'object' && plus !== null && 'issuer' in plus) return undefined;
  return localPlusIssuer(Number(port));
}
