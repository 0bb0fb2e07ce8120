import * as client from 'openid-client';
import type { Acr } from '../config.js';
import { acrSatisfies } from './acr.js';
import { asFranceConnectError, type FranceConnectClient } from './discovery.js';
import { FranceConnectError, FranceConnectUnreachableError, findCause } from './errors.js';
import { parseIdentity, type PivotIdentity } from './identity.js';
import type { Platform } from './platform.js';
import type { Transaction } from './start-login.js';

/** Seconds of clock difference tolerated with FranceConnect (openid-client's default too). */
const CLOCK_TOLERANCE = 30;

/** FranceConnect's answer once every check passed. */
export interface VerifiedAuthorization {
  identity: PivotIdentity;
  /** The raw ID token: kept server-side only, as `id_token_hint` for the FranceConnect logout. */
  idToken: string;
  acr: Acr;
  amr: string[] | undefined;
  /** Epoch seconds of the authentication at FranceConnect, when given. */
  authTime: number | undefined;
  /**
   * FranceConnect's access token, valid about 60 seconds: only for a data-provider call made at once
   * by a purpose handler. The BFF never stores it.
   */
  accessToken: string;
  /** The transaction this answer completed (purpose, returnTo, scopes). */
  transaction: Transaction;
  /** Where the person authenticated: FranceConnect, or FranceConnect+. */
  platform: Platform;
}

export interface FinishLoginHooks {
  /**
   * Called once the ID token passed every check, before userinfo is fetched: the access token (60
   * seconds of life) may be used at once, in parallel (data retrieved with the sign-in).
   */
  accessTokenVerified?: ((accessToken: string) => void) | undefined;
}

/**
 * Completes an authorization: exchanges the code (`client_secret_post`), verifies the ID token
 * (signature with the registered algorithm, iss, aud, exp, iat, sub, then the nonce before any token
 * is used, then acr), fetches userinfo at once (a signed JWT, signature verified, same `sub`), and
 * validates the claims. `callbackUrl` is the configured redirect URI with the authorization
 * response's parameters; the caller has already matched `state` to `transaction`.
 */
export async function finishLogin(
  franceconnect: FranceConnectClient,
  callbackUrl: URL,
  transaction: Transaction,
  hooks: FinishLoginHooks = {},
): Promise<VerifiedAuthorization> {
  const exchange = await franceconnect.exchange().catch((error: unknown) => {
    throw asFranceConnectError(error);
  });
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(exchange.config, callbackUrl, {
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    throw await tokenFailure(franceconnect, error, exchange.receivedIdToken());
  }

  const claims = tokens.claims();
  // The signed ID token (FranceConnect+ sends it encrypted: the logout's hint is the signed one inside).
  const idToken = exchange.receivedIdToken() ?? tokens.id_token;
  if (!claims || idToken === undefined) throw new FranceConnectError('id_token_invalid', 'no ID token');
  if (claims.iat > Math.floor(Date.now() / 1000) + CLOCK_TOLERANCE) {
    throw new FranceConnectError('id_token_invalid', 'the ID token is issued in the future');
  }
  if (!acrSatisfies(claims.acr, transaction.acr)) {
    throw new FranceConnectError('acr_insufficient', `the acr is not a level at least ${transaction.acr}`);
  }

  // The ID token is verified (signature, nonce, acr): the access token may be used beside userinfo.
  hooks.accessTokenVerified?.(tokens.access_token);

  let userinfo: client.UserInfoResponse;
  try {
    userinfo = await client.fetchUserInfo(exchange.config, tokens.access_token, claims.sub);
  } catch (error) {
    if (findCause(error, FranceConnectUnreachableError)) throw asFranceConnectError(error);
    const encryption = findCause(error, FranceConnectError);
    if (encryption?.code === 'encryption_invalid') throw encryption;
    throw new FranceConnectError('userinfo_invalid', describe(error), { cause: error });
  }
  const parsed = parseIdentity(userinfo, transaction.scopes);
  if (!parsed.ok) throw new FranceConnectError('claims_invalid', parsed.problems.join('; '));

  return {
    identity: parsed.identity,
    idToken,
    acr: claims.acr,
    amr: Array.isArray(claims.amr) ? claims.amr.filter((value) => typeof value === 'string') : undefined,
    authTime: typeof claims.auth_time === 'number' ? claims.auth_time : undefined,
    accessToken: tokens.access_token,
    transaction,
    platform: transaction.platform ?? 'franceconnect',
  };
}

async function tokenFailure(
  franceconnect: FranceConnectClient,
  error: unknown,
  receivedIdToken: string | undefined,
): Promise<FranceConnectError> {
  if (findCause(error, FranceConnectUnreachableError)) return asFranceConnectError(error);
  if (findCause(error, FranceConnectError)) return asFranceConnectError(error);
  if (error instanceof client.ResponseBodyError || findCause(error, client.ResponseBodyError)) {
    return new FranceConnectError('token_rejected', 'the token endpoint refused the code', { cause: error });
  }
  if (mentionsNonce(error)) {
    // qualification #20: the attempt ends with a FranceConnect logout when the token is really FC's.
    const logoutHint =
      receivedIdToken !== undefined && (await franceconnect.isSignedForUs(receivedIdToken))
        ? receivedIdToken
        : undefined;
    return new FranceConnectError('nonce_mismatch', 'the ID token nonce is not the one sent', {
      cause: error,
      ...(logoutHint ? { logoutHint } : {}),
    });
  }
  return new FranceConnectError('id_token_invalid', describe(error), { cause: error });
}

function mentionsNonce(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.message.includes('"nonce"')) return true;
    current = current.cause;
  }
  return false;
}

/**
 * A log-safe description: only messages of openid-client's own errors, which name the failed check
 * without quoting values (their causes, and parser errors, may hold claims or response bodies).
 */
function describe(error: unknown): string {
  const messages: string[] = [];
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.name === 'ClientError' || current.name === 'OperationProcessingError')
      messages.push(current.message);
    current = current.cause;
  }
  return messages.join(': ') || 'unexpected response';
}
