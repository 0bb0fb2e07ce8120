import {
  apiOfScope,
  DATA_APIS,
  isDataApiName,
  isIdentityScope,
  siretProblem,
} from '@franceconnect-kit/protocol';
import { z } from 'zod';

/**
 * The configuration of data retrieval ("API FranceConnectées"), part of the BFF's one schema
 * (config.ts). Retrieval is on when `recipientSiret` is set: it is the one value without a default,
 * since it names the organisation that receives the data. A service chooses APIs of the catalogue by
 * name (`dataApis`); the scopes to ask FranceConnect for and the endpoints to call follow from it.
 */

/** Where the data provider is, per `environment` (API Particulier, or the kit's local data provider). */
export const DATA_PROVIDER_URLS = {
  local: 'http://127.0.0.1:3002',
  sandbox: 'https://staging.particulier.api.gouv.fr',
  production: 'https://particulier.api.gouv.fr',
} as const;

/** API Particulier's family-quotient endpoint, FranceConnect mode. */
export const QUOTIENT_FAMILIAL_ENDPOINT = DATA_APIS.quotient_familial.endpoint;

/** The catalogue's endpoint of each data scope (`dataEndpoints` may say otherwise). */
export const DEFAULT_DATA_ENDPOINTS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(DATA_APIS).flatMap((api) => Object.keys(api.scopes).map((scope) => [scope, api.endpoint])),
);

export const DATA_DEFAULTS = {
  /**
   * Without `dataApis` nor `dataScopes`: the family quotient only, as the demo's form needs; a service
   * asks for the data its habilitation grants, no more.
   */
  scopes: ['cnaf_quotient_familial'] as readonly string[],
  /** Seconds before a call to the data provider gives up (the access token itself lives 60 s). */
  httpTimeout: 10,
  /** Seconds the retrieved data stays available to the session (FranceConnect's session is 30 minutes). */
  retention: 30 * 60,
} as const;

/** One API this service may retrieve. */
export interface DataApiSettings {
  /** Its catalogue name (`statut_etudiant`), or, for a scope outside the catalogue, that scope. */
  name: string;
  /** Whether the catalogue describes it (its data is then checked against the catalogue's schema). */
  catalogued: boolean;
  /** The path called at the data provider. */
  endpoint: string;
  /** The FranceConnect scopes asked for it, in order. */
  scopes: string[];
}

/** Data retrieval, checked, every default applied. */
export interface DataSettings {
  /** The SIRET sent as `recipient`: the organisation that receives the data. */
  recipientSiret: string;
  /** The data provider's base URL, without a trailing slash. */
  providerUrl: string;
  /** The APIs this service may retrieve (the allow-list of `/auth/data` and `/auth/login?apis=`), in order. */
  apis: DataApiSettings[];
  /** The APIs retrieved with every sign-in (`signInDataApis`), unless the sign-in URL says otherwise. */
  signInApis: string[];
  /** Every allowed data scope, in order (the scopes of `apis`). */
  scopes: string[];
  /** The endpoint of each allowed scope (its API's). */
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

/** A list given as an array, or as text separated by spaces or commas (environment variables). */
function nameList(what: string) {
  return z
    .union([z.string(), z.array(z.string())], { error: `the ${what} must be a space-separated list` })
    .transform((value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value))
    .refine((names) => names.length > 0, `the ${what} must not be empty`)
    .refine(
      (names) => names.every((name) => scopeToken.test(name)),
      `the ${what} must be names (letters, digits, _ : . -)`,
    )
    .transform((names) => [...new Set(names)]);
}

const knownApis = () => Object.keys(DATA_APIS).join(', ');

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
  dataApis: nameList('data APIs')
    .superRefine((names, ctx) => {
      for (const name of names.filter((name) => !isDataApiName(name))) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} is not an API of the catalogue (${knownApis()})`,
        });
      }
    })
    .optional(),
  signInDataApis: nameList('sign-in data APIs').optional(),
  dataScopes: nameList('data scopes')
    .refine(
      (scopes) => scopes.every((scope) => !isIdentityScope(scope)),
      'the data scopes must not include identity scopes (openid, given_name…): those come from FC_SCOPES',
    )
    .optional(),
  dataEndpoints: z
    .union([z.string(), z.record(z.string(), z.string())], {
      error: 'the data endpoints must be a list of name=/path',
    })
    .transform((value, ctx) => {
      if (typeof value !== 'string') return value;
      const endpoints: Record<string, string> = {};
      for (const pair of value.split(/[\s,]+/).filter(Boolean)) {
        const [name, path, ...rest] = pair.split('=');
        if (name === undefined || path === undefined || rest.length > 0) {
          ctx.addIssue({ code: 'custom', message: `"${pair}" is not name=/path` });
          return z.NEVER;
        }
        endpoints[name] = path;
      }
      return endpoints;
    })
    .refine(
      (endpoints) =>
        Object.entries(endpoints).every(([name, path]) => scopeToken.test(name) && endpointPath.test(path)),
      'each data endpoint must be name=/path (an API or a scope), the path absolute, without a query or a fragment',
    )
    .optional(),
};

/** The data options once checked (config.ts checks the URL and the durations with its own rules). */
export interface DataOptions {
  environment: keyof typeof DATA_PROVIDER_URLS;
  recipientSiret?: string | undefined;
  dataApis?: string[] | undefined;
  signInDataApis?: string[] | undefined;
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
 *
 * - `dataApis` chooses APIs of the catalogue; each is asked for with all its scopes, unless
 *   `dataScopes` narrows them (then every chosen API needs at least one of its scopes there).
 * - `dataScopes` alone (the earlier way) chooses the APIs its scopes belong to. A scope outside the
 *   catalogue is retrieved from the endpoint `dataEndpoints` gives it, its data checked only as an object.
 * - `dataEndpoints` replaces an API's endpoint (`statut_etudiant_boursier=/v4/…`); a scope's name
 *   stands for its API.
 * - Neither `dataApis` nor `dataScopes`: `cnaf_quotient_familial` only.
 */
export function dataSettingsOf(options: DataOptions): {
  settings: DataSettings | undefined;
  problems: DataOptionProblem[];
} {
  const problems: DataOptionProblem[] = [];
  if (options.recipientSiret === undefined) {
    const set = (
      [
        'dataApis',
        'signInDataApis',
        'dataScopes',
        'dataEndpoints',
        'dataProviderUrl',
        'dataHttpTimeout',
        'dataRetention',
      ] as const
    ).find((name) => options[name] !== undefined);
    if (set !== undefined) {
      problems.push({
        option: 'recipientSiret',
        message: `the recipient SIRET is required to retrieve data (${set} is set)`,
      });
    }
    return { settings: undefined, problems };
  }

  const scopes =
    options.dataScopes ?? (options.dataApis === undefined ? [...DATA_DEFAULTS.scopes] : undefined);
  // The chosen APIs, in order, with the scopes asked for each.
  const chosen = new Map<string, { catalogued: boolean; scopes: string[] }>();
  for (const name of (options.dataApis ?? []).filter(isDataApiName)) {
    chosen.set(name, {
      catalogued: true,
      scopes: scopes === undefined ? Object.keys(DATA_APIS[name].scopes) : [],
    });
  }
  const endpoints = options.dataEndpoints ?? {};
  for (const scope of scopes ?? []) {
    const api = apiOfScope(scope);
    if (api === undefined) {
      // Outside the catalogue: an API of its own, called where `dataEndpoints` says.
      if (endpoints[scope] === undefined) {
        problems.push({
          option: 'dataEndpoints',
          message: `the data scope ${scope} is not in the catalogue and has no endpoint: add ${scope}=/path to the data endpoints`,
        });
      } else {
        // Scopes served by one endpoint are asked for in one call, under the first one's name.
        const same = [...chosen].find(
          ([name, entry]) => !entry.catalogued && endpoints[name] === endpoints[scope],
        );
        if (same) same[1].scopes.push(scope);
        else chosen.set(scope, { catalogued: false, scopes: [scope] });
      }
    } else if (options.dataApis !== undefined && !chosen.has(api)) {
      problems.push({
        option: 'dataScopes',
        message: `the data scope ${scope} belongs to the API ${api}, which is not in the data APIs`,
      });
    } else {
      const entry = chosen.get(api) ?? { catalogued: true, scopes: [] };
      entry.scopes.push(scope);
      chosen.set(api, entry);
    }
  }

  const apis: DataApiSettings[] = [];
  for (const [name, { catalogued, scopes: apiScopes }] of chosen) {
    if (apiScopes.length === 0) {
      problems.push({
        option: 'dataScopes',
        message: `none of the scopes of the API ${name} is in the data scopes (${Object.keys(
          DATA_APIS[name as keyof typeof DATA_APIS].scopes,
        ).join(', ')})`,
      });
      continue;
    }
    apis.push({
      name,
      catalogued,
      endpoint: endpointOf(name, catalogued, endpoints, problems),
      scopes: apiScopes,
    });
  }
  const named = new Set([...chosen].flatMap(([name, entry]) => [name, ...entry.scopes]));
  for (const key of Object.keys(endpoints)) {
    const api = apiOfScope(key);
    if (!named.has(key) && !(api !== undefined && chosen.has(api))) {
      problems.push({
        option: 'dataEndpoints',
        message: `${key} is neither one of the data APIs nor one of their scopes`,
      });
    }
  }

  const allowed = apis.map((api) => api.name);
  const signInApis = options.signInDataApis ?? [];
  for (const name of signInApis.filter((name) => !allowed.includes(name))) {
    problems.push({
      option: 'signInDataApis',
      message: `${name} is not one of the data APIs (${allowed.join(', ')})`,
    });
  }

  return {
    settings: {
      recipientSiret: options.recipientSiret,
      providerUrl: options.dataProviderUrl ?? DATA_PROVIDER_URLS[options.environment],
      apis,
      signInApis,
      scopes: apis.flatMap((api) => api.scopes),
      endpoints: Object.fromEntries(apis.flatMap((api) => api.scopes.map((scope) => [scope, api.endpoint]))),
      httpTimeout: options.dataHttpTimeout ?? DATA_DEFAULTS.httpTimeout,
      retention: options.dataRetention ?? DATA_DEFAULTS.retention,
    },
    problems,
  };
}

/** An API's endpoint: given by its name, or by one of its scopes (the earlier way), else the catalogue's. */
function endpointOf(
  name: string,
  catalogued: boolean,
  endpoints: Readonly<Record<string, string>>,
  problems: DataOptionProblem[],
): string {
  if (!catalogued) return endpoints[name] ?? '';
  const api = DATA_APIS[name as keyof typeof DATA_APIS];
  const given = [name, ...Object.keys(api.scopes)].filter((key) => endpoints[key] !== undefined);
  const paths = new Set(given.map((key) => endpoints[key]));
  if (paths.size > 1) {
    problems.push({
      option: 'dataEndpoints',
      message: `${given.join(', ')} belong to the API ${name}, which has one endpoint: give it once, as ${name}=/path`,
    });
  }
  return given.length > 0 ? (endpoints[given[0] ?? ''] ?? api.endpoint) : api.endpoint;
}
