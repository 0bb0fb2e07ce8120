import { randomFillSync } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Random bytes are drawn from the CSPRNG in blocks and each byte is used once: one system call per
// few dozen values instead of one per value (the BFF draws a state, a nonce and a session id per login).
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomByte(): number {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  return pool[offset++] ?? 0;
}

/**
 * A random string of [A-Za-z0-9] (qualification #20: `state` and `nonce` are at least 22 such
 * characters; we use 64, as FranceConnect's own clients do). Rejection sampling keeps it unbiased.
 */
export function randomAlphanumeric(length = 64): string {
  const chars = new Array<string>(length);
  for (let i = 0; i < length;) {
    const byte = randomByte();
    // 248 = 4 × 62: bytes above it would favour the first letters.
    if (byte < 248) chars[i++] = ALPHABET[byte % 62] ?? '';
  }
  return chars.join('');
}
