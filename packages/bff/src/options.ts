import { claimsForScopes, PIVOT_CLAIMS } from '@franceconnect-kit/protocol';
import { z } from 'zod';
import { LINK_PURPOSE } from './accounts/context.js';
import { accountsOptionsSchema, type AccountsOptions } from './accounts/options.js';
import {
  bffOptionsSchema,
  SESSION_STORE_KINDS,
  type BffSettings,
  type BffSettingsInput,
  type SessionStoreKind,
} from './config.js';
import type { RetrievedDataStore } from './data/retrieved-data-store.js';
import { DATA_PURPOSE } from './data/start-route.js';
import type { OutboundInterceptor } from './franceconnect/outbound-fetch.js';
import type { PageOverrides } from './http/respond.js';
import type { Logger } from './log.js';
import { SIGN_IN_PURPOSE, type PurposeHandler, type SignInHook } from './purposes.js';
import { releasesPivotIdentity } from './franceconnect-plus/settings.js';
import { safeReturnTo } from './return-to.js';
import type { SessionStore } from './session/session-store.js';
import { RETRIEVED_DATA_STORE_KINDS, type RetrievedDataStoreKind } from './store-options.js';
import { stepUpOptionsSchema, type StepUpOptions } from './step-up/options.js';

/*
 * The options of `createFranceConnectBff`, checked in one pass: the settings (config.ts, shared with the
 * standalone server's environment) and the collaborators (objects and functions only code can give),
 * then the rules that tie features together. Every problem is reported at once, one line per option.
 */

/**
 * Options of `createFranceConnectBff`. Only `clientId`, `clientSecret`, `publicUrl` and
 * `sessionSecret` are required; every default is in `DEFAULTS` (config.ts) and in the README.
 */
export interface FranceConnectBffOptions extends Omit<
  BffSettingsInput,
  'sessionStore' | 'retrievedDataStore'
> {
  /** `sqlite` (default), `redis`, `memory` (tests only), or a `SessionStore` you own and close. */
  sessionStore?: SessionStoreKind | SessionStore;
  /** A pino logger; default: JSON lines on stdout at level `info`. */
  logger?: Logger;
  /** The site's home page (a same-origin path); notices are sent there. Default `/`. */
  home?: string;
  /** Your own pages instead of the built-in ones (the browser is redirected with `?reason=`). */
  pages?: PageOverrides;
  /**
   * Accounts (sign-up, local sign-in, reconciliation, profile, deletion): `true` for the defaults (SQLite
   * in the sessions' database file), or `AccountsOptions`. Default: none.
   */
  accounts?: boolean | AccountsOptions;
  /** Called with every verified sign-in before the session is created (not with `accounts`, which use it). */
  onSignIn?: SignInHook;
  /** Handlers of authorizations started for other purposes (`bff.startAuthorization`). */
  purposes?: Record<string, PurposeHandler>;
  /** Observes or adapts outbound calls to FranceConnect (proxies, metrics, tests). */
  interceptOutbound?: OutboundInterceptor;
  /** Extra PEM certificates to trust for FranceConnect's (and the data provider's) TLS, on top of Node's roots. */
  trustedCertificates?: string | string[];
  /**
   * Where retrieved data waits for `/api/data`: `memory` (default, this process's), `redis` (shared by
   * every instance, sealed with `dataStoreKey`), or a `RetrievedDataStore` you own. Never a database.
   */
  retrievedDataStore?: RetrievedDataStoreKind | RetrievedDataStore;
  /**
   * Sensitive acts (`bff.requireRecentAuthentication`, `bff.requireStepUp`, and the accounts' own):
   * the page that hosts `<franceconnect-step-up>`, how recent, passkeys.
   */
  stepUp?: StepUpOptions;
}

/** Thrown by `createFranceConnectBff` for bad options; `problems` has one line per bad option. */
export class BffConfigurationError extends Error {
  override readonly name = 'BffConfigurationError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid FranceConnect BFF options:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
    this.problems = problems;
  }
}

const fn = <T>(what: string) =>
  z.custom<T>((value) => typeof value === 'function', `${what} must be a function`);
const sitePath = (what: string) =>
  z
    .string()
    .refine(
      (value) => safeReturnTo(value, '') === value,
      `${what} must be a same-origin path such as /accueil`,
    );

const collaboratorsSchema = z.object({
  sessionStore: z
    .union([
      z.enum(SESSION_STORE_KINDS),
      z.custom<SessionStore>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          ['get', 'set', 'destroy', 'consumeOnce', 'destroyAllForUser', 'ping', 'close'].every(
            (method) => typeof (value as Record<string, unknown>)[method] === 'function',
          ),
      ),
    ])
    .optional(),
  logger: z
    .custom<Logger>(
      (value) => typeof value === 'object' && value !== null && typeof (value as Logger).child === 'function',
    )
    .optional(),
  home: sitePath('home').default('/'),
  pages: z
    .object({
      cancelled: sitePath('pages.cancelled'),
      error: sitePath('pages.error'),
      unavailable: sitePath('pages.unavailable'),
    })
    .partial()
    .strict()
    .default({}),
  accounts: z.preprocess(
    (value) => (value === true ? {} : value === false ? undefined : value),
    accountsOptionsSchema.optional(),
  ),
  onSignIn: fn<SignInHook>('onSignIn').optional(),
  purposes: z
    .record(
      z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'purpose names are lower-case words'),
      fn<PurposeHandler>('a purpose handler'),
    )
    .refine((purposes) => !Object.hasOwn(purposes, SIGN_IN_PURPOSE), `${SIGN_IN_PURPOSE} is built in`)
    .default({}),
  interceptOutbound: fn<OutboundInterceptor>('interceptOutbound').optional(),
  trustedCertificates: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (typeof value === 'string' ? [value] : value))
    .optional(),
  retrievedDataStore: z
    .enum(RETRIEVED_DATA_STORE_KINDS)
    .transform(() => undefined)
    .or(
      z.custom<RetrievedDataStore>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          ['get', 'set', 'forgetSession', 'forgetUser', 'close'].every(
            (method) => typeof (value as Record<string, unknown>)[method] === 'function',
          ),
        'retrievedDataStore must be memory, redis, or implement get, set, forgetSession, forgetUser and close',
      ),
    )
    .optional(),
  stepUp: stepUpOptionsSchema,
});

/** One line per bad option, naming it. */
export function problemsOf(error: z.ZodError): string[] {
  const byOption = new Map<string, string[]>();
  for (const issue of error.issues) {
    const option = issue.path.join('.') || 'options';
    const messages = byOption.get(option) ?? [];
    if (!messages.includes(issue.message)) messages.push(issue.message);
    byOption.set(option, messages);
  }
  return [...byOption].map(([option, messages]) => `${option}: ${messages.join('; ')}`);
}

export type Collaborators = z.output<typeof collaboratorsSchema>;

/** Checks every option; throws `BffConfigurationError` listing every problem. */
export function checkOptions(options: FranceConnectBffOptions): {
  settings: BffSettings;
  collaborators: Collaborators;
} {
  if (typeof options !== 'object' || options === null) {
    throw new BffConfigurationError(['options: createFranceConnectBff takes an object of options']);
  }
  const input = options as FranceConnectBffOptions & Record<string, unknown>;
  const settingsResult = bffOptionsSchema.safeParse({
    ...input,
    sessionStore: typeof input.sessionStore === 'string' ? input.sessionStore : undefined,
    retrievedDataStore: typeof input.retrievedDataStore === 'string' ? input.retrievedDataStore : undefined,
  });
  const collaboratorsResult = collaboratorsSchema.safeParse(input);
  if (!settingsResult.success || !collaboratorsResult.success) {
    throw new BffConfigurationError([
      ...(settingsResult.success ? [] : problemsOf(settingsResult.error)),
      ...(collaboratorsResult.success ? [] : problemsOf(collaboratorsResult.error)),
    ]);
  }
  const settings = settingsResult.data;
  const collaborators = collaboratorsResult.data;
  const problems: string[] = [];
  if (settings.data && Object.hasOwn(collaborators.purposes, DATA_PURPOSE)) {
    problems.push(
      `purposes.${DATA_PURPOSE}: the ${DATA_PURPOSE} purpose is built in when recipientSiret is set`,
    );
  }
  if (settings.databaseUrl !== undefined && !collaborators.accounts) {
    problems.push('databaseUrl: the PostgreSQL database holds accounts: set accounts too, or leave it unset');
  }
  if (settings.databaseUrl !== undefined && collaborators.accounts?.store) {
    problems.push('databaseUrl: not with accounts.store, which already says where accounts live');
  }
  if (collaborators.accounts) {
    if (collaborators.onSignIn) {
      problems.push('onSignIn: not with accounts, which decide every sign-in (read bff.accounts instead)');
    }
    if (Object.hasOwn(collaborators.purposes, LINK_PURPOSE)) {
      problems.push(`purposes.${LINK_PURPOSE}: reserved by accounts (« Lier mon compte FranceConnect »)`);
    }
    const released = claimsForScopes(settings.scopes);
    if (!PIVOT_CLAIMS.every((claim) => released.has(claim))) {
      problems.push(`scopes: accounts need the whole pivot identity (${PIVOT_CLAIMS.join(' ')})`);
    }
    if (settings.franceconnectPlus && !releasesPivotIdentity(settings.franceconnectPlus.scopes)) {
      problems.push(
        `franceconnectPlus.scopes: accounts need the whole pivot identity (${PIVOT_CLAIMS.join(' ')})`,
      );
    }
  } else if (collaborators.stepUp.passkeys) {
    problems.push('stepUp.passkeys: passkeys are kept on accounts: turn accounts on');
  }
  if (problems.length > 0) throw new BffConfigurationError(problems);
  return { settings, collaborators };
}
