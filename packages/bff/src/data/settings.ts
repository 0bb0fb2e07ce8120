import { isIdentityScope, siretProblem } from '@franceconnect-kit/protocol';
import { z } from 'zod';

/**
 * The configuration of data retrieval ("API FranceConnectées"), part of the BFF's one schema
 * (config.ts). Retrieval is on when `recipientSiret` is set: it is the one value without a default,
 * since it names the organisation that receives the data.
 */

/** Where the data provider is, per `environment` (API Particulier, or the kit's local data provider). */
export const DATA_PROVIDER_URLS = {
  local: 'http://127.0.0.1:3002',
  sandbox: 'https://staging.particulier.api.gouv.fr',
  production: 'https://particulier.api.gouv.fr',
} as const;

/** API Particulier's family-quotient endpoint, FranceConnect mode, serves every CNAF scope. */
export const QUOTIENT_FAMILIAL_ENDPOINT = '/v3/dss/quotient_familial/france_connect';

/** The endpoint of each data scope, unless `dataEndpoints` says otherwise. */
export const DEFAULT_DATA_ENDPOINTS: Readonly<Record<string, string>> = {
  cnaf_quotient_familial: QUOTIENT_FAMILIAL_ENDPOINT,
  cnaf_allocataires: QUOTIENT_FAMILIAL_ENDPOINT,
  cnaf_enfants: QUOTIENT_FAMILIAL_ENDPOINT,
  cnaf_adresse: QUOTIENT_FAMILIAL_ENDPOINT,
};

export const DATA_DEFAULTS = {
  /** Only what the demo's form needs: a service asks for the data its habilitation grants, no more. */
  scopes: ['cnaf_quotient_familial'] as readonly string[],
  /** Seconds before a call to the data provider gives up (the access token itself lives 60 s). */
  httpTimeout: 10,
  /** Seconds the retrieved data stays available to the session (FranceConnect's session is 30 minutes). */
  retention: 30 * 60,
} as const;

/** Data retrieval, checked, every default applied. */
export interface DataSettings {
  /** The SIRET sent as `recipient`: the organisation that receives the data. */
  recipientSiret: string;
  /** The data provider's base URL, without a trailing slash. */
  providerUrl: string;
  /** The data scopes `/auth/data` may ask for (the allow-list), in order. */
  scopes: string[];
  /** The endpoint path of each allowed scope. */
  endpoints: Record<string, string>;
  httpTimeout: number;
  retention: number;
}

const scopeToken = /^[A-Za-z0-9_:.-]{1,100}$/;
const endpointPath = /^\/(?!\/)[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,500}$/;

function siretMessage(value: string): string | undefined {
  switch (siretProblem(value)) {
    case 'format':
      return `the recipient SIRET must be 14 digits (got ${value.length} characters)`;
    case 'checksum':
      return 'the recipient SIRET is not valid: its check digit (Luhn key) is wrong (La Poste’s SIRETs, SIREN 356000000, follow their own rule)';
    default:
      return undefined;
  }
}

/** The options of data retrieval, spread into the BFF's options schema. No defaults here: see `dataSettingsOf`. */
export const dataOptionsShape = {
  recipientSiret: z
    .string({ error: 'the recipient SIRET must be text' })
    // SIRETs are often written in groups (130 025 265 00013).
    .transform((value) => value.replace(/\s+/g, ''))
    .superRefine((value, ctx) => {
      const message = siretMessage(value);
      if (message !== undefined) ctx.addIssue({ code: 'custom', message });
    })
    .optional(),
  dataProviderUrl: z.string().optional(),
  dataScopes: z
    .union([z.string(), z.array(z.string())], { error: 'the data scopes must be a space-separated list' })
    .transform((value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value))
    .refine((scopes) => scopes.length > 0, 'the data scopes must not be empty')
    .refine(
      (scopes) => scopes.every((scope) => scopeToken.test(scope)),
      'the data scopes must be scope names (letters, digits, _ : . -)',
    )
    .refine(
      (scopes) => scopes.every((scope) => !isIdentityScope(scope)),
      'the data scopes must not include identity scopes (openid, given_name…): those come from FC_SCOPES',
    )
    .transform((scopes) => [...new Set(scopes)])
    .optional(),
  dataEndpoints: z
    .union([z.string(), z.record(z.string(), z.string())], {
      error: 'the data endpoints must be a list of scope=/path',
    })
    .transform((value, ctx) => {
      if (typeof value !== 'string') return value;
      const endpoints: Record<string, string> = {};
      for (const pair of value.split(/[\s,]+/).filter(Boolean)) {
        const [scope, path, ...rest] = pair.split('=');
        if (scope === undefined || path === undefined || rest.length > 0) {
          ctx.addIssue({ code: 'custom', message: `"${pair}" is not scope=/path` });
          return z.NEVER;
        }
        endpoints[scope] = path;
      }
      return endpoints;
    })
    .refine(
      (endpoints) =>
        Object.entries(endpoints).every(([scope, path]) => scopeToken.test(scope) && endpointPath.test(path)),
      'each data endpoint must be scope=/path, the path absolute, without a query or a fragment',
    )
    .optional(),
};

/** The data options once checked (config.ts checks the URL and the durations with its own rules). */
export interface DataOptions {
  environment: keyof typeof DATA_PROVIDER_URLS;
  recipientSiret?: string | undefined;
  dataScopes?: string[] | undefined;
  dataEndpoints?: Record<string, string> | undefined;
  dataProviderUrl?: string | undefined;
  dataHttpTimeout?: number | undefined;
  dataRetention?: number | undefined;
}

export interface DataOptionProblem {
  option: keyof DataOptions;
  message: string;
}

/**
 * The data settings from checked options (`undefined` when retrieval is off), and the problems found
 * across options, each naming the option it concerns.
 */
export function dataSettingsOf(options: DataOptions): {
  settings: DataSettings | undefined;
  problems: DataOptionProblem[];
} {
  const problems: DataOptionProblem[] = [];
  if (options.recipientSiret === undefined) {
    const set = (
      ['dataScopes', 'dataEndpoints', 'dataProviderUrl', 'dataHttpTimeout', 'dataRetention'] as const
    ).find((name) => options[name] !== undefined);
    if (set !== undefined) {
      problems.push({
        option: 'recipientSiret',
        message: `the recipient SIRET is required to retrieve data (${set} is set)`,
      });
    }
    return { settings: undefined, problems };
  }
  const scopes = options.dataScopes ?? [...DATA_DEFAULTS.scopes];
  const endpoints: Record<string, string> = {};
  for (const scope of scopes) {
    const path = options.dataEndpoints?.[scope] ?? DEFAULT_DATA_ENDPOINTS[scope];
    if (path === undefined) {
      problems.push({
        option: 'dataEndpoints',
        message: `the data scope ${scope} has no endpoint: add ${scope}=/path to the data endpoints`,
      });
    } else endpoints[scope] = path;
  }
  return {
    settings: {
      recipientSiret: options.recipientSiret,
      providerUrl: options.dataProviderUrl ?? DATA_PROVIDER_URLS[options.environment],
      scopes,
      endpoints,
      httpTimeout: options.dataHttpTimeout ?? DATA_DEFAULTS.httpTimeout,
      retention: options.dataRetention ?? DATA_DEFAULTS.retention,
    },
    problems,
  };
}
