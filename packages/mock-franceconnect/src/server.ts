import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { checktokenHandler } from './checktoken.js';
import {
  DEMO_DATA_PROVIDER,
  demoClient,
  parseClients,
  parseDataProviders,
  type DataProviderRegistration,
  type MockClient,
} from './clients.js';
import { sendHtml } from './http-io.js';
import { loadIdentities, parseIdentities, type TestIdentity } from './identities.js';
import { interactionHandler } from './interactions.js';
import { developmentKeys } from './keys.js';
import { listen } from './listen.js';
import { MemoryStore } from './memory-store.js';
import { createProvider, DEFAULT_LIFETIMES, type Lifetimes } from './provider.js';
import { errorPage, homePage } from './screens/pages.js';
import {
  API_PREFIX,
  endSessionWithoutConfirmation,
  refuseClientSecretBasic,
  strictAuthorize,
} from './strictness.js';

export interface MockFranceConnectOptions {
  /** Default 3001; 0 picks a free port. */
  port?: number;
  /** Default `'127.0.0.1'`. */
  host?: string;
  /** Service providers. Default: the demo service on http://127.0.0.1:3000. */
  clients?: MockClient[];
  /** Default: the identities file shipped with the package. */
  identities?: TestIdentity[];
  /** Data providers allowed to call `/checktoken`. Default: the demo data provider. */
  dataProviders?: DataProviderRegistration[];
  /** Lifetimes in seconds. Defaults: code 30, access token 60, ID token 60, session 1800 (sliding). */
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

type Route = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> | void;

/**
 * Starts a local FranceConnect v2: an OpenID Provider with FranceConnect's paths under `/api/v2`, its
 * strictness, its screens and test identities, and `/checktoken` for data providers.
 */
export async function startMockFranceConnect(
  options: MockFranceConnectOptions = {},
): Promise<RunningMockFranceConnect> {
  const clients = parseClients(
    options.clients ?? [demoClient('http://127.0.0.1:3000')],
    'the clients option',
  );
  const identityList = options.identities ? parseIdentities(options.identities) : loadIdentities();
  const dataProviders = parseDataProviders(
    options.dataProviders ?? [DEMO_DATA_PROVIDER],
    'the dataProviders option',
  );
  const ttl = lifetimesSchema.parse(options.ttl ?? {});
  const lifetimes: Lifetimes = { ...DEFAULT_LIFETIMES, ...ttl };
  const identities = new Map(identityList.map((identity) => [identity.login, identity]));
  const store = new MemoryStore();
  const received: FranceConnectRequest[] = [];

  const listening = await listen(options.host ?? '127.0.0.1', options.port ?? 3001, (url) => {
    const issuer = `${url}${API_PREFIX}`;
    const provider = createProvider({ issuer, clients, identities, lifetimes, store });
    provider.use(strictAuthorize);
    provider.use(endSessionWithoutConfirmation);
    provider.use(refuseClientSecretBasic);
    const oidc = provider.callback();
    const checktoken = checktokenHandler({
      provider,
      issuer,
      identities,
      dataProviders,
      subjectSalt: developmentKeys().subject_salt,
    });
    const interactions = interactionHandler({ provider, identities });

    const route: Route = (req, res, path) => {
      if (path === `${API_PREFIX}/checktoken`) return checktoken(req, res);
      if (path.startsWith(`${API_PREFIX}/`)) {
        // Mounted like an Express sub-app: oidc-provider sees its own paths and builds URLs from originalUrl.
        Object.assign(req, { originalUrl: req.url });
        req.url = (req.url ?? '/').slice(API_PREFIX.length);
        return oidc(req, res);
      }
      if (path.startsWith('/interaction/')) return interactions(req, res, path);
      if (path === '/' && req.method === 'GET')
        return sendHtml(res, 200, homePage({ issuer, identities: identityList }));
      return sendHtml(res, 404, errorPage({ code: 'Y000404' }));
    };

    return (req, res) => {
      const { pathname: path, searchParams: query } = new URL(req.url ?? '/', 'http://local');
      received.push({ at: Date.now(), method: req.method ?? 'GET', path, query });
      if (received.length > 1000) received.shift();
      Promise.resolve(route(req, res, path)).catch((error: unknown) => {
        // The message only: requests may carry personal data or secrets.
        console.error(
          `local FranceConnect: ${req.method} ${path} failed: ${error instanceof Error ? error.message : 'error'}`,
        );
        if (!res.headersSent) sendHtml(res, 500, errorPage({ code: 'Y000500' }));
        else res.destroy();
      });
    };
  });

  const sweeper = setInterval(() => store.sweep(), 60_000);
  sweeper.unref();

  return {
    issuer: `${listening.url}${API_PREFIX}`,
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
