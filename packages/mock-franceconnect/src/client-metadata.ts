import type { ClientMetadata } from 'oidc-provider';
import { ALL_SCOPES, type MockClient } from './clients.js';

// Apart from clients.ts, so that the package's public types never reach oidc-provider's: a project that
// uses the local FranceConnect needs no @types of its own for it.

/** oidc-provider's metadata for a registration: code flow only, pairwise subjects, signed userinfo. */
export function clientMetadata(client: MockClient): ClientMetadata {
  const idTokenAlg = client.id_token_signed_response_alg ?? 'ES256';
  return {
    client_id: client.client_id,
    client_secret: client.client_secret,
    client_name: client.client_name,
    redirect_uris: client.redirect_uris,
    post_logout_redirect_uris: client.post_logout_redirect_uris,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: client.token_endpoint_auth_method ?? 'client_secret_post',
    id_token_signed_response_alg: idTokenAlg,
    userinfo_signed_response_alg: client.userinfo_signed_response_alg ?? idTokenAlg,
    subject_type: 'pairwise',
    scope: (client.scopes ?? ALL_SCOPES).join(' '),
    ...(client.jwks ? { jwks: client.jwks } : {}),
  };
}
