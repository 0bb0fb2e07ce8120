import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, type Provider } from 'oidc-provider';
import { z } from 'zod';
import { checktokenHandler } from './checktoken.js';
import {
  DEMO_DATA_PROVIDER,
  demoClient,
  demoPlusClient,
  parseClients,
  parseDataProviders,
  RegistrationError,
  type DataProviderRegistration,
  type MockClient,
} from './clients.js';
import { sendHtml } from './http-io.js';
import { loadIdentities, parseIdentities, type TestIdentity } from './identities.js';
import { interactionHandler } from './interactions.js';
import { developmentKeys } from './keys.js';
import { listen } from './listen.js';
import { MemoryStore } from './memory-store.js';
import { DEFAULT_LIFETIMES, type Lifetimes } from './lifetimes.js';
import { PLATFORMS, type Platform } from './platform.js';
import { createProvider } from './provider.js';
import { errorPage, homePage } from './screens/pages.js';
import {
  API_PREFIX,
  endSessionWithoutConfirmation,
  refuseClientSecretBasic,
  strictAuthorize,
} from './strictness.js';

export interface MockFranceConnectOptions {
  /**
   * `franceconnect` (default) or `franceconnect-plus`: eIDAS substantial and high, ES256 tokens
   * encrypted to each client's `jwks_uri`, a second factor after the password, a 10-minute session.
   */
  platform?: Platform;
  /** Default 3001 (FranceConnect+ 3003); 0 picks a free port. */
  port?: number;
  /** Default `'127.0.0.1'`. */
  host?: string;
  /** Service providers. Default: the demo service on http://localhost:3000 (at FranceConnect+, its registration there). */
  clients?: MockClient[];
  /** Default: the identities file shipped with the package. */
  identities?: TestIdentity[];
  /** Data providers allowed to call `/checktoken`. Default: the demo data provider. */
  dataProviders?: DataProviderRegistration[];
  /** Lifetimes in seconds. Defaults: code 30, access token 60, ID token 60, session 1800 (FranceConnect+ 600). */
  ttl?: Partial<Lifetimes>;
}

/** One request the local FranceConnect received (tests count them: no second trip, one token…). */
export interface FranceConnectRequest {
  /** Epoch milliseconds. */
  at: number;
  method: string;
  /** The path (`/api/v2/authorize`, `/api/v2/token`, `/api/v2/userinfo`…). */
  path: string;
  /** Its query parameters (a GET `/authorize`'s `scope`, `state`…; never a token or a secret). */
  query: URLSearchParams;
}

export interface RunningMockFranceConnect {
  /** `http://127.0.0.1:<port>/api/v2`, FranceConnect's issuer shape. */
  issuer: string;
  platform: Platform;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  clients: readonly MockClient[];
  identities: readonly TestIdentity[];
  /** The requests it received, oldest first (the last 1000). */
  readonly received: readonly FranceConnectRequest[];
  close: () => Promise<void>;
}

const lifetimesSchema = z.strictObject({
  code: z.number().int().positive().optional(),
  accessToken: z.number().int().positive().optional(),
  idToken: z.number().int().positive().optional(),
  session: z.number().int().positive().optional(),
});

/**
 * Loads every registration the way the first authorization would, so that one FranceConnect would refuse
 * is refused at start, naming the client, rather than shown as an error page at the first sign-in.
 */
async function checkRegistrations(
  provider: Provider | undefined,
  clients: readonly MockClient[],
): Promise<void> {
  if (!provider) return;
  const problems: string[] = [];
  for (const [index, client] of clients.entries()) {
    try {
      await provider.Client.find(client.client_id);
    } catch (error) {
      const detail = error instanceof errors.InvalidClientMetadata ? error.error_description : undefined;
      problems.push(
        `clients[${index}] (${client.client_id}): ${detail ?? (error instanceof Error ? error.message : String(error))}`,
      );
    }
  }
  if (problems.length > 0) throw new RegistrationError('the clients option', problems);
}

type Route = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> | void;

/**
 * Starts a local FranceConnect v2: an OpenID Provider with FranceConnect's paths under `/api/v2`, its
 * strictness, its screens and test identities, and `/checktoken` for data providers.
 */
export async function startMockFranceConnect(
  options: MockFranceConnectOptions = {},
): Promise<RunningMockFranceConnect> {
  const platform = options.platform ?? 'franceconnect';
  const plus = platform === 'franceconnect-plus';
  const clients = parseClients(
    options.clients ?? [plus ? demoPlusClient('http://localhost:3000') : demoClient('http://localhost:3000')],
    'the clients option',
    platform,
  );
  const identityList = options.identities ? parseIdentities(options.identities) : loadIdentities();
  const dataProviders = parseDataProviders(
    options.dataProviders ?? [DEMO_DATA_PROVIDER],
    'the dataProviders option',
  );
  const ttl = lifetimesSchema.parse(options.ttl ?? {});
  const lifetimes: Lifetimes = {
    ...DEFAULT_LIFETIMES,
    session: PLATFORMS[platform].sessionSeconds,
    ...ttl,
  };
  const identities = new Map(identityList.map((identity) => [identity.login, identity]));
  const store = new MemoryStore();
  const received: FranceConnectRequest[] = [];

  let provider: Provider | undefined;
  const listening = await listen(
    options.host ?? '127.0.0.1',
    options.port ?? PLATFORMS[platform].port,
    (url) => {
      const issuer = `${url}${API_PREFIX}`;
      const created = createProvider({ platform, issuer, clients, identities, lifetimes, store });
      provider = created;
      created.use(strictAuthorize(platform));
      created.use(endSessionWithoutConfirmation);
      created.use(refuseClientSecretBasic);
      const oidc = created.callback();
      const checktoken = checktokenHandler({
        provider: created,
        issuer,
        identities,
        dataProviders,
        subjectSalt: developmentKeys().subject_salt,
      });
      const interactions = interactionHandler({ provider: created, identities, platform });

      const route: Route = (req, res, path) => {
        // Data providers check FranceConnect's tokens; FranceConnect+ serves no data provider.
        if (path === `${API_PREFIX}/checktoken` && !plus) return checktoken(req, res);
        if (path.startsWith(`${API_PREFIX}/`)) {
          // Mounted like an Express sub-app: oidc-provider sees its own paths and builds URLs from originalUrl.
          Object.assign(req, { originalUrl: req.url });
          req.url = (req.url ?? '/').slice(API_PREFIX.length);
          return oidc(req, res);
        }
        if (path.startsWith('/interaction/')) return interactions(req, res, path);
        if (path === '/' && req.method === 'GET')
          return sendHtml(res, 200, homePage({ issuer, identities: identityList, platform }));
        return sendHtml(res, 404, errorPage({ code: 'Y000404', platform }));
      };

      return (req, res) => {
        const { pathname: path, searchParams: query } = new URL(req.url ?? '/', 'http://local');
        received.push({ at: Date.now(), method: req.method ?? 'GET', path, query });
        if (received.length > 1000) received.shift();
        Promise.resolve(route(req, res, path)).catch((error: unknown) => {
          // The message only: requests may carry personal data or secrets.
          console.error(
            `local ${PLATFORMS[platform].brand}: ${req.method} ${path} failed: ${error instanceof Error ? error.message : 'error'}`,
          );
          if (!res.headersSent) sendHtml(res, 500, errorPage({ code: 'Y000500', platform }));
          else res.destroy();
        });
      };
    },
  );

  try {
    await checkRegistrations(provider, clients);
  } catch (error) {
    await listening.close();
    throw error;
  }

  const sweeper = setInterval(() => store.sweep(), 60_000);
  sweeper.unref();

  return {
    issuer: `${listening.url}${API_PREFIX}`,
    platform,
    url: listening.url,
    clients,
    identities: identityList,
    received,
    close: async () => {
      clearInterval(sweeper);
      await listening.close();
    },
  };
}
