import { IDENTITY_SCOPE_CLAIMS, DATA_SCOPES } from '@franceconnect-kit/protocol';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { clientMetadata } from './client-metadata.js';
import type { MockClient } from './clients.js';
import { FranceConnectPageError, type ErrorCode } from './error-codes.js';
import type { TestIdentity } from './identities.js';
import type { Lifetimes } from './lifetimes.js';
import { developmentKeys } from './keys.js';
import type { MemoryStore } from './memory-store.js';
import { franceConnectClaims } from './pivot-claims.js';
import { errorPage, DEMO_IDENTITY_PROVIDER } from './screens/pages.js';
import { SCREEN_HEADERS } from './screens/layout.js';
import { pairwiseSubject } from './subject.js';

/** FranceConnect's only eIDAS level. */
export const ACR = 'eidas1';

export interface ProviderOptions {
  issuer: string;
  clients: readonly MockClient[];
  identities: ReadonlyMap<string, TestIdentity>;
  lifetimes: Lifetimes;
  store: MemoryStore;
}

/** The code of an error rendered by the OpenID Connect layer. */
function codeOf(error: unknown, status: number): ErrorCode {
  if (error instanceof FranceConnectPageError) return error.code;
  if (error instanceof errors.SessionNotFound) return 'Y190001';
  return status >= 500 ? 'Y000500' : 'Y000400';
}

/** The page shown for any error oidc-provider cannot send back to the service. */
export function renderProviderError(
  ctx: KoaContextWithOIDC,
  out: { error: string; error_description?: string | undefined },
  error: unknown,
): void {
  const code = codeOf(error, ctx.status);
  if (error instanceof FranceConnectPageError) ctx.status = error.status;
  ctx.set(SCREEN_HEADERS);
  ctx.body = errorPage({
    code,
    ...(error instanceof FranceConnectPageError ? { problems: error.problems } : { error: out }),
  });
}

function acrValidator(_ctx: KoaContextWithOIDC, value: string | undefined): void {
  // FranceConnect v2 only knows eidas1 (qualification: the service must ask for eidas1).
  const values = (value ?? '').split(' ').filter(Boolean);
  if (!values.includes(ACR)) {
    throw new errors.CustomOIDCProviderError(
      'invalid_acr',
      `acr_value is not valid, should be equal one of these values, expected ${ACR}, got ${values.join(' ') || '(none)'}`,
    );
  }
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

export function createProvider({ issuer, clients, identities, lifetimes, store }: ProviderOptions): Provider {
  const keys = developmentKeys();
  const claims: Record<string, string[] | null> = { acr: null, amr: null, auth_time: null };
  for (const [scope, released] of Object.entries(IDENTITY_SCOPE_CLAIMS)) claims[scope] = [...released];

  const configuration: Configuration = {
    adapter: store.adapterFactory,
    clients: clients.map(clientMetadata),
    jwks: { keys: keys.signing_keys },
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
    scopes: ['openid', ...DATA_SCOPES],
    acrValues: [ACR],
    responseTypes: ['code'],
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: (_ctx, accountId, client) =>
      pairwiseSubject(accountId, client.clientId, keys.subject_salt),
    clientAuthMethods: ['client_secret_post', 'private_key_jwt'],
    enabledJWA: {
      clientAuthSigningAlgValues: ['ES256', 'RS256'],
      idTokenSigningAlgValues: ['ES256', 'RS256'],
      userinfoSigningAlgValues: ['ES256', 'RS256'],
    },
    features: {
      devInteractions: { enabled: false },
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
      acr_values: acrValidator,
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
      return { accountId, claims: () => ({ sub: accountId, ...franceConnectClaims(identity) }) };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: (ctx, out, error) => renderProviderError(ctx, out, error),
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
    console.error(`local FranceConnect: internal error: ${error.message}`);
  });
  return provider;
}
