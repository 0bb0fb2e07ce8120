import { DEFAULT_SCOPES } from '@franceconnect-kit/protocol';
import { z } from 'zod';
import { dataOptionsShape, dataSettingsOf } from './data/settings.js';
import { isLoopbackUrl } from './franceconnect/loopback.js';
import { storeOptionProblems, storeOptionsShape } from './store-options.js';
import { trustProxyProblem } from './http/trust-proxy.js';
import { safeReturnTo } from './return-to.js';
import {
  FRANCECONNECT_PLUS_ISSUERS,
  franceconnectPlusSchema,
  plusIssuerFromEnv,
} from './franceconnect-plus/settings.js';

/**
 * The one configuration schema of the BFF. `createFranceConnectBff(options)` and the `franceconnect-bff`
 * server (environment variables, see `configFromEnv`) both go through it, so a value is checked once,
 * the same way, and every default lives here. A bad value is reported, never thrown: every check below
 * reads a value only after the checks it depends on have passed.
 */

/**
 * Issuers of the FranceConnect v2 platforms (`FC_ENV`). `local` is the kit's local FranceConnect on its
 * default port; the `local` preset follows `MOCK_FC_PORT` (see `localPorts`).
 */
export const FRANCECONNECT_ISSUERS = {
  local: 'http://127.0.0.1:3001/api/v2',
  sandbox: 'https://fcp-low.sbx.dev-franceconnect.fr/api/v2',
  production: 'https://oidc.franceconnect.gouv.fr/api/v2',
} as const;
export type FranceConnectEnvironment = keyof typeof FRANCECONNECT_ISSUERS;

/**
 * The variables that move the local FranceConnect and its data provider, read by the `local` preset as
 * by `npm start` and the `mock-franceconnect` command, so that the three agree on a port.
 */
export const LOCAL_PORT_VARIABLES = {
  franceconnect: 'MOCK_FC_PORT',
  dataProvider: 'DATA_PROVIDER_PORT',
} as const;

/** eIDAS levels, lowest first (FranceConnect: `eidas1`; FranceConnect+: `eidas2`, `eidas3`). */
export const ACR_LEVELS = ['eidas1', 'eidas2', 'eidas3'] as const;
export type Acr = (typeof ACR_LEVELS)[number];

/** The two signature algorithms FranceConnect v2 offers; ES256 is the recommended one. */
export const SIGNING_ALGORITHMS = ['ES256', 'RS256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export const SESSION_STORE_KINDS = ['sqlite', 'redis', 'memory'] as const;
export type SessionStoreKind = (typeof SESSION_STORE_KINDS)[number];

/** Defaults, in one place (the README's configuration table repeats them). */
export const DEFAULTS = {
  environment: 'local' as FranceConnectEnvironment,
  sessionStore: 'sqlite' as SessionStoreKind,
  databasePath: 'var/franceconnect-bff-sessions.sqlite',
  redisUrl: 'redis://127.0.0.1:6379',
  scopes: DEFAULT_SCOPES as readonly string[],
  acrValues: 'eidas1' as Acr,
  signingAlgorithm: 'ES256' as SigningAlgorithm,
  /** 30 minutes without a request ends the session (FranceConnect's own SSO session is 30 minutes). */
  sessionIdleTimeout: 30 * 60,
  /** 12 hours after sign-in the session ends whatever the activity. */
  sessionAbsoluteTimeout: 12 * 60 * 60,
  /** Outbound calls to FranceConnect give up after this many seconds. */
  httpTimeout: 10,
  port: 3000,
  host: '127.0.0.1',
  trustProxy: 'loopback',
  logLevel: 'info',
} as const;

const loopbackRule = 'must use https (http is accepted only for loopback hosts: localhost, 127.0.0.1, [::1])';

/**
 * An https URL (http for loopback hosts), without credentials, query or fragment; trailing slashes
 * dropped. `origin`: nothing but the origin either (the public URL).
 */
function httpsOrLoopback(what: string, { origin = false } = {}) {
  return z
    .string({ error: `${what} is required` })
    .trim()
    .transform((value, ctx) => {
      const problem = (message: string) => {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      };
      if (!URL.canParse(value)) {
        return problem(
          `${what} must be an absolute URL such as https://demarches.example.fr (got ${quoted(value)})`,
        );
      }
      const url = new URL(value);
      if (!(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url)))) {
        return problem(`${what} ${loopbackRule}`);
      }
      if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
        return problem(`${what} must not carry credentials, a query or a fragment`);
      }
      if (origin && url.pathname !== '/') {
        return problem(
          `${what} must be an origin without a path (e.g. https://demarches.example.fr); mount the BFF at the root`,
        );
      }
      return value.replace(/\/+$/, '');
    });
}

/** A value quoted for an error message, cut short: configuration errors name what was wrong. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
}

/** A TCP port read from a variable: 1–65535. */
function portProblem(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  return /^\d{1,5}$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= 65535
    ? undefined
    : `must be a port number between 1 and 65535 (got ${quoted(value)})`;
}

/** Where the `local` preset finds the local FranceConnect and its data provider, from the environment. */
export function localPorts(env: NodeJS.ProcessEnv): { franceconnect: string; dataProvider: string } {
  return {
    franceconnect: env[LOCAL_PORT_VARIABLES.franceconnect]?.trim() || '3001',
    dataProvider: env[LOCAL_PORT_VARIABLES.dataProvider]?.trim() || '3002',
  };
}

/** Durations: a number of seconds, or a number with a unit (`90s`, `30m`, `12h`, `7d`). */
export function parseDuration(value: string): number | undefined {
  const match = /^(\d{1,9})\s*(s|m|h|d)?$/.exec(value.trim());
  if (!match) return undefined;
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

function duration(what: string) {
  return z.union([z.number(), z.string()]).transform((value, ctx) => {
    const seconds = typeof value === 'number' ? value : parseDuration(value);
    if (seconds === undefined || !Number.isInteger(seconds) || seconds < 1 || seconds > 366 * 86400) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be a duration between 1 second and 366 days (e.g. 1800, 30m, 12h)`,
      });
      return z.NEVER;
    }
    return seconds;
  });
}

const scopeToken = /^[A-Za-z0-9_:.-]{1,100}$/;

const scopesSchema = z
  .union([z.string(), z.array(z.string())], { error: 'scopes must be a space-separated list' })
  .transform((value) => (typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value))
  .refine((scopes) => scopes.every((scope) => scopeToken.test(scope)), {
    message: 'scopes must be space-separated scope names (letters, digits, _ : . -)',
  })
  .refine((scopes) => scopes.includes('openid'), { message: 'scopes must include openid' })
  .transform((scopes) => [...new Set(scopes)]);

function clientIdSchema(what: string) {
  return z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`)
    .max(256, `${what} is too long`)
    .regex(/^[\x21-\x7e]+$/, `${what} must be printable ASCII without spaces`);
}

function clientSecretSchema(what: string) {
  return z
    .string({ error: `${what} is required` })
    .min(1, `${what} is required`)
    .max(1024, `${what} is too long`);
}

const sessionSecretSchema = z
  .union([z.string(), z.array(z.string()).min(1)], {
    error: 'the session secret is required (at least 32 characters)',
  })
  .transform((value) => (typeof value === 'string' ? [value] : value))
  .refine((secrets) => secrets.every((secret) => secret.length >= 32), {
    message: 'the session secret must be at least 32 characters long',
  });

/** The environment the `local` preset reads its ports from: `configFromEnv`'s while it parses, else the process's. */
let parsingEnv: NodeJS.ProcessEnv | undefined;

/**
 * The issuer and the data provider's URL, with the `local` preset's ports taken from the environment
 * (`MOCK_FC_PORT`, `DATA_PROVIDER_PORT`) unless given as URLs; a bad port is a problem of its variable.
 */
function localPreset<D extends { providerUrl: string } | undefined>(
  options: {
    environment: FranceConnectEnvironment;
    issuer?: string | undefined;
    dataProviderUrl?: string | undefined;
  },
  data: D,
): { issuer: string; data: D; problems: Array<[variable: string, message: string]> } {
  const issuer = options.issuer ?? FRANCECONNECT_ISSUERS[options.environment];
  if (options.environment !== 'local') return { issuer, data, problems: [] };
  const env = parsingEnv ?? process.env;
  const ports = localPorts(env);
  const uses = {
    franceconnect: options.issuer === undefined,
    dataProvider: data !== undefined && options.dataProviderUrl === undefined,
  };
  const problems: Array<[string, string]> = [];
  for (const [service, variable] of Object.entries(LOCAL_PORT_VARIABLES)) {
    const problem = uses[service as keyof typeof uses] ? portProblem(env[variable]) : undefined;
    if (problem !== undefined) problems.push([variable, problem]);
  }
  return {
    issuer: uses.franceconnect ? `http://127.0.0.1:${ports.franceconnect}/api/v2` : issuer,
    data:
      data && uses.dataProvider ? { ...data, providerUrl: `http://127.0.0.1:${ports.dataProvider}` } : data,
    problems,
  };
}

/** The options of `createFranceConnectBff`, as checked at run time (see `FranceConnectBffOptions`). */
export const bffOptionsSchema = z
  .object({
    environment: z
      .enum(Object.keys(FRANCECONNECT_ISSUERS) as [FranceConnectEnvironment, ...FranceConnectEnvironment[]], {
        error: 'the FranceConnect environment must be local, sandbox or production',
      })
      .default(DEFAULTS.environment),
    issuer: httpsOrLoopback('the FranceConnect issuer').optional(),
    clientId: clientIdSchema('the client id'),
    clientSecret: clientSecretSchema('the client secret'),
    publicUrl: httpsOrLoopback('the public URL', { origin: true }),
    sessionSecret: sessionSecretSchema,
    sessionStore: z
      .enum(SESSION_STORE_KINDS, { error: 'the session store must be sqlite, redis or memory' })
      .default(DEFAULTS.sessionStore),
    databasePath: z
      .string()
      .trim()
      .min(1, 'the database path must not be empty')
      .default(DEFAULTS.databasePath),
    redisUrl: z
      .string()
      .trim()
      .refine((value) => URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol), {
        message: 'the Redis URL must look like redis://host:port or rediss://host:port',
      })
      .default(DEFAULTS.redisUrl),
    scopes: scopesSchema.default([...DEFAULTS.scopes]),
    acrValues: z
      .enum(ACR_LEVELS, { error: 'the acr value must be eidas1, eidas2 or eidas3' })
      .default(DEFAULTS.acrValues),
    signingAlgorithm: z
      .enum(SIGNING_ALGORITHMS, { error: 'the signing algorithm must be ES256 or RS256' })
      .default(DEFAULTS.signingAlgorithm),
    sessionIdleTimeout: duration('the session idle timeout').default(DEFAULTS.sessionIdleTimeout),
    sessionAbsoluteTimeout: duration('the session absolute lifetime').default(
      DEFAULTS.sessionAbsoluteTimeout,
    ),
    httpTimeout: duration('the HTTP timeout').default(DEFAULTS.httpTimeout),
    // Data retrieval (API FranceConnectées): on when recipientSiret is set; see data/settings.ts.
    ...dataOptionsShape,
    dataProviderUrl: httpsOrLoopback('the data provider URL').optional(),
    dataHttpTimeout: duration('the data provider timeout').optional(),
    dataRetention: duration('the retention of retrieved data').optional(),
    // Shared stores for several instances (PostgreSQL accounts, Redis retrieved data); see store-options.ts.
    ...storeOptionsShape,
    /** `GET /auth/verify` for a reverse proxy's sub-request authentication (nginx auth_request…). */
    gateway: z
      .union([z.boolean(), z.stringbool()], {
        error: 'the gateway must be on or off (true/false, 1/0, yes/no)',
      })
      .default(false),
    // FranceConnect+ (second factor, eIDAS substantial or high): on when its client id is set.
    franceconnectPlus: franceconnectPlusSchema({
      issuer: httpsOrLoopback('FranceConnect+’s issuer'),
      clientId: clientIdSchema('FranceConnect+’s client id'),
      clientSecret: clientSecretSchema('FranceConnect+’s client secret'),
      scopes: scopesSchema,
    }).optional(),
  })
  .transform((options, ctx) => {
    const data = dataSettingsOf(options);
    for (const problem of [...data.problems, ...storeOptionProblems(options)]) {
      ctx.addIssue({ code: 'custom', message: problem.message, path: [problem.option], input: options });
    }
    const local = localPreset(options, data.settings);
    for (const [variable, message] of local.problems) {
      ctx.addIssue({ code: 'custom', message, path: [variable], input: options });
    }
    // The options stay as given, so that settings can be passed back as options (the server does).
    return {
      ...options,
      issuer: local.issuer,
      franceconnectPlus: options.franceconnectPlus && {
        ...options.franceconnectPlus,
        issuer: options.franceconnectPlus.issuer ?? FRANCECONNECT_PLUS_ISSUERS[options.environment],
      },
      /** Data retrieval's settings; `undefined` when it is off (no recipient SIRET). */
      data: local.data,
    };
  })
  .refine((options) => options.sessionAbsoluteTimeout >= options.sessionIdleTimeout, {
    message: 'the session absolute lifetime must not be shorter than the idle timeout',
    path: ['sessionAbsoluteTimeout'],
  });

export type BffSettingsInput = z.input<typeof bffOptionsSchema>;
/** Checked settings, every default applied. */
export type BffSettings = z.output<typeof bffOptionsSchema>;

/** Settings of the standalone server, on top of the router's. */
export const serverOptionsSchema = z
  .object({
    port: z.coerce
      .number({ error: 'the port must be a number' })
      .int('the port must be an integer')
      .min(0, 'the port must be between 0 and 65535')
      .max(65535, 'the port must be between 0 and 65535')
      .default(DEFAULTS.port),
    host: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.:-]{1,253}$/, 'the host must be an address (0.0.0.0, 127.0.0.1, ::) or a host name')
      .default(DEFAULTS.host),
    staticDir: z.string().trim().min(1, 'the static folder must not be empty').optional(),
    trustProxy: z.string().trim().superRefine(refusedTrustProxy).default(DEFAULTS.trustProxy),
    /** Accounts with their defaults (SQLite in the sessions' file); in code, the `accounts` option. */
    accounts: z.stringbool({ error: 'accounts must be on or off (true/false, 1/0, yes/no)' }).default(false),
    /** `accounts.signUpPage` and `accounts.profilePage` (with `accounts`); default: the BFF's own pages. */
    signUpPage: sitePath('the sign-up page').optional(),
    profilePage: sitePath('the profile page').optional(),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'the log level must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default(DEFAULTS.logLevel),
    /** Prometheus metrics on their own port (`/metrics`), never the public one. Default: off. */
    metricsPort: z.coerce
      .number({ error: 'the metrics port must be a number' })
      .int('the metrics port must be an integer')
      .min(0, 'the metrics port must be between 0 and 65535')
      .max(65535, 'the metrics port must be between 0 and 65535')
      .optional(),
    metricsHost: z.string().trim().min(1, 'the metrics host must not be empty').default('127.0.0.1'),
    /** How long in-flight requests may take to finish once asked to stop. */
    shutdownTimeout: duration('the shutdown timeout').default(10),
    // Only to say that the database URL needs accounts (the router's schema checks the URL itself).
    databaseUrl: z.string().optional(),
  })
  .refine((server) => server.databaseUrl === undefined || server.accounts, {
    message: 'the PostgreSQL database holds accounts: set ACCOUNTS=on too, or leave DATABASE_URL unset',
    path: ['databaseUrl'],
  });
export type ServerSettings = z.output<typeof serverOptionsSchema>;

function refusedTrustProxy(value: string, ctx: z.RefinementCtx): void {
  const problem = trustProxyProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
}

function sitePath(what: string) {
  return z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      if (safeReturnTo(value, '') !== value) {
        ctx.addIssue({
          code: 'custom',
          message: `${what} must be a same-origin path such as /inscription (got ${quoted(value)})`,
        });
      }
    });
}

/** Each environment variable, the option it sets, and what it means (the README's table). */
export const ENVIRONMENT_VARIABLES = {
  FC_ENV: 'environment',
  FC_ISSUER: 'issuer',
  FC_CLIENT_ID: 'clientId',
  FC_CLIENT_SECRET: 'clientSecret',
  PUBLIC_URL: 'publicUrl',
  SESSION_SECRET: 'sessionSecret',
  SESSION_STORE: 'sessionStore',
  DATABASE_PATH: 'databasePath',
  REDIS_URL: 'redisUrl',
  FC_SCOPES: 'scopes',
  FC_ACR_VALUES: 'acrValues',
  FC_SIGNING_ALG: 'signingAlgorithm',
  SESSION_IDLE_TIMEOUT: 'sessionIdleTimeout',
  SESSION_ABSOLUTE_TIMEOUT: 'sessionAbsoluteTimeout',
  FC_HTTP_TIMEOUT: 'httpTimeout',
  RECIPIENT_SIRET: 'recipientSiret',
  DATA_PROVIDER_URL: 'dataProviderUrl',
  DATA_APIS: 'dataApis',
  SIGN_IN_DATA_APIS: 'signInDataApis',
  FC_DATA_SCOPES: 'dataScopes',
  DATA_ENDPOINTS: 'dataEndpoints',
  DATA_HTTP_TIMEOUT: 'dataHttpTimeout',
  DATA_RETENTION: 'dataRetention',
  DATABASE_URL: 'databaseUrl',
  DATA_STORE: 'retrievedDataStore',
  DATA_STORE_KEY: 'dataStoreKey',
  DATA_REDIS_URL: 'dataRedisUrl',
  GATEWAY: 'gateway',
  FC_PLUS_ISSUER: 'franceconnectPlus.issuer',
  FC_PLUS_CLIENT_ID: 'franceconnectPlus.clientId',
  FC_PLUS_CLIENT_SECRET: 'franceconnectPlus.clientSecret',
  FC_PLUS_ACR_VALUES: 'franceconnectPlus.acrValues',
  FC_PLUS_SCOPES: 'franceconnectPlus.scopes',
  FC_PLUS_ENCRYPTION_KEYS: 'franceconnectPlus.encryptionKeys',
  FC_PLUS_ENCRYPTION_KEYS_FILE: 'franceconnectPlus.encryptionKeysFile',
  PORT: 'port',
  HOST: 'host',
  STATIC_DIR: 'staticDir',
  TRUST_PROXY: 'trustProxy',
  ACCOUNTS: 'accounts',
  SIGN_UP_PAGE: 'signUpPage',
  PROFILE_PAGE: 'profilePage',
  LOG_LEVEL: 'logLevel',
  METRICS_PORT: 'metricsPort',
  METRICS_HOST: 'metricsHost',
  SHUTDOWN_TIMEOUT: 'shutdownTimeout',
} as const;

/**
 * The variable that sets an option: a group's own (`franceconnectPlus.clientId` → `FC_PLUS_CLIENT_ID`),
 * an accounts' page (`accounts.signUpPage` → `SIGN_UP_PAGE`), the option's (`dataEndpoints.x` →
 * `DATA_ENDPOINTS`), or the option's own name.
 */
export function variableOfOption(option: string): string {
  const [first = '', second] = option.split('.');
  const candidates = [second === undefined ? undefined : `${first}.${second}`, first];
  if (first === 'accounts') candidates.push(second);
  for (const candidate of candidates) {
    const found = Object.entries(ENVIRONMENT_VARIABLES).find(([, name]) => name === candidate);
    if (found) return found[0];
  }
  return option;
}

/** A `BffConfigurationError`'s lines (`option: message`) in the environment's terms (`VARIABLE: message`). */
export function problemsInEnvironmentTerms(problems: readonly string[]): string[] {
  return problems.map((line) =>
    line.replace(/^([\w.]+):/, (_match, option: string) => `${variableOfOption(option)}:`),
  );
}

export type EnvConfig =
  { ok: true; settings: BffSettings; server: ServerSettings } | { ok: false; problems: string[] };

/**
 * Reads the configuration of the standalone server from environment variables. Never throws: a bad
 * configuration gives one line per bad variable, naming it.
 */
export function configFromEnv(env: NodeJS.ProcessEnv): EnvConfig {
  const input: Record<string, unknown> = {};
  for (const [variable, option] of Object.entries(ENVIRONMENT_VARIABLES)) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    // `group.option` names an option of a group (FranceConnect+'s `franceconnectPlus.clientId`).
    const [group, nested] = option.split('.') as [string, string | undefined];
    if (nested === undefined) input[group] = value;
    else input[group] = { ...(input[group] as object | undefined), [nested]: value };
  }
  const plusIssuer = plusIssuerFromEnv(env, input.franceconnectPlus);
  if (plusIssuer !== undefined)
    input.franceconnectPlus = { ...(input.franceconnectPlus as object), issuer: plusIssuer };
  const messages = new Map<string, string[]>();
  const report = (issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>) => {
    for (const issue of issues) {
      const variable = variableOfOption(issue.path.slice(0, 2).map(String).join('.'));
      const list = messages.get(variable) ?? [];
      if (!list.includes(issue.message)) list.push(issue.message);
      messages.set(variable, list);
    }
  };
  parsingEnv = env; // parsing is synchronous: no other parse can see it
  let settings;
  try {
    settings = bffOptionsSchema.safeParse(input);
  } finally {
    parsingEnv = undefined;
  }
  if (!settings.success) report(settings.error.issues);
  const server = serverOptionsSchema.safeParse(input);
  if (!server.success) report(server.error.issues);
  const accounts = serverOptionsSchema.shape.accounts.safeParse(input.accounts);
  for (const page of ['signUpPage', 'profilePage'] as const) {
    if (input[page] !== undefined && accounts.success && !accounts.data) {
      report([{ path: [page], message: 'a page of the accounts: set ACCOUNTS=on too' }]);
    }
  }
  if (!settings.success || !server.success || messages.size > 0) {
    return {
      ok: false,
      problems: [...messages].map(([variable, list]) => `${variable}: ${list.join('; ')}`),
    };
  }
  return { ok: true, settings: settings.data, server: server.data };
}
