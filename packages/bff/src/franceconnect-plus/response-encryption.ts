import { compactDecrypt, decodeProtectedHeader, type CompactDecryptGetKey } from 'jose';
import * as client from 'openid-client';
import type { ResponseDecryption } from '../franceconnect/discovery.js';
import { FranceConnectError } from '../franceconnect/errors.js';
import { CONTENT_ENCRYPTION, type EncryptionKeys } from './encryption-keys.js';

/** What an encrypted answer holds: `id_token` (the token endpoint) or `userinfo`. */
export type EncryptedPart = 'id_token' | 'userinfo';

/**
 * FranceConnect+'s encrypted answers: the ID token and userinfo are signed (ES256), then encrypted to
 * the service's published key (`RSA-OAEP` or `ECDH-ES`, `A256GCM`). openid-client decrypts them
 * (`enableDecryptingResponses`) before its usual checks; this class first refuses what is not such a
 * JWE (openid-client would take an unencrypted token as it is), and opens it for the BFF's own needs:
 * the signing key's `kid` (rotation) and the signed ID token kept for the logout's `id_token_hint`.
 */
export class ResponseEncryption implements ResponseDecryption {
  readonly #keys: EncryptionKeys;

  constructor(keys: EncryptionKeys) {
    this.#keys = keys;
  }

  get currentAlgorithm(): string {
    return this.#keys.current.alg;
  }

  /** Lets openid-client decrypt with every key, `A256GCM` only. */
  async configure(config: client.Configuration): Promise<void> {
    const keys = await this.#keys.privateKeys();
    client.enableDecryptingResponses(
      config,
      [CONTENT_ENCRYPTION],
      ...keys.map(({ kid, alg, key }) => ({ key, kid, alg })),
    );
  }

  /**
   * The signed JWT inside `token`. Rejects with `FranceConnectError('encryption_invalid')` unless it is
   * a compact JWE with an algorithm of the service's keys and `A256GCM`, that one of them decrypts,
   * holding a compact JWS.
   */
  async open(token: string | undefined, part: EncryptedPart): Promise<string> {
    const what = part === 'id_token' ? 'the ID token' : 'userinfo';
    if (token === undefined || token.split('.').length !== 5) {
      throw new FranceConnectError('encryption_invalid', `${what} is not encrypted (a JWE is expected)`);
    }
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new FranceConnectError('encryption_invalid', `${what} has no readable JWE header`);
    }
    const algorithms: string[] = this.#keys.algorithms;
    if (typeof header.alg !== 'string' || !algorithms.includes(header.alg)) {
      throw new FranceConnectError(
        'encryption_invalid',
        `${what} is encrypted with an algorithm the service's keys are not for (expected ${algorithms.join(' or ')})`,
      );
    }
    if (header.enc !== CONTENT_ENCRYPTION) {
      throw new FranceConnectError(
        'encryption_invalid',
        `${what} is not encrypted with ${CONTENT_ENCRYPTION}`,
      );
    }
    const keys = await this.#keys.privateKeys();
    const candidates = keys.filter(
      (key) => key.alg === header.alg && (header.kid === undefined || key.kid === header.kid),
    );
    let plaintext: Uint8Array | undefined;
    for (const candidate of candidates) {
      const getKey: CompactDecryptGetKey = () => candidate.key;
      try {
        ({ plaintext } = await compactDecrypt(token, getKey, {
          keyManagementAlgorithms: [candidate.alg],
          contentEncryptionAlgorithms: [CONTENT_ENCRYPTION],
        }));
        break;
      } catch {
        // the next key, if any
      }
    }
    if (plaintext === undefined) {
      throw new FranceConnectError(
        'encryption_invalid',
        `${what} cannot be decrypted with the service's keys`,
      );
    }
    const jws = new TextDecoder().decode(plaintext).trim();
    if (jws.split('.').length !== 3) {
      throw new FranceConnectError('encryption_invalid', `${what} does not hold a signed JWT`);
    }
    return jws;
  }
}
