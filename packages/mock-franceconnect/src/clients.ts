import type { Platform } from './platform.js';
import { CONTENT_ENCRYPTION, ENCRYPTION_ALGORITHMS } from './encryption.js';
import { DATA_SCOPES, IDENTITY_SCOPE_CLAIMS, PLUS_IDENTITY_SCOPE_CLAIMS } from '@franceconnect-kit/protocol';
import { z } from 'zod';
import { describeIssues } from './zod-issues.js';

/** Every scope the local FranceConnect knows: FranceConnect v2's identity scopes, then the data scopes. */
export const ALL_SCOPES: readonly string[] = [...Object.keys(IDENTITY_SCOPE_CLAIMS), ...DATA_SCOPES];
/** Every scope of the local FranceConnect+. */
export const PLUS_SCOPES: readonly string[] = Object.keys(PLUS_IDENTITY_SCOPE_CLAIMS);

/**
 * A service provider's registration, as set in FranceConnect's partner space: its credentials, its
 * callback and logout URLs, its signature algorithms and its habilitation (the scopes it may ask for).
 */
export interface MockClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  /** Default `'ES256'`. */
  id_token_signed_response_alg?: 'ES256' | 'RS256';
  /** Default: the ID token's algorithm. */
  userinfo_signed_response_alg?: 'ES256' | 'RS256';
  /** Default `'client_secret_post'` (FranceConnect refuses `client_secret_basic`). */
  token_endpoint_auth_method?: 'client_secret_post' | 'private_key_jwt';
  /** The client's public keys, for `private_key_jwt`. */
  jwks?: { keys: object[] };
  /** Habilitation. Default: every identity and data scope. */
  scopes?: string[];
  /** Shown on the screens (« Revenir sur … »). Default « le service ». */
  client_name?: string;
  /**
   * FranceConnect+: where the service publishes its public encryption key (the BFF's `/auth/jwks`),
   * and the algorithms it registered for the ID token and userinfo (`A256GCM` content encryption).
   */
  jwks_uri?: string;
  id_token_encrypted_response_alg?: 'RSA-OAEP' | 'RSA-OAEP-256' | 'ECDH-ES';
  id_token_encrypted_response_enc?: 'A256GCM';
  userinfo_encrypted_response_alg?: 'RSA-OAEP' | 'RSA-OAEP-256' | 'ECDH-ES';
  userinfo_encrypted_response_enc?: 'A256GCM';
}

/** A data provider registered at FranceConnect, calling `/checktoken` with its own credentials. */
export interface DataProviderRegistration {
  client_id: string;
  client_secret: string;
  /** The data scopes it serves: `/checktoken` only shows it those. */
  scopes: string[];
  /** Default `'ES256'`. */
  checktoken_signed_response_alg?: 'ES256' | 'RS256';
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const KNOWN_SCOPES = [...new Set([...ALL_SCOPES, ...PLUS_SCOPES])];
const scope = z.string().refine((value) => KNOWN_SCOPES.includes(value), {
  error: (issue) => `unknown scope ${JSON.stringify(issue.input)} (known: ${KNOWN_SCOPES.join(' ')})`,
});

/** `host:port` of a URL, as FranceConnect (oidc-provider) compares them for pairwise subjects. */
const hostOf = (url: string) => (URL.canParse(url) ? new URL(url).host : url);

/**
 * FranceConnect gives each service a pairwise `sub`, computed per host: callbacks on several hosts (or
 * ports) need a `sector_identifier_uri`, without which FranceConnect refuses the registration. The local
 * FranceConnect does not fetch such documents, so it refuses them here, at registration, rather than
 * with an error page at the first sign-in.
 */
const redirectUris = z
  .array(httpUrl)
  .min(1)
  .superRefine((uris, ctx) => {
    const hosts = [...new Set(uris.map(hostOf))];
    if (hosts.length > 1) {
      ctx.addIssue({
        code: 'custom',
        message: `the callbacks are on ${hosts.length} hosts (${hosts.join(', ')}): FranceConnect computes the sub per host and refuses callbacks on several hosts without a sector_identifier_uri. Register one client per host`,
      });
    }
  });

export const mockClientSchema = z.strictObject({
  client_id: z.string().min(1),
  client_secret: z.string().min(32, 'must be at least 32 characters'),
  redirect_uris: redirectUris,
  post_logout_redirect_uris: z.array(httpUrl),
  id_token_signed_response_alg: z.enum(['ES256', 'RS256']).optional(),
  userinfo_signed_response_alg: z.enum(['ES256', 'RS256']).optional(),
  token_endpoint_auth_method: z.enum(['client_secret_post', 'private_key_jwt']).optional(),
  jwks: z.strictObject({ keys: z.array(z.looseObject({ kty: z.string() })).min(1) }).optional(),
  scopes: z
    .array(scope)
    .refine((scopes) => scopes.includes('openid'), 'must include openid')
    .optional(),
  client_name: z.string().min(1).optional(),
  jwks_uri: httpUrl.optional(),
  id_token_encrypted_response_alg: z.enum(ENCRYPTION_ALGORITHMS).optional(),
  id_token_encrypted_response_enc: z.literal(CONTENT_ENCRYPTION).optional(),
  userinfo_encrypted_response_alg: z.enum(ENCRYPTION_ALGORITHMS).optional(),
  userinfo_encrypted_response_enc: z.literal(CONTENT_ENCRYPTION).optional(),
});

/** What FranceConnect+ asks more of a registration: ES256, encryption to a published key. */
const plusRules = (client: MockClient) => {
  const problems: string[] = [];
  if (client.jwks_uri === undefined)
    problems.push('jwks_uri is required (the service’s public encryption key)');
  for (const part of ['id_token', 'userinfo'] as const) {
    if (client[`${part}_encrypted_response_alg`] === undefined)
      problems.push(`${part}_encrypted_response_alg is required (${ENCRYPTION_ALGORITHMS.join(', ')})`);
  }
  for (const alg of [client.id_token_signed_response_alg, client.userinfo_signed_response_alg]) {
    if (alg !== undefined && alg !== 'ES256') problems.push('FranceConnect+ signs with ES256 only');
  }
  return problems;
};

export const dataProviderSchema = z.strictObject({
  client_id: z.string().min(1),
  client_secret: z.string().min(32, 'must be at least 32 characters'),
  scopes: z.array(z.enum(DATA_SCOPES)).min(1),
  checktoken_signed_response_alg: z.enum(['ES256', 'RS256']).optional(),
});

/** A registration FranceConnect would refuse; `problems` has one line per problem, naming the client. */
export class RegistrationError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid clients in ${source}:\n${problems.join('\n')}`);
    this.name = 'RegistrationError';
  }
}

export function parseClients(
  value: unknown,
  source: string,
  platform: Platform = 'franceconnect',
): MockClient[] {
  const result = z
    .array(mockClientSchema)
    .refine((clients) => new Set(clients.map((client) => client.client_id)).size === clients.length, {
      message: 'two clients have the same client_id',
    })
    .safeParse(value);
  if (!result.success) {
    throw new RegistrationError(source, describeIssues(result.error, 'clients'));
  }
  if (platform === 'franceconnect-plus') {
    const problems = result.data.flatMap((client, index) =>
      plusRules(client).map((problem) => `clients[${index}]: ${problem}`),
    );
    if (problems.length > 0) throw new Error(`Invalid clients in ${source}:\n${problems.join('\n')}`);
  }
  return result.data;
}

export function parseDataProviders(value: unknown, source: string): DataProviderRegistration[] {
  const result = z.array(dataProviderSchema).safeParse(value);
  if (!result.success) {
    throw new Error(
      `Invalid data providers in ${source}:\n${describeIssues(result.error, 'dataProviders').join('\n')}`,
    );
  }
  return result.data;
}

/** The demo service's fixed development credentials (64 hexadecimal characters, like FranceConnect's). */
export const DEMO_CLIENT_ID = '38bbac7b0ef630f36aecffc236dc214a017d5531c8ebf94b002a4df0f5f8208f';
export const DEMO_CLIENT_SECRET = 'cc0910647c559ffed5f292edd47f083e7a0438849b380b0d23abce4e8172bd98';

/**
 * The demo service's registration for a base URL: callback `${baseUrl}/auth/callback`, logout return
 * `${baseUrl}/auth/logout/callback`, ES256, `client_secret_post`, every scope.
 */
export function demoClient(baseUrl: string): MockClient {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    client_id: DEMO_CLIENT_ID,
    client_secret: DEMO_CLIENT_SECRET,
    redirect_uris: [`${base}/auth/callback`],
    post_logout_redirect_uris: [`${base}/auth/logout/callback`],
    id_token_signed_response_alg: 'ES256',
    userinfo_signed_response_alg: 'ES256',
    token_endpoint_auth_method: 'client_secret_post',
    client_name: 'Mairie de Démoville',
  };
}

/** The demo service's development credentials at FranceConnect+ (a registration of its own). */
export const DEMO_PLUS_CLIENT_ID = '5a7b2c3e9f1d4086b1c2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4';
export const DEMO_PLUS_CLIENT_SECRET = '0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e';

/**
 * The demo service's registration at the local FranceConnect+ for a base URL: the same callbacks,
 * ES256, its encryption key at `${baseUrl}/auth/jwks` (the BFF's), `ECDH-ES` and `A256GCM`.
 */
export function demoPlusClient(
  baseUrl: string,
  encryption: (typeof ENCRYPTION_ALGORITHMS)[number] = 'ECDH-ES',
): MockClient {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    client_id: DEMO_PLUS_CLIENT_ID,
    client_secret: DEMO_PLUS_CLIENT_SECRET,
    redirect_uris: [`${base}/auth/callback`],
    post_logout_redirect_uris: [`${base}/auth/logout/callback`],
    id_token_signed_response_alg: 'ES256',
    userinfo_signed_response_alg: 'ES256',
    token_endpoint_auth_method: 'client_secret_post',
    client_name: 'Mairie de Démoville',
    jwks_uri: `${base}/auth/jwks`,
    id_token_encrypted_response_alg: encryption,
    id_token_encrypted_response_enc: CONTENT_ENCRYPTION,
    userinfo_encrypted_response_alg: encryption,
    userinfo_encrypted_response_enc: CONTENT_ENCRYPTION,
    scopes: [
      'openid',
      'given_name',
      'family_name',
      'birthdate',
      'gender',
      'birthplace',
      'birthcountry',
      'email',
      'preferred_username',
      'amr',
    ],
  };
}

/** The demo data provider (an API Particulier look-alike serving the CNAF scopes). */
export const DEMO_DATA_PROVIDER: DataProviderRegistration = {
  client_id: 'c9cba5160adea64cd0feefde49ca42543208a6dd02013a397e17c57f6d63eded',
  client_secret: 'd449d451790f86bed6e130783d65abad0bd769415538468c66f06a58b298d2bb',
  scopes: [...DATA_SCOPES],
  checktoken_signed_response_alg: 'ES256',
};
