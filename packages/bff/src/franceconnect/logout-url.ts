import * as client from 'openid-client';
import { randomAlphanumeric } from './random.js';

/**
 * FranceConnect's end-session URL (qualification #9): the browser goes there with the raw ID token
 * as `id_token_hint`, a fresh `state` that the logout callback checks, and the registered
 * `post_logout_redirect_uri`.
 */
export function logoutUrl(
  config: client.Configuration,
  input: { idToken: string; postLogoutRedirectUri: string },
): { url: URL; state: string } {
  const state = randomAlphanumeric();
  const url = client.buildEndSessionUrl(config, {
    id_token_hint: input.idToken,
    state,
    post_logout_redirect_uri: input.postLogoutRedirectUri,
  });
  return { url, state };
}
