/**
 * Why a FranceConnect step failed. Routes turn each code into a page and a log line; nothing else
 * about the failure (tokens, claims, response bodies) leaves this module's callers.
 */
export type FranceConnectErrorCode =
  /** FranceConnect could not be reached, timed out, refused TLS ≥ 1.2 or answered 5xx. */
  | 'unavailable'
  /** Discovery answered, but with metadata the BFF cannot use safely (http endpoints, missing ones). */
  | 'metadata_invalid'
  /** The token endpoint refused the code (expired, replayed, wrong client). */
  | 'token_rejected'
  /** The ID token failed a check: signature, alg, iss, aud, exp, iat, sub. */
  | 'id_token_invalid'
  /** The ID token's nonce is missing or not the one this browser's attempt sent (qualification #20). */
  | 'nonce_mismatch'
  /** The ID token's acr is missing, unknown, or below the level asked for (qualification #19). */
  | 'acr_insufficient'
  /** Userinfo is not the signed JWT expected, or its signature, issuer, audience or subject is wrong. */
  | 'userinfo_invalid'
  /**
   * FranceConnect+: the ID token or userinfo is not encrypted as registered (a JWE to the service's
   * published key, `A256GCM`), or cannot be decrypted with the service's keys.
   */
  | 'encryption_invalid'
  /** Userinfo claims are missing or malformed. */
  | 'claims_invalid';

export class FranceConnectError extends Error {
  override readonly name = 'FranceConnectError';
  readonly code: FranceConnectErrorCode;
  /**
   * For `nonce_mismatch` only: the ID token FranceConnect issued, signature verified, so that the
   * attempt can end with a FranceConnect logout (qualification #20). Never used for anything else.
   */
  readonly logoutHint: string | undefined;

  constructor(
    code: FranceConnectErrorCode,
    message: string,
    options: { cause?: unknown; logoutHint?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.logoutHint = options.logoutHint;
  }
}

/** `timeout`; `tls`: handshake refused (e.g. TLS < 1.2); `network`; `server_error`: a 5xx answer. */
export type UnreachableReason = 'timeout' | 'tls' | 'network' | 'server_error';

/** Thrown by the outbound HTTP client when FranceConnect cannot be reached. */
export class FranceConnectUnreachableError extends Error {
  override readonly name = 'FranceConnectUnreachableError';
  readonly reason: UnreachableReason;
  constructor(reason: UnreachableReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** The first error of a given class in an error's `cause` chain. */
export function findCause<T extends Error>(
  error: unknown,
  type: abstract new (...args: never[]) => T,
): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current instanceof Error; depth++) {
    if (current instanceof type) return current;
    current = current.cause;
  }
  return undefined;
}
