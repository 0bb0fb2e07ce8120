// Shared by the local FranceConnect's tests: a relying party configured as the BFF configures
// openid-client, and builders of authorization requests.
import * as client from 'openid-client';
import {
  demoClient,
  startMockFranceConnect,
  type MockClient,
  type MockFranceConnectOptions,
  type RunningMockFranceConnect,
} from '@franceconnect-kit/mock-franceconnect';
import { FranceConnectUser } from '../helpers/franceconnect-user.js';

/** A service that never needs to listen: the user agent stops when the browser is sent to it. */
export const SERVICE_URL = 'http://127.0.0.1:4999';
export const SERVICE = demoClient(SERVICE_URL);
export const CALLBACK = `${SERVICE_URL}/auth/callback`;
export const LOGOUT_CALLBACK = `${SERVICE_URL}/auth/logout/callback`;

export const IDENTITY_SCOPE =
  'openid given_name family_name birthdate gender birthplace birthcountry email preferred_username';

export async function startFranceConnect(
  options: MockFranceConnectOptions = {},
): Promise<RunningMockFranceConnect> {
  return startMockFranceConnect({ port: 0, clients: [SERVICE], ...options });
}

export function userOf(fc: RunningMockFranceConnect): FranceConnectUser {
  return new FranceConnectUser({ franceConnectUrl: fc.url });
}

/** openid-client as the BFF uses it: discovery, client_secret_post, no PKCE, every signature checked. */
export async function relyingParty(
  fc: RunningMockFranceConnect,
  registration: MockClient = SERVICE,
): Promise<client.Configuration> {
  const alg = registration.id_token_signed_response_alg ?? 'ES256';
  return client.discovery(
    new URL(fc.issuer),
    registration.client_id,
    {
      client_secret: registration.client_secret,
      id_token_signed_response_alg: alg,
      userinfo_signed_response_alg: registration.userinfo_signed_response_alg ?? alg,
    },
    client.ClientSecretPost(registration.client_secret),
    // allowInsecureRequests: http on loopback, tests only.
    { execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks] },
  );
}

export interface Attempt {
  url: URL;
  state: string;
  nonce: string;
}

/** A FranceConnect authorization request: fresh state and nonce, eidas1, identity scopes by default. */
export function authorization(
  config: client.Configuration,
  parameters: Record<string, string> = {},
  redirectUri = CALLBACK,
): Attempt {
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: IDENTITY_SCOPE,
    acr_values: 'eidas1',
    state,
    nonce,
    ...parameters,
  });
  return { url, state, nonce };
}

/** Signs in as `login` and exchanges the code: the tokens, checked as the BFF checks them. */
export async function signIn(
  fc: RunningMockFranceConnect,
  config: client.Configuration,
  {
    user = userOf(fc),
    login = 'test',
    parameters = {},
  }: { user?: FranceConnectUser; login?: string; parameters?: Record<string, string> } = {},
) {
  const attempt = authorization(config, parameters);
  const departure = await user.signIn(attempt.url, { login });
  const tokens = await client.authorizationCodeGrant(config, departure.url, {
    expectedState: attempt.state,
    expectedNonce: attempt.nonce,
    idTokenExpected: true,
  });
  return { tokens, departure, attempt, user };
}

/** The raw /authorize URL of a local FranceConnect with exactly these parameters. */
export function authorizeUrl(fc: RunningMockFranceConnect, parameters: Record<string, string>): URL {
  const url = new URL(`${fc.issuer}/authorize`);
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return url;
}

/** A request FranceConnect accepts; tests change one thing at a time. */
export function validParameters(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const base: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: SERVICE.client_id,
    redirect_uri: CALLBACK,
    scope: IDENTITY_SCOPE,
    acr_values: 'eidas1',
    state: client.randomState(),
    nonce: client.randomNonce(),
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(base).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

export function decodePayload(jwt: string): Record<string, unknown> {
  const [, payload = ''] = jwt.split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function decodeHeader(jwt: string): Record<string, unknown> {
  const [header = ''] = jwt.split('.');
  return JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
