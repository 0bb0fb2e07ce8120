import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidSiret, siretProblem } from '@franceconnect-kit/protocol';

describe('SIRET validation', () => {
  it('accepts SIRETs whose Luhn checksum is valid', () => {
    assert.equal(siretProblem('13002526500013'), undefined); // DINUM
    assert.equal(isValidSiret('73282932000074'), true);
  });

  it('refuses a bad checksum, naming the problem', () => {
    assert.equal(siretProblem('13002526500014'), 'checksum');
  });

  it('refuses anything but 14 digits', () => {
    for (const value of ['', '1300252650001', '130025265000133', '1300252650001a', '13002 526500013']) {
      assert.equal(siretProblem(value), 'format', value);
    }
  });

  it("applies La Poste's own rule (digit sum multiple of 5) to SIREN 356000000", () => {
    assert.equal(isValidSiret('35600000049837'), true); // not Luhn-valid, sum = 45
    assert.equal(isValidSiret('35600000000048'), true); // head office: Luhn-valid
    assert.equal(siretProblem('35600000000013'), 'checksum'); // neither rule
  });

  it('does not extend La Poste’s rule to other SIRENs', () => {
    // Digit sum 50, a multiple of 5, but not La Poste and not Luhn-valid.
    assert.equal(siretProblem('12345678900005'), 'checksum');
  });
});
