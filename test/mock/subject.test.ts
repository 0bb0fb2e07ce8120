import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pairwiseSubject } from '@franceconnect-kit/mock-franceconnect';

describe('pairwise subject', () => {
  it('has FranceConnect’s format: 64 hexadecimal characters then v1', () => {
    assert.match(pairwiseSubject('test', 'https://demo.example', 'salt'), /^[0-9a-f]{64}v1$/);
  });

  it('is stable for one identity and one service, and differs between services and identities', () => {
    const sub = pairwiseSubject('test', 'sector-a', 'salt');
    assert.equal(pairwiseSubject('test', 'sector-a', 'salt'), sub);
    assert.notEqual(pairwiseSubject('test', 'sector-b', 'salt'), sub);
    assert.notEqual(pairwiseSubject('avec_nom_dusage', 'sector-a', 'salt'), sub);
  });
});
