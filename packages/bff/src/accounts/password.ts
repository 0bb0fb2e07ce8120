import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt cost parameters. The default, N = 2^15, r = 8, p = 3, is one of OWASP's equivalent minimums
 * for scrypt (32 MiB per hash, a few hundred milliseconds): memory-hard against GPUs, bounded memory
 * when many people sign in at once. Stored with each hash, so raising them later re-hashes each
 * password at its next sign-in.
 */
export interface ScryptParameters {
  /** log2 of the CPU/memory cost N. */
  logN: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParameters = { logN: 15, r: 8, p: 3 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// PHC string format: $scrypt$ln=15,r=8,p=3$<salt>$<hash>, base64 without padding; exactly the 16 bytes
// of salt and 32 of key hashPassword writes (scrypt's shorter outputs are prefixes: a cut hash would match).
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$/;

function derive(
  password: string,
  salt: Buffer,
  parameters: ScryptParameters,
  length: number,
): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** parameters.logN,
    r: parameters.r,
    p: parameters.p,
    // scrypt needs 128 × N × r bytes; Node refuses above 32 MiB unless told.
    maxmem: 128 * 2 ** parameters.logN * parameters.r * 2,
  };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

const b64 = (buffer: Buffer) => buffer.toString('base64').replace(/=+$/, '');

/** Hashes a password with a fresh random salt (in the threadpool: the event loop stays free). */
export async function hashPassword(password: string, parameters = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, parameters, KEY_BYTES);
  return `$scrypt$ln=${parameters.logN},r=${parameters.r},p=${parameters.p}$${b64(salt)}$${b64(key)}`;
}

export interface Verification {
  ok: boolean;
  /** Hashed with weaker parameters than the current ones: hash it again now that it is known. */
  needsRehash: boolean;
}

/** Checks a password against a stored hash, comparing in constant time. A malformed hash never matches. */
export async function verifyPassword(
  password: string,
  stored: string,
  current = DEFAULT_SCRYPT,
): Promise<Verification> {
  const match = FORMAT.exec(stored);
  if (!match) return { ok: false, needsRehash: false };
  const parameters = { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (parameters.logN < 1 || parameters.logN > 20 || parameters.r < 1 || parameters.p < 1) {
    return { ok: false, needsRehash: false };
  }
  const expected = Buffer.from(match[5] ?? '', 'base64');
  const key = await derive(password, Buffer.from(match[4] ?? '', 'base64'), parameters, expected.length);
  const ok = key.length === expected.length && timingSafeEqual(key, expected);
  const weaker = parameters.logN < current.logN || parameters.r < current.r || parameters.p < current.p;
  return { ok, needsRehash: ok && weaker };
}

/**
 * Spends the time of a real verification when there is no account to check against, so that the
 * answer's timing does not tell whether an email has an account.
 */
export class DecoyVerifier {
  readonly #parameters: ScryptParameters;
  readonly #decoy: Promise<string>;

  constructor(parameters = DEFAULT_SCRYPT) {
    this.#parameters = parameters;
    // Hashed at once, so that even the first unknown email takes no longer than the others.
    this.#decoy = hashPassword(randomBytes(16).toString('hex'), parameters);
    this.#decoy.catch(() => undefined); // reported by verify(), not as an unhandled rejection
  }

  async verify(password: string): Promise<void> {
    await verifyPassword(password, await this.#decoy, this.#parameters);
  }
}
