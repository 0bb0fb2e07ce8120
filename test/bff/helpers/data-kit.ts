import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { DataResponse, FranceConnectBffOptions, MeResponse } from '@franceconnect-kit/bff';
import {
  DEMO_CLIENT_ID,
  DEMO_DATA_PROVIDER,
  demoClient,
  startDataProvider,
  startMockFranceConnect,
  type MockClient,
  type MockFranceConnectOptions,
  type RunningDataProvider,
  type RunningMockFranceConnect,
} from '@franceconnect-kit/mock-franceconnect';
import { CookieJar, FranceConnectUser } from '../../helpers/franceconnect-user.js';
import { freePort } from '../../helpers/processes.js';
import { startTestBff, type AppRoutes, type TestBff } from './bff.js';

/** A Luhn-valid SIRET for the tests' recipient (a made-up establishment). */
export const RECIPIENT_SIRET = '21990000000015';

/**
 * The local FranceConnect and its real data provider, with one client registered per BFF port (each
 * test may start its own BFF, e.g. towards a misbehaving provider).
 */
export interface DataKit {
  fc: RunningMockFranceConnect;
  provider: RunningDataProvider;
  /** The client of each port, in the order of `ports`. */
  clients: MockClient[];
  ports: number[];
  close(): Promise<void>;
}

export async function startDataKit(
  bffCount: number,
  options: Omit<MockFranceConnectOptions, 'clients' | 'port'> = {},
): Promise<DataKit> {
  const ports: number[] = [];
  while (ports.length < bffCount) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  // One client per port: FranceConnect's pairwise subjects allow one redirect host per client.
  const clients = ports.map((port, index) => ({
    ...demoClient(`http://127.0.0.1:${port}`),
    client_id: `${DEMO_CLIENT_ID.slice(0, -2)}${String(index).padStart(2, '0')}`,
  }));
  const fc = await startMockFranceConnect({ port: 0, clients, ...options });
  const provider = await startDataProvider({
    port: 0,
    issuer: fc.issuer,
    client_id: DEMO_DATA_PROVIDER.client_id,
    client_secret: DEMO_DATA_PROVIDER.client_secret,
  });
  return {
    fc,
    provider,
    clients,
    ports,
    close: async () => {
      await provider.close();
      await fc.close();
    },
  };
}

/** A BFF on one of the kit's ports, with data retrieval towards `dataProviderUrl` (default: the real one). */
export async function startDataBff(
  kit: DataKit,
  port: number,
  options: Partial<FranceConnectBffOptions> = {},
  routes?: AppRoutes,
): Promise<TestBff> {
  const client = kit.clients[kit.ports.indexOf(port)];
  assert.ok(client, `port ${port} is not one of the kit's`);
  return startTestBff(
    port,
    {
      issuer: kit.fc.issuer,
      clientId: client.client_id,
      clientSecret: client.client_secret,
      recipientSiret: RECIPIENT_SIRET,
      dataProviderUrl: kit.provider.url,
      ...options,
    },
    routes,
  );
}

/** A person with a browser, at the HTTP level, on one BFF. */
export class Person {
  readonly user: FranceConnectUser;
  constructor(
    readonly app: TestBff,
    kit: DataKit,
    jar?: CookieJar,
  ) {
    this.user = new FranceConnectUser({ franceConnectUrl: kit.fc.url, ...(jar ? { jar } : {}) });
  }

  /** Signs in to the service with FranceConnect (`/auth/login`), back on `returnTo`. */
  async signIn(login = 'test', returnTo = '/profil') {
    const departure = await this.user.signIn(
      `${this.app.url}/auth/login?returnTo=${encodeURIComponent(returnTo)}`,
      { login },
    );
    const back = await this.user.navigate(departure.url);
    await back.response.body?.cancel();
    return { departure, back };
  }

  /**
   * A sign-in started by `/auth/login?<query>` (e.g. with `apis=`): FranceConnect's screens, then the
   * callback, not followed; resolves with the screens shown and where the callback sent the browser.
   */
  async signInWith(query: string, options: { login?: string; cancelAt?: 'login' | 'consent' } = {}) {
    const departure = await this.user.signIn(`${this.app.url}/auth/login?${query}`, options);
    const callback = await this.user.fetch(departure.url);
    await callback.body?.cancel();
    return { departure, callback, location: callback.headers.get('location') ?? '' };
  }

  /**
   * « Récupérer ses données avec FranceConnect »: `/auth/data`, FranceConnect's screens, then the
   * callback; resolves with the screens shown and where the callback sent the browser.
   */
  async retrieve(
    query = 'scopes=cnaf_quotient_familial&returnTo=%2Fmes-aides',
    options: { login?: string; cancelAt?: 'login' | 'consent' } = {},
  ) {
    const departure = await this.user.signIn(`${this.app.url}/auth/data?${query}`, options);
    const callback = await this.user.fetch(departure.url);
    await callback.body?.cancel();
    return {
      departure,
      callback,
      location: callback.headers.get('location') ?? '',
    };
  }

  async me(): Promise<{ status: number; body: MeResponse | undefined }> {
    const response = await this.user.fetch(`${this.app.url}/api/me`, {
      headers: { accept: 'application/json' },
    });
    return {
      status: response.status,
      body: response.status === 200 ? ((await response.json()) as MeResponse) : undefined,
    };
  }

  /** `GET /api/data`; `quotient` is the family quotient's value when there is one. */
  async data(): Promise<{
    status: number;
    body: DataResponse | undefined;
    quotient: number | undefined;
    text: string;
  }> {
    const response = await this.user.fetch(`${this.app.url}/api/data`, {
      headers: { accept: 'application/json' },
    });
    const text = await response.text();
    const body = response.status === 200 ? (JSON.parse(text) as DataResponse) : undefined;
    const quotient = (body?.data.quotient_familial as { valeur?: number } | undefined)?.valeur;
    return { status: response.status, body, quotient, text };
  }

  /** POST /auth/logout with the CSRF token, then FranceConnect's logout and back. */
  async logout(): Promise<void> {
    const { body } = await this.me();
    const response = await this.user.fetch(`${this.app.url}/auth/logout`, {
      method: 'POST',
      headers: {
        'x-csrf-token': body?.csrfToken ?? '',
        'content-type': 'application/x-www-form-urlencoded',
        origin: this.app.url,
      },
      body: '',
    });
    assert.equal(response.status, 303);
    const location = new URL(response.headers.get('location') ?? '', this.app.url);
    if (location.origin !== new URL(this.app.url).origin) {
      const departure = await this.user.signOut(location);
      const home = await this.user.navigate(departure.url);
      await home.response.body?.cancel();
    }
  }
}

/** What a misbehaving data provider does with the next requests. */
export type Misbehaviour =
  /** Forwards to the real data provider, after `delayMs` if given. */
  | { kind: 'proxy'; to: string; delayMs?: number }
  | { kind: 'hang' }
  /** Sends the headers and the start of a body, then nothing more. */
  | { kind: 'stall' }
  | { kind: 'answer'; status: number; body: string; contentType?: string }
  | { kind: 'reset' };

export interface SeenRequest {
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
}

/**
 * A real HTTP server standing in for a data provider that fails: it forwards to the real one, hangs,
 * answers what it is told, or drops the connection. It records what it received.
 */
export interface MisbehavingProvider {
  url: string;
  behaviour: Misbehaviour;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startMisbehavingProvider(initial: Misbehaviour): Promise<MisbehavingProvider> {
  const hanging = new Set<ServerResponse>();
  const state: MisbehavingProvider = {
    url: '',
    behaviour: initial,
    seen: [],
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://provider.invalid');
    state.seen.push({
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
    });
    const behaviour = state.behaviour;
    switch (behaviour.kind) {
      case 'hang':
        hanging.add(res);
        return;
      case 'stall':
        hanging.add(res);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data": {"quotient_familial": ');
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'answer':
        res.writeHead(behaviour.status, { 'content-type': behaviour.contentType ?? 'application/json' });
        res.end(behaviour.body);
        return;
      case 'proxy':
        void new Promise((resolve) => setTimeout(resolve, behaviour.delayMs ?? 0))
          .then(() =>
            fetch(`${behaviour.to}${url.pathname}${url.search}`, {
              headers: req.headers.authorization ? { authorization: req.headers.authorization } : {},
            }),
          )
          .then(async (upstream) => {
            res.writeHead(upstream.status, {
              'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
            });
            res.end(await upstream.text());
          });
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  state.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return state;
}

/** A jar holding the service's session cookie of `from`, and no FranceConnect cookie. */
export function jarWithServiceCookieOnly(from: FranceConnectUser, serviceUrl: string): CookieJar {
  const jar = new CookieJar();
  const value = from.jar.get(new URL(serviceUrl), 'bff_session');
  assert.ok(value, 'the service session cookie exists');
  jar.store(
    new URL(serviceUrl),
    new Response(null, { headers: { 'set-cookie': `bff_session=${value}; Path=/; HttpOnly` } }),
  );
  return jar;
}
