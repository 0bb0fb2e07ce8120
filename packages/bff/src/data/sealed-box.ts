import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/*
 * Retrieved data leaves the process only sealed: AES-256-GCM with a key of the configuration
 * (`DATA_STORE_KEY`), a random 96-bit nonce per write, and what it belongs to (its session and user)
 * as associated data, so that a value copied under another session's name does not open. Several keys
 * may be configured for rotation: the first seals, every one opens what it sealed.
 */

/** A key of `DATA_STORE_KEY`: 32 random bytes, written in base64 (`openssl rand -base64 32`). */
export const DATA_KEY_BYTES = 32;

interface DerivedKey {
  /** Names the key in sealed values without revealing it. */
  id: string;
  encryption: Buffer;
  /** Derives the store's key names, so that a dump shows neither session ids nor user ids. */
  naming: Buffer;
}

/** The problem with a list of base64 keys, or `undefined` when each is 32 bytes. Never echoes a key. */
export function dataKeysProblem(keys: readonly string[]): string | undefined {
  if (keys.length === 0) return 'at least one key is required';
  for (const [index, key] of keys.entries()) {
    const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(key) ? Buffer.from(key, 'base64') : undefined;
    if (bytes?.length !== DATA_KEY_BYTES) {
      return `key ${index + 1} must be ${DATA_KEY_BYTES} random bytes in base64 (openssl rand -base64 32)`;
    }
  }
  if (new Set(keys).size !== keys.length) return 'the same key is listed twice';
  return undefined;
}

function derive(key: string): DerivedKey {
  const secret = Buffer.from(key, 'base64');
  const part = (info: string, length: number) => Buffer.from(hkdfSync('sha256', secret, '', info, length));
  return {
    id: part('franceconnect-bff retrieved data key id', 6).toString('base64url'),
    encryption: part('franceconnect-bff retrieved data encryption', 32),
    naming: part('franceconnect-bff retrieved data names', 32),
  };
}

/** The sealed value could not be opened: tampered with, another key, or bound to something else. */
export class UnsealError extends Error {
  override readonly name = 'UnsealError';
}

export class SealedBox {
  readonly #keys: DerivedKey[];

  /** `keys`: base64, newest first (checked by `dataKeysProblem`). */
  constructor(keys: readonly string[]) {
    const problem = dataKeysProblem(keys);
    if (problem !== undefined) throw new Error(`retrieved data keys: ${problem}`);
    this.#keys = keys.map(derive);
  }

  /** The name of `value` in the store under each key, newest first (opaque, stable per key). */
  namesOf(kind: string, value: string): string[] {
    return this.#keys.map((key) =>
      createHmac('sha256', key.naming).update(kind).update('\0').update(value).digest('base64url'),
    );
  }

  /** `v1.<key id>.<nonce>.<ciphertext>.<tag>`, base64url parts. */
  seal(plaintext: string, boundTo: string): string {
    const key = this.#keys[0];
    if (!key) throw new Error('no key');
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.encryption, nonce);
    cipher.setAAD(Buffer.from(`${key.id}\0${boundTo}`));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      'v1',
      key.id,
      nonce.toString('base64url'),
      ciphertext.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ].join('.');
  }

  /** The plaintext; throws `UnsealError` unless a configured key sealed it for `boundTo`. */
  open(sealed: string, boundTo: string): string {
    const [version, id, nonce, ciphertext, tag, ...rest] = sealed.split('.');
    const key = this.#keys.find((candidate) => candidate.id === id);
    if (
      version !== 'v1' ||
      !key ||
      nonce === undefined ||
      ciphertext === undefined ||
      tag === undefined ||
      rest.length > 0
    ) {
      throw new UnsealError('not sealed by a configured key');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.encryption, Buffer.from(nonce, 'base64url'), {
        authTagLength: 16,
      });
      decipher.setAAD(Buffer.from(`${key.id}\0${boundTo}`));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch (error) {
      throw new UnsealError('the sealed value does not open', { cause: error });
    }
  }
}
