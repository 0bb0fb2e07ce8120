import * as client from 'openid-client';
import type { Acr } from '../config.js';
import type { Platform } from './platform.js';
import { randomAlphanumeric } from './random.js';

/** `prompt` values FranceConnect accepts (`none` and `select_account` are refused). */
export type Prompt = 'login' | 'consent';

/**
 * One authorization attempt, kept in the browser in a sealed cookie until its callback, found by its
 * `state`. Single use; several may be pending at once (several tabs).
 */
export interface Transaction {
  state: string;
  nonce: string;
  /** Where to send the browser afterwards: a same-origin path, already sanitised. */
  returnTo: string;
  scopes: string[];
  acr: Acr;
  /** What the authorization is for: `sign-in`, or a purpose registered with the BFF (e.g. data). */
  purpose: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** `franceconnect-plus` for an authorization at FranceConnect+; absent for FranceConnect. */
  platform?: Platform | undefined;
}

export interface StartLoginInput {
  redirectUri: string;
  scopes: readonly string[];
  acr: Acr;
  returnTo: string;
  purpose: string;
  prompt?: readonly Prompt[] | undefined;
  /** The `claims` parameter (JSON), e.g. FranceConnect+'s `amr` request. */
  claims?: string | undefined;
  /** Absent for FranceConnect. */
  platform?: Platform | undefined;
}

/**
 * Builds FranceConnect's authorization URL and the transaction that will check its answer. The URL
 * carries exactly what FranceConnect accepts: response_type, client_id, redirect_uri, scope,
 * acr_values (qualification #19), state and nonce (qualification #20), optionally prompt, and no PKCE
 * parameter: FranceConnect rejects them although its discovery advertises S256, so the nonce is what
 * binds the code to this browser (RFC 9700 §2.1.1).
 */
export function startLogin(
  config: client.Configuration,
  input: StartLoginInput,
): { url: URL; transaction: Transaction } {
  const transaction: Transaction = {
    state: randomAlphanumeric(),
    nonce: randomAlphanumeric(),
    returnTo: input.returnTo,
    scopes: [...input.scopes],
    acr: input.acr,
    purpose: input.purpose,
    createdAt: Date.now(),
    ...(input.platform && input.platform !== 'franceconnect' ? { platform: input.platform } : {}),
  };
  const parameters: Record<string, string> = {
    response_type: 'code',
    redirect_uri: input.redirectUri,
    scope: transaction.scopes.join(' '),
    acr_values: transaction.acr,
    state: transaction.state,
    nonce: transaction.nonce,
  };
  if (input.prompt?.length) parameters.prompt = [...new Set(input.prompt)].join(' ');
  if (input.claims !== undefined) parameters.claims = input.claims;
  // client_id comes from the configuration: the one value used for authorize, token and logout (qualification #21).
  return { url: client.buildAuthorizationUrl(config, parameters), transaction };
}
