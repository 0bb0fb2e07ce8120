import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeReturnTo } from '@franceconnect-kit/bff';
import { FUZZ_SEED, seededRandom } from './helpers/fuzz.js';

// security.md: `returnTo` keeps only same-origin relative paths. Judged as a browser reads a
// `Location` header: resolved against the site (WHATWG URL, the browsers' parser), it must stay on
// the site and name no host.

const SITE = 'https://demarches.example.fr';

/** Where a browser on SITE goes with `Location: value`. */
const destination = (value: string) => new URL(value, `${SITE}/auth/callback`);

/** The property every answer of safeReturnTo has: the fallback, or a path that stays here, unchanged. */
function assertStaysHere(value: string, result: string): void {
  const what = JSON.stringify(value);
  if (result === '/') return;
  assert.ok(result.startsWith('/') && !result.startsWith('//'), `${what} gave ${result}`);
  assert.equal(destination(result).origin, SITE, `${what} gave ${result}, which leaves the site`);
  assert.equal(destination(result).pathname.startsWith('//'), false, `${what} gave ${result}`);
  assert.equal(safeReturnTo(result), result, `${what}: the kept path is not stable`);
}

describe('safeReturnTo', () => {
  it('keeps same-origin relative paths, with their query and fragment', () => {
    assert.equal(safeReturnTo('/mes-aides'), '/mes-aides');
    assert.equal(safeReturnTo('/profil?onglet=email#adresse'), '/profil?onglet=email#adresse');
    assert.equal(safeReturnTo('/a/../profil'), '/profil', 'resolved');
    assert.equal(safeReturnTo('/d%C3%A9marches/%2Fpas-un-h%C3%B4te'), '/d%C3%A9marches/%2Fpas-un-h%C3%B4te');
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
      '/\n/evil.example',
      '',
      undefined,
      ['/a'],
      '/'.padEnd(3000, 'a'),
    ]) {
      assert.equal(safeReturnTo(value), '/', JSON.stringify(value));
    }
  });

  it('falls back to / for paths that become //host once resolved (dot segments, written any way)', () => {
    for (const value of [
      '/.//evil.example/x',
      '/%2e//evil.example/x',
      '/%2E//evil.example/x',
      '/a/..//evil.example/x',
      '/a/%2e%2e//evil.example/x',
      '/a/.%2E//evil.example/x',
      '/././/evil.example',
      '/..//evil.example',
      '/%2e%2e//evil.example',
      '/./%2e/.//evil.example',
      '/a/b/../..//evil.example',
    ]) {
      assert.equal(safeReturnTo(value), '/', JSON.stringify(value));
      assert.equal(destination(value).pathname.startsWith('//'), true, `${value} is a real threat`);
    }
  });

  it('uses the given fallback', () => {
    assert.equal(safeReturnTo('//evil.example', '/accueil'), '/accueil');
    assert.equal(safeReturnTo('/.//evil.example', '/accueil'), '/accueil');
  });

  it('never gives a path that leaves the site, over thousands of seeded random values', () => {
    const random = seededRandom(FUZZ_SEED);
    const pieces = [
      '/',
      '//',
      '\\',
      '.',
      '..',
      '%2e',
      '%2E',
      '%2e%2e',
      '%2f',
      '%2F',
      '%5c',
      '%5C',
      '%09',
      '%0a',
      '%00',
      '\t',
      '\n',
      '\r',
      ' ',
      '\u3000',
      '\u2215',
      '\uff0f',
      'é',
      '@',
      ':',
      '?',
      '#',
      '&',
      '=',
      'evil.example',
      'évil.example',
      'xn--vil-bma.example',
      'javascript:',
      'http:',
      'https:',
      'data:',
      '%252e',
      ';',
      '\u0000',
    ];
    let kept = 0;
    for (let i = 0; i < 5000; i++) {
      const length = 1 + random.int(8);
      const value = Array.from({ length }, () => random.pick(pieces)).join('');
      const candidate = random.int(3) === 0 ? value : `/${value}`;
      const result = safeReturnTo(candidate);
      if (result !== '/') kept++;
      assertStaysHere(candidate, result);
    }
    assert.ok(kept > 100, `the fuzz kept ${kept} values: it tried real paths too (seed ${FUZZ_SEED})`);
  });
});
