import { DEFAULT_SCOPES } from '@franceconnect-kit/protocol';
import { z } from 'zod';
import { dataOptionsShape, dataSettingsOf } from './data/settings.js';
import { isLoopbackUrl } from './franceconnect/loopback.js';

/**
 * The one configuration schema of the BFF. `createFranceConnectBff(options)` and the `franceconnect-bff`
 * server (environment variables, see `configFromEnv`) both go through it, so a value is checked once,
 * the same way, and every default lives here.
 */

/** Issuers of the FranceConnect v2 platforms (`FC_ENV`). `local` is the kit's local FranceConnect. */
export const FRANCECONNECT_ISSUERS = {
  local: 'http://127.0.0.1:3001/api/v2',
  sandbox: 'https://fcp-low.sbx.dev-franceconnect.fr/api/v2',
  production: 'https://oidc.franceconnect.gouv.fr/api/v2',
} as const;
export type FranceConnectEnvironment = keyof typeof FRANCECONNECT_ISSUERS;

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

function httpsOrLoopback(what: string) {
  return z
    .string({ error: `${what} is required` })
    .trim()
    .refine((value) => URL.canParse(value), `${what} must be an absolute URL`)
    .refine((value) => {
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url));
    }, `${what} ${loopbackRule}`)
    .refine((value) => {
      const url = new URL(value);
      return url.username === '' && url.password === '' && url.search === '' && url.hash === '';
    }, `${what} must not carry credentials, a query or a fragment`)
    .transform((value) => value.replace(/\/+$/, ''));
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

const sessionSecretSchema = z
  .union([z.string(), z.array(z.string()).min(1)], {
    error: 'the session secret is required (at least 32 characters)',
  })
  .transform((value) => (typeof value === 'string' ? [value] : value))
  .refine((secrets) => secrets.every((secret) => secret.length >= 32), {
    message: 'the session secret must be at least 32 characters long',
  });

/** The options of `createFranceConnectBff`, as checked at run time (see `FranceConnectBffOptions`). */
export const bffOptionsSchema = z
  .object({
    environment: z
      .enum(Object.keys(FRANCECONNECT_ISSUERS) as [FranceConnectEnvironment, ...FranceConnectEnvironment[]], {
        error: 'the FranceConnect environment must be local, sandbox or production',
      })
      .default(DEFAULTS.environment),
    issuer: httpsOrLoopback('the FranceConnect issuer').optional(),
    clientId: z
      .string({ error: 'the client id is required' })
      .trim()
      .min(1, 'the client id is required')
      .max(256, 'the client id is too long')
      .regex(/^[\x21-\x7e]+$/, 'the client id must be printable ASCII without spaces'),
    clientSecret: z
      .string({ error: 'the client secret is required' })
      .min(1, 'the client secret is required')
      .max(1024, 'the client secret is too long'),
    publicUrl: httpsOrLoopback('the public URL').refine(
      (value) => new URL(value).pathname === '/',
      'the public URL must be an origin without a path (e.g. https://demarches.example.fr); mount the BFF at the root',
    ),
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
  })
  .transform((options, ctx) => {
    const data = dataSettingsOf(options);
    for (const problem of data.problems) {
      ctx.addIssue({ code: 'custom', message: problem.message, path: [problem.option], input: options });
    }
    // The options stay as given, so that settings can be passed back as options (the server does).
    return {
      ...options,
      issuer: options.issuer ?? FRANCECONNECT_ISSUERS[options.environment],
      /** Data retrieval's settings; `undefined` when it is off (no recipient SIRET). */
      data: data.settings,
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
export const serverOptionsSchema = z.object({
  port: z.coerce
    .number({ error: 'the port must be a number' })
    .int('the port must be an integer')
    .min(0, 'the port must be between 0 and 65535')
    .max(65535, 'the port must be between 0 and 65535')
    .default(DEFAULTS.port),
  host: z.string().trim().min(1, 'the host must not be empty').default(DEFAULTS.host),
  staticDir: z.string().trim().min(1, 'the static folder must not be empty').optional(),
  trustProxy: z.string().trim().min(1).default(DEFAULTS.trustProxy),
  /** Accounts with their defaults (SQLite in the sessions' file); in code, the `accounts` option. */
  accounts: z.stringbool({ error: 'accounts must be on or off (true/false, 1/0, yes/no)' }).default(false),
  logLevel: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'the log level must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default(DEFAULTS.logLevel),
});
export type ServerSettings = z.output<typeof serverOptionsSchema>;

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
  PORT: 'port',
  HOST: 'host',
  STATIC_DIR: 'staticDir',
  TRUST_PROXY: 'trustProxy',
  ACCOUNTS: 'accounts',
  LOG_LEVEL: 'logLevel',
} as const;

export type EnvConfig =
  { ok: true; settings: BffSettings; server: ServerSettings } | { ok: false; problems: string[] };

/**
 * Reads the configuration of the standalone server from environment variables. Never throws: a bad
 * configuration gives one line per bad variable, naming it.
 */
export function configFromEnv(env: NodeJS.ProcessEnv): EnvConfig {
  const byOption = new Map<string, string>(
    Object.entries(ENVIRONMENT_VARIABLES).map(([variable, option]) => [option, variable]),
  );
  const input: Record<string, string> = {};
  for (const [variable, option] of Object.entries(ENVIRONMENT_VARIABLES)) {
    const value = env[variable];
    if (value !== undefined && value !== '') input[option] = value;
  }
  const messages = new Map<string, string[]>();
  const report = (issues: readonly z.core.$ZodIssue[]) => {
    for (const issue of issues) {
      const option = String(issue.path[0] ?? '');
      const variable = byOption.get(option) ?? option;
      const list = messages.get(variable) ?? [];
      if (!list.includes(issue.message)) list.push(issue.message);
      messages.set(variable, list);
    }
  };
  const settings = bffOptionsSchema.safeParse(input);
  if (!settings.success) report(settings.error.issues);
  const server = serverOptionsSchema.safeParse(input);
  if (!server.success) report(server.error.issues);
  if (!settings.success || !server.success) {
    return {
      ok: false,
      problems: [...messages].map(([variable, list]) => `${variable}: ${list.join('; ')}`),
    };
  }
  return { ok: true, settings: settings.data, server: server.data };
}
