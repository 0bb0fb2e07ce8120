/**
 * SIRET validation, as API Particulier checks the `recipient` of a call to an API FranceConnectée.
 *
 * A SIRET is 14 digits whose Luhn checksum is valid. La Poste's establishments (SIREN 356000000) are
 * numbered by another rule: the sum of the 14 digits is a multiple of 5 (a few of them, such as the
 * head office 356 000 000 00048, are also Luhn-valid, so both rules are accepted there).
 */

/** La Poste's SIREN, whose establishments do not follow the Luhn rule. */
export const LA_POSTE_SIREN = '356000000';

export type SiretProblem = 'format' | 'checksum';

/** Why `value` is not a valid SIRET, or `undefined` when it is one. */
export function siretProblem(value: string): SiretProblem | undefined {
  if (!/^\d{14}$/.test(value)) return 'format';
  const digits = [...value].map(Number);
  if (luhnValid(digits)) return undefined;
  if (value.startsWith(LA_POSTE_SIREN) && digits.reduce((sum, digit) => sum + digit, 0) % 5 === 0) {
    return undefined;
  }
  return 'checksum';
}

export function isValidSiret(value: string): boolean {
  return siretProblem(value) === undefined;
}

function luhnValid(digits: readonly number[]): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Double every second digit from the right; for 14 digits, those at even indexes.
    let digit = digits[i] ?? 0;
    if ((digits.length - i) % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
