import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type JsonWebKey,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';

/**
 * The service's encryption keys for FranceConnect+, which encrypts the ID token and userinfo to the
 * public key published at the service's `jwks_uri` (`GET /auth/jwks`). A list, newest first:
 *
 * - the first key is the current one, the only one published, so FranceConnect+ encrypts to it;
 * - the others only decrypt, for the tokens FranceConnect+ encrypted before it fetched the new JWKS.
 *
 * Rotating is putting a new key first, then removing the old one once FranceConnect+ has fetched
 * the new JWKS (the BFF lets it be cached 10 minutes).
 */

/** The key management algorithms FranceConnect+ offers (`RSA-OAEP` and `ECDH-ES` documented). */
export const KEY_ALGORITHMS = ['RSA-OAEP', 'RSA-OAEP-256', 'ECDH-ES'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];
/** FranceConnect+'s only content encryption. */
export const CONTENT_ENCRYPTION = 'A256GCM';

export interface EncryptionKey {
  kid: string;
  alg: KeyAlgorithm;
  /** The private JWK, as configured. */
  privateJwk: JWK;
  /** Only the public parameters, with `kid`, `alg` and `use: enc`. */
  publicJwk: JWK;
}

const privateJwkSchema = z.looseObject({
  kty: z.enum(['RSA', 'EC'], { error: 'kty must be RSA or EC' }),
  kid: z
    .string({ error: 'kid is required' })
    .regex(/^[\x21-\x7e]{1,128}$/, 'kid must be 1 to 128 printable ASCII characters'),
  alg: z.enum(KEY_ALGORITHMS, { error: `alg must be one of ${KEY_ALGORITHMS.join(', ')}` }).optional(),
  use: z.literal('enc', { error: 'use must be enc' }).optional(),
  d: z.string({ error: 'the private part (d) is missing: give the private key' }),
});

/** One line per problem, naming the key by its position. */
export class EncryptionKeysError extends Error {
  override readonly name = 'EncryptionKeysError';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** The public part of a private JWK, as FranceConnect+ may see it: no private parameter can slip through. */
function publicPart(jwk: JsonWebKey, kid: string, alg: KeyAlgorithm): JWK {
  const exported = createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'jwk' });
  const { kty, n, e, crv, x, y } = exported;
  return Object.fromEntries(
    Object.entries({ kty, n, e, crv, x, y, kid, alg, use: 'enc' }).filter(([, value]) => value !== undefined),
  );
}

function checkKey(value: unknown, where: string): EncryptionKey | string[] {
  const parsed = privateJwkSchema.safeParse(value);
  if (!parsed.success) return parsed.error.issues.map((issue) => `${where}: ${issue.message}`);
  const jwk = parsed.data;
  let key;
  try {
    key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    return [`${where}: not a valid ${jwk.kty} private key`];
  }
  let alg: KeyAlgorithm;
  if (jwk.kty === 'EC') {
    if (key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
      return [`${where}: an EC key must be on the P-256 curve`];
    if (jwk.alg !== undefined && jwk.alg !== 'ECDH-ES') return [`${where}: an EC key is for ECDH-ES`];
    alg = 'ECDH-ES';
  } else {
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
      return [`${where}: an RSA key must have at least 2048 bits`];
    if (jwk.alg === 'ECDH-ES') return [`${where}: an RSA key is for RSA-OAEP`];
    alg = jwk.alg ?? 'RSA-OAEP';
  }
  return {
    kid: jwk.kid,
    alg,
    privateJwk: { ...(jwk as JWK), alg, use: 'enc' },
    publicJwk: publicPart(jwk, jwk.kid, alg),
  };
}

/**
 * Checks private keys given as a JWKS (`{ "keys": [...] }`), a list of JWKs, or their JSON text.
 * Throws `EncryptionKeysError` naming every problem.
 */
export function parseEncryptionKeys(value: unknown): EncryptionKey[] {
  let input = value;
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch {
      throw new EncryptionKeysError(['not JSON: give a JWKS, { "keys": [ … ] }']);
    }
  }
  const list: unknown =
    typeof input === 'object' && input !== null && !Array.isArray(input) && 'keys' in input
      ? input.keys
      : input;
  if (!Array.isArray(list) || list.length === 0) {
    throw new EncryptionKeysError(['must be a JWKS with at least one private key, { "keys": [ … ] }']);
  }
  const problems: string[] = [];
  const keys: EncryptionKey[] = [];
  list.forEach((entry, index) => {
    const checked = checkKey(entry, `keys[${index}]`);
    if (Array.isArray(checked)) problems.push(...checked);
    else if (keys.some((key) => key.kid === checked.kid))
      problems.push(`keys[${index}]: kid ${checked.kid} is used twice`);
    else keys.push(checked);
  });
  if (problems.length > 0) throw new EncryptionKeysError(problems);
  return keys;
}

/** A new private key (P-256 for ECDH-ES, 3072-bit RSA for RSA-OAEP), its `kid` dated. */
export function generateEncryptionKey(alg: KeyAlgorithm = 'ECDH-ES'): JWK {
  const pair =
    alg === 'ECDH-ES'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 3072 });
  const kid = `enc-${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
  return { ...(pair.privateKey.export({ format: 'jwk' }) as JWK), kid, alg, use: 'enc' };
}

/** The keys in use: the first is published and encrypted to; every one decrypts. */
export class EncryptionKeys {
  readonly keys: readonly EncryptionKey[];
  #imported: Promise<Array<{ kid: string; alg: KeyAlgorithm; key: CryptoKey }>> | undefined;

  constructor(keys: readonly EncryptionKey[]) {
    const [current] = keys;
    if (!current) throw new EncryptionKeysError(['at least one key is needed']);
    this.keys = keys;
  }

  /** The key FranceConnect+ encrypts to (the first). */
  get current(): EncryptionKey {
    return this.keys[0] as EncryptionKey;
  }

  /** The algorithms the keys decrypt. */
  get algorithms(): KeyAlgorithm[] {
    return [...new Set(this.keys.map((key) => key.alg))];
  }

  /** What `GET /auth/jwks` serves: the current key's public part, nothing private. */
  publicJwks(): { keys: JWK[] } {
    return { keys: [this.current.publicJwk] };
  }

  /** Every key as a WebCrypto private key, imported once. */
  privateKeys(): Promise<Array<{ kid: string; alg: KeyAlgorithm; key: CryptoKey }>> {
    this.#imported ??= Promise.all(
      this.keys.map(async ({ kid, alg, privateJwk }) => ({
        kid,
        alg,
        key: (await importJWK(privateJwk, alg)) as CryptoKey,
      })),
    );
    return this.#imported;
  }
}

export interface KeySource {
  /** The keys themselves (a JWKS or its JSON text), e.g. from `FC_PLUS_ENCRYPTION_KEYS`. */
  keys?: unknown;
  /** A file holding the JWKS, e.g. from `FC_PLUS_ENCRYPTION_KEYS_FILE`. */
  file?: string | undefined;
  /** Whether a missing file may be created with a new key (development, against a local FranceConnect+). */
  generate: boolean;
}

/**
 * The keys from their source: given, else read from the file, else (development only) a new key
 * written to that file (0600), so that a restart keeps it and FranceConnect+'s cached JWKS stays right.
 * Throws `EncryptionKeysError`.
 */
export function loadEncryptionKeys(source: KeySource): EncryptionKeys {
  if (source.keys !== undefined) return new EncryptionKeys(parseEncryptionKeys(source.keys));
  if (source.file === undefined) {
    if (!source.generate)
      throw new EncryptionKeysError(['no encryption keys: give them, or a file holding them']);
    return new EncryptionKeys(parseEncryptionKeys({ keys: [generateEncryptionKey()] }));
  }
  if (!existsSync(source.file)) {
    if (!source.generate) {
      throw new EncryptionKeysError([
        `${source.file} does not exist (create it with \`franceconnect-bff generate-encryption-key > ${source.file}\`)`,
      ]);
    }
    mkdirSync(dirname(source.file), { recursive: true });
    try {
      writeFileSync(source.file, `${JSON.stringify({ keys: [generateEncryptionKey()] }, null, 2)}\n`, {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (error) {
      // Another process starting at the same moment wrote it first: read theirs.
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
  }
  let text: string;
  try {
    text = readFileSync(source.file, 'utf8');
  } catch (error) {
    throw new EncryptionKeysError([
      `${source.file} cannot be read (${error instanceof Error && 'code' in error ? String(error.code) : 'error'})`,
    ]);
  }
  try {
    return new EncryptionKeys(parseEncryptionKeys(text));
  } catch (error) {
    if (error instanceof EncryptionKeysError)
      throw new EncryptionKeysError(error.problems.map((problem) => `${source.file}: ${problem}`));
    throw error;
  }
}
