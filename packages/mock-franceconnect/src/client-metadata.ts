import type { ClientMetadata } from 'oidc-provider';
import { ALL_SCOPES, PLUS_SCOPES, type MockClient } from './clients.js';
import { CONTENT_ENCRYPTION } from './encryption.js';
import type { Platform } from './platform.js';

// Apart from clients.ts, so that the package's public types never reach oidc-provider's: a project that
// uses the local FranceConnect needs no @types of its own for it.

/** oidc-provider's metadata for a registration: code flow only, pairwise subjects, signed userinfo. */
export function clientMetadata(client: MockClient, platform: Platform = 'franceconnect'): ClientMetadata {
  const idTokenAlg = client.id_token_signed_response_alg ?? 'ES256';
  const encryption =
    platform === 'franceconnect-plus'
      ? {
          // FranceConnect+ states when the person authenticated (franceconnect.md §3.4).
          require_auth_time: true,
          jwks_uri: client.jwks_uri,
          id_token_encrypted_response_alg: client.id_token_encrypted_response_alg,
          id_token_encrypted_response_enc: client.id_token_encrypted_response_enc ?? CONTENT_ENCRYPTION,
          userinfo_encrypted_response_alg: client.userinfo_encrypted_response_alg,
          userinfo_encrypted_response_enc: client.userinfo_encrypted_response_enc ?? CONTENT_ENCRYPTION,
        }
      : {};
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
    scope: (client.scopes ?? (platform === 'franceconnect-plus' ? PLUS_SCOPES : ALL_SCOPES)).join(' '),
    ...(client.jwks ? { jwks: client.jwks } : {}),
    ...encryption,
  };
}
