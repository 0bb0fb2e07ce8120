import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random string of [A-Za-z0-9] (qualification #20: `state` and `nonce` are at least 22 such
 * characters; we use 64, as FranceConnect's own clients do). Rejection sampling keeps it unbiased.
 */
export function randomAlphanumeric(length = 64): string {
  let result = '';
  while (result.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 × 62: bytes above it would favour the first letters.
      if (byte < 248) result += ALPHABET[byte % 62];
      if (result.length === length) break;
    }
  }
  return result;
}
