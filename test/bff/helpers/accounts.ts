import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AccountView,
  AccountsOptions,
  FranceConnectBffOptions,
  MeResponse,
} from '@franceconnect-kit/bff';
import {
  demoClient,
  demoPlusClient,
  loadIdentities,
  startMockFranceConnect,
  type RunningMockFranceConnect,
  type TestIdentity,
} from '@franceconnect-kit/mock-franceconnect';
import { FranceConnectUser } from '../../helpers/franceconnect-user.js';
import { freePort } from '../../helpers/processes.js';
import { startTestBff, type AppRoutes, type TestBff } from './bff.js';

/** An answer of the JSON API. */
export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  /** The CSRF token to send (`X-CSRF-Token`); default: none. */
  csrf?: string | undefined;
  /** Send the body as a form (`application/x-www-form-urlencoded`) instead of JSON. */
  form?: boolean;
  headers?: Record<string, string>;
}

/**
 * The accounts' world of a test: the local FranceConnect (restartable with other identities, same
 * port, so that a person's `sub` stays theirs) and a BFF with accounts, sessions and accounts in one
 * SQLite file of a temporary folder, all over real HTTP.
 */
export interface AccountsWorld {
  fc: RunningMockFranceConnect;
  /** The local FranceConnect+, when the world was started with `plus`. */
  plus: RunningMockFranceConnect | undefined;
  /** The same browser, driving FranceConnect+'s screens (its cookies shared). */
  atPlus(user: FranceConnectUser): FranceConnectUser;
  app: TestBff;
  /** The SQLite file holding sessions and accounts. */
  database: string;
  folder: string;
  /** A new browser. */
  browser(): FranceConnectUser;
  /** Through FranceConnect's screens and back; resolves where the browser landed. */
  signInWithFranceConnect(user: FranceConnectUser, login?: string, returnTo?: string): Promise<URL>;
  /** A JSON call to the BFF, as the page's script makes it (same origin). */
  call<T = Record<string, unknown>>(
    user: FranceConnectUser,
    method: string,
    path: string,
    options?: CallOptions,
  ): Promise<ApiAnswer<T>>;
  me(user: FranceConnectUser): Promise<ApiAnswer<MeResponse>>;
  /** The session's CSRF token (`/api/me` when signed in, else `/api/csrf`). */
  csrf(user: FranceConnectUser): Promise<string>;
  /** Completes a pending FranceConnect sign-up; resolves the account. */
  completeSignUp(user: FranceConnectUser, email?: string, preferred_username?: string): Promise<AccountView>;
  /** Creates a local account (and signs in with it in that browser). */
  localSignUp(
    user: FranceConnectUser,
    body: Record<string, unknown>,
  ): Promise<ApiAnswer<{ account: AccountView }>>;
  /** Stops the local FranceConnect and starts it again on the same port with these identities. */
  restartFranceConnect(identities: TestIdentity[]): Promise<void>;
  close(): Promise<void>;
}

export const PASSWORD = 'un mot de passe assez long';

/** The shipped test identities, by login. */
export function identity(login: string): TestIdentity {
  const found = loadIdentities().find((candidate) => candidate.login === login);
  if (!found) throw new Error(`no test identity ${login}`);
  return found;
}

export async function startAccountsWorld(
  options: {
    identities?: TestIdentity[];
    accounts?: true | AccountsOptions;
    bff?: Partial<FranceConnectBffOptions>;
    /** Another world's database: a second BFF instance on the same file. */
    database?: string;
    /** FranceConnect+ too: a local one, the BFF registered with it. */
    plus?: boolean;
    /** The app's own routes, after the BFF. */
    routes?: AppRoutes;
  } = {},
): Promise<AccountsWorld> {
  const folder = mkdtempSync(join(tmpdir(), 'bff-accounts-'));
  const database = options.database ?? join(folder, 'bff.sqlite');
  const port = await freePort();
  const fcPort = await freePort();
  const client = demoClient(`http://127.0.0.1:${port}`);
  const startFranceConnect = (identities?: TestIdentity[]) =>
    startMockFranceConnect({ port: fcPort, clients: [client], ...(identities ? { identities } : {}) });
  let fc = await startFranceConnect(options.identities);
  const plusClient = demoPlusClient(`http://127.0.0.1:${port}`);
  const plus = options.plus
    ? await startMockFranceConnect({ port: 0, platform: 'franceconnect-plus', clients: [plusClient] })
    : undefined;
  const app = await startTestBff(
    port,
    {
      ...(plus
        ? {
            franceconnectPlus: {
              issuer: plus.issuer,
              clientId: plusClient.client_id,
              clientSecret: plusClient.client_secret,
            },
          }
        : {}),
      issuer: fc.issuer,
      clientId: client.client_id,
      clientSecret: client.client_secret,
      sessionStore: 'sqlite',
      databasePath: database,
      accounts: options.accounts ?? true,
      ...options.bff,
    },
    options.routes,
  );

  const call = async <T>(
    user: FranceConnectUser,
    method: string,
    path: string,
    { body, csrf, form = false, headers = {} }: CallOptions = {},
  ): Promise<ApiAnswer<T>> => {
    const init: RequestInit = {
      method,
      headers: {
        accept: 'application/json',
        origin: app.url,
        'sec-fetch-site': 'same-origin',
        ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }),
        ...(body === undefined
          ? {}
          : { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' }),
        ...headers,
      },
    };
    if (body !== undefined) {
      init.body = form
        ? new URLSearchParams(body as Record<string, string>).toString()
        : JSON.stringify(body);
    }
    const response = await user.fetch(`${app.url}${path}`, init);
    const text = await response.text();
    let parsed: unknown = {};
    if (text !== '' && (response.headers.get('content-type') ?? '').includes('json'))
      parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T, headers: response.headers };
  };

  const world: AccountsWorld = {
    get fc() {
      return fc;
    },
    app,
    database,
    folder,
    plus,
    atPlus: (user) => {
      if (!plus) throw new Error('the world has no FranceConnect+');
      return new FranceConnectUser({ franceConnectUrl: plus.url, jar: user.jar });
    },
    browser: () => new FranceConnectUser({ franceConnectUrl: fc.url }),
    async signInWithFranceConnect(user, login = 'test', returnTo = '/profil') {
      const departure = await user.signIn(`${app.url}/auth/login?returnTo=${encodeURIComponent(returnTo)}`, {
        login,
      });
      const { url, response } = await user.navigate(departure.url);
      await response.body?.cancel();
      return url;
    },
    call,
    me: (user) => call<MeResponse>(user, 'GET', '/api/me'),
    async csrf(user) {
      const me = await world.me(user);
      if (me.status === 200) return me.body.csrfToken;
      const token = await call<{ csrfToken: string }>(user, 'GET', '/api/csrf');
      assert.equal(token.status, 200);
      return token.body.csrfToken;
    },
    async completeSignUp(user, email = 'personne@example.fr', preferred_username = '') {
      const answer = await call<{ account: AccountView }>(user, 'POST', '/api/signup', {
        body: { email, preferred_username },
        csrf: await world.csrf(user),
      });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      return answer.body.account;
    },
    async localSignUp(user, body) {
      return call<{ account: AccountView }>(user, 'POST', '/auth/local/signup', {
        body,
        csrf: await world.csrf(user),
      });
    },
    async restartFranceConnect(identities) {
      await fc.close();
      fc = await startFranceConnect(identities);
    },
    async close() {
      await app.close();
      await fc.close();
      await plus?.close();
      if (options.database === undefined) rmSync(folder, { recursive: true, force: true });
    },
  };
  return world;
}

/** A local sign-up body declaring the pivot identity of a test identity (as FranceConnect sends it). */
export function declaring(
  testIdentity: TestIdentity,
  email: string,
  changes: Record<string, string> = {},
): Record<string, string> {
  const presumed = testIdentity.birthdate.replace(/-00-00$/, '-01-01').replace(/-00$/, '-01');
  return {
    email,
    password: PASSWORD,
    given_name: testIdentity.given_name_array.join(' '),
    family_name: testIdentity.family_name,
    birthdate: presumed,
    gender: testIdentity.gender,
    birthplace: testIdentity.birthcountry === '99100' ? testIdentity.birthplace : '',
    birthcountry: testIdentity.birthcountry,
    ...changes,
  };
}
