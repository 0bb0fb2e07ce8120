import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeReturnTo } from '@franceconnect-kit/bff';

describe('safeReturnTo', () => {
  it('keeps same-origin relative paths, with their query and fragment', () => {
    assert.equal(safeReturnTo('/mes-aides'), '/mes-aides');
    assert.equal(safeReturnTo('/profil?onglet=email#adresse'), '/profil?onglet=email#adresse');
  });

  it('falls back to / for anything that could leave the site', () => {
    for (const value of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      'evil.example',
      '/\t/evil.example',
      '',
      undefined,
      ['/a'],
      '/'.padEnd(3000, 'a'),
    ]) {
      assert.equal(safeReturnTo(value), '/', JSON.stringify(value));
    }
  });

  it('uses the given fallback', () => {
    assert.equal(safeReturnTo('//evil.example', '/accueil'), '/accueil');
  });
});
