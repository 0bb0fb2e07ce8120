import { DATA_SCOPES, IDENTITY_SCOPE_CLAIMS } from '@franceconnect-kit/protocol';
import { z } from 'zod';
import { describeIssues } from './zod-issues.js';

/** Every scope the local FranceConnect knows: FranceConnect v2's identity scopes, then the data scopes. */
export const ALL_SCOPES: readonly string[] = [...Object.keys(IDENTITY_SCOPE_CLAIMS), ...DATA_SCOPES];

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
const scope = z.string().refine((value) => ALL_SCOPES.includes(value), {
  error: (issue) => `unknown scope ${JSON.stringify(issue.input)} (known: ${ALL_SCOPES.join(' ')})`,
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
});

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

export function parseClients(value: unknown, source: string): MockClient[] {
  const result = z
    .array(mockClientSchema)
    .refine((clients) => new Set(clients.map((client) => client.client_id)).size === clients.length, {
      message: 'two clients have the same client_id',
    })
    .safeParse(value);
  if (!result.success) {
    throw new RegistrationError(source, describeIssues(result.error, 'clients'));
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

/** The demo data provider (an API Particulier look-alike serving the CNAF scopes). */
export const DEMO_DATA_PROVIDER: DataProviderRegistration = {
  client_id: 'c9cba5160adea64cd0feefde49ca42543208a6dd02013a397e17c57f6d63eded',
  client_secret: 'd449d451790f86bed6e130783d65abad0bd769415538468c66f06a58b298d2bb',
  scopes: [...DATA_SCOPES],
  checktoken_signed_response_alg: 'ES256',
};
