import { DATA_SCOPES } from '@franceconnect-kit/protocol';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { clientMetadata } from './client-metadata.js';
import type { MockClient } from './clients.js';
import { CONTENT_ENCRYPTION, ENCRYPTION_ALGORITHMS } from './encryption.js';
import { FranceConnectPageError, type ErrorCode } from './error-codes.js';
import type { TestIdentity } from './identities.js';
import type { Lifetimes } from './lifetimes.js';
import { developmentKeys } from './keys.js';
import type { MemoryStore } from './memory-store.js';
import { franceConnectClaims, franceConnectPlusClaims } from './pivot-claims.js';
import { chosenAcr, PLATFORMS, type Platform } from './platform.js';
import { errorPage, DEMO_IDENTITY_PROVIDER } from './screens/pages.js';
import { SCREEN_HEADERS } from './screens/layout.js';
import { pairwiseSubject } from './subject.js';

/** FranceConnect's only eIDAS level. */
export const ACR = 'eidas1';

export interface ProviderOptions {
  platform: Platform;
  issuer: string;
  clients: readonly MockClient[];
  identities: ReadonlyMap<string, TestIdentity>;
  lifetimes: Lifetimes;
  store: MemoryStore;
}

/** The code of an error rendered by the OpenID Connect layer. */
function codeOf(error: unknown, status: number, platform: Platform): ErrorCode {
  if (error instanceof FranceConnectPageError) return error.code;
  // FranceConnect+'s own code for its session, which lasts 10 minutes.
  if (error instanceof errors.SessionNotFound)
    return platform === 'franceconnect-plus' ? 'Y150001' : 'Y190001';
  return status >= 500 ? 'Y000500' : 'Y000400';
}

/** The page shown for any error oidc-provider cannot send back to the service. */
export function renderProviderError(
  ctx: KoaContextWithOIDC,
  out: { error: string; error_description?: string | undefined },
  error: unknown,
  platform: Platform = 'franceconnect',
): void {
  const code = codeOf(error, ctx.status, platform);
  if (error instanceof FranceConnectPageError) ctx.status = error.status;
  ctx.set(SCREEN_HEADERS);
  ctx.body = errorPage({
    code,
    platform,
    ...(error instanceof FranceConnectPageError ? { problems: error.problems } : { error: out }),
  });
}

function acrValidator(platform: Platform) {
  return (_ctx: KoaContextWithOIDC, value: string | undefined): void => {
    // FranceConnect v2 only knows eidas1; FranceConnect+ eidas2 and eidas3, never eidas1.
    const chosen = chosenAcr(platform, value);
    if ('invalid' in chosen) {
      throw new errors.CustomOIDCProviderError(
        'invalid_acr',
        `acr_value is not valid, should be equal one of these values, expected ${PLATFORMS[platform].acrValues.join(',')}, got ${chosen.invalid}`,
      );
    }
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * oidc-provider's outbound fetch (a client's `jwks_uri`) with its protection against special-use
 * addresses lifted for loopback hosts only: the services the local FranceConnect+ serves run on this
 * machine. Every other address keeps the protection.
 */
function fetchAllowingLoopback(url: URL | string, options: RequestInit & { dispatcher?: unknown }) {
  if (!LOOPBACK.has(new URL(url).hostname)) return globalThis.fetch(url, options);
  const { dispatcher: _protection, ...rest } = options;
  return globalThis.fetch(url, rest);
}

function habilitationValidator(
  ctx: KoaContextWithOIDC,
  _value: string | undefined,
  client: { scope?: string },
): void {
  // FranceConnect refuses any scope outside the habilitation, unknown ones included; oidc-provider
  // silently drops unknown scopes before this point, so the raw parameter is checked.
  const requested = typeof ctx.query.scope === 'string' ? ctx.query.scope : '';
  const allowed = new Set((client.scope ?? '').split(' '));
  for (const scope of requested.split(' ').filter(Boolean)) {
    if (!allowed.has(scope)) throw new errors.InvalidScope('requested scope is not allowed', scope);
  }
}

function idpHintValidator(_ctx: KoaContextWithOIDC, value: string | undefined): void {
  if (value !== undefined && value !== DEMO_IDENTITY_PROVIDER.id) {
    const error = new FranceConnectPageError(400, 'Y030016', [
      `idp_hint : fournisseur d’identité non autorisé (seul "${DEMO_IDENTITY_PROVIDER.id}" existe)`,
    ]);
    Object.assign(error, { allow_redirect: false });
    throw error;
  }
}

export function createProvider({
  platform,
  issuer,
  clients,
  identities,
  lifetimes,
  store,
}: ProviderOptions): Provider {
  const keys = developmentKeys();
  const rules = PLATFORMS[platform];
  const plus = platform === 'franceconnect-plus';
  const claims: Record<string, string[] | null> = { acr: null, amr: null, auth_time: null };
  for (const [scope, released] of Object.entries(rules.scopeClaims)) claims[scope] = [...released];
  const signing = [...rules.signingAlgorithms];

  const configuration: Configuration = {
    adapter: store.adapterFactory,
    clients: clients.map((client) => clientMetadata(client, platform)),
    // FranceConnect+ publishes only its ES256 keys.
    jwks: { keys: keys.signing_keys.filter((key) => signing.includes(key.alg)) },
    cookies: {
      keys: keys.cookie_keys,
      // Names of their own, so that a service on another port of the same host never collides with them.
      names: { session: 'fc_session', interaction: 'fc_interaction', resume: 'fc_interaction_resume' },
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    routes: {
      authorization: '/authorize',
      token: '/token',
      userinfo: '/userinfo',
      end_session: '/session/end',
      jwks: '/jwks',
      revocation: '/token/revocation',
    },
    claims,
    // The data scopes are FranceConnect's (API FranceConnectées); FranceConnect+ has none.
    scopes: plus ? ['openid'] : ['openid', ...DATA_SCOPES],
    acrValues: [...rules.acrValues],
    responseTypes: ['code'],
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: (_ctx, accountId, client) =>
      pairwiseSubject(accountId, client.clientId, keys.subject_salt),
    clientAuthMethods: ['client_secret_post', 'private_key_jwt'],
    enabledJWA: {
      clientAuthSigningAlgValues: signing,
      idTokenSigningAlgValues: signing,
      userinfoSigningAlgValues: signing,
      ...(plus
        ? {
            idTokenEncryptionAlgValues: [...ENCRYPTION_ALGORITHMS],
            idTokenEncryptionEncValues: [CONTENT_ENCRYPTION],
            userinfoEncryptionAlgValues: [...ENCRYPTION_ALGORITHMS],
            userinfoEncryptionEncValues: [CONTENT_ENCRYPTION],
          }
        : {}),
    },
    fetch: fetchAllowingLoopback as Configuration['fetch'],
    features: {
      devInteractions: { enabled: false },
      // FranceConnect+ encrypts the ID token and userinfo to the client's published key.
      encryption: { enabled: plus },
      claimsParameter: { enabled: true },
      jwtUserinfo: { enabled: true },
      userinfo: { enabled: true },
      introspection: { enabled: false },
      // Not offered by FranceConnect v2 (its discovery only lists the code flow endpoints).
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      rpInitiatedLogout: {
        enabled: true,
        // Never shown: the end-session middleware answers with a redirect (FranceConnect asks nothing).
        logoutSource: (ctx) => {
          ctx.body = '';
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = '';
        },
      },
    },
    extraParams: {
      acr_values: acrValidator(platform),
      scope: habilitationValidator,
      idp_hint: idpHintValidator,
      ui_locales: null,
    },
    pkce: { required: () => false },
    // FranceConnect asks for consent at every authorization, even within its SSO session.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return typeof grantId === 'string' ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    findAccount: (_ctx, accountId) => {
      const identity = identities.get(accountId);
      if (!identity) return undefined;
      // FranceConnect sends the identity the RNIPP confirmed; FranceConnect+ the identity provider's.
      const released = plus ? franceConnectPlusClaims(identity) : franceConnectClaims(identity);
      return { accountId, claims: () => ({ sub: accountId, ...released }) };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: (ctx, out, error) => renderProviderError(ctx, out, error, platform),
    clientBasedCORS: () => false,
    ttl: {
      AuthorizationCode: lifetimes.code,
      AccessToken: lifetimes.accessToken,
      IdToken: lifetimes.idToken,
      Session: lifetimes.session,
      Interaction: 600,
      Grant: Math.max(lifetimes.session, lifetimes.accessToken),
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.on('server_error', (_ctx, error) => {
    // Never the request (it may hold personal data or secrets): only what failed.
    console.error(`local ${rules.brand}: internal error: ${error.message}`);
  });
  return provider;
}
