import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acrSatisfies, parseIdentity, randomAlphanumeric } from '@franceconnect-kit/bff';
import { DEFAULT_SCOPES } from '@franceconnect-kit/protocol';

// The protocol steps on their own: random values, acr levels, claims.

describe('randomAlphanumeric', () => {
  it('draws only letters and digits, of the asked length, evenly', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const value = randomAlphanumeric();
      assert.match(value, /^[A-Za-z0-9]{64}$/);
      for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    assert.equal(counts.size, 62);
    // 128 000 draws over 62 symbols: about 2065 each; a biased draw would stray far more than 15 %.
    for (const [char, count] of counts) assert.ok(count > 1750 && count < 2380, `${char}: ${count}`);
    assert.equal(randomAlphanumeric(22).length, 22);
  });
});

describe('acrSatisfies', () => {
  it('orders eIDAS levels and refuses anything else', () => {
    assert.equal(acrSatisfies('eidas1', 'eidas1'), true);
    assert.equal(acrSatisfies('eidas3', 'eidas2'), true);
    assert.equal(acrSatisfies('eidas1', 'eidas2'), false);
    for (const bad of [undefined, null, '', 'eidas9', 'EIDAS1', ['eidas1'], 1])
      assert.equal(acrSatisfies(bad, 'eidas1'), false);
  });
});

describe('parseIdentity', () => {
  const base = {
    sub: `${'a'.repeat(64)}v1`,
    given_name: 'Jean-Pierre Élodie',
    family_name: "D'ARTAGNAN",
    birthdate: '1990-01-01',
    gender: 'male',
    birthplace: '2A004',
    birthcountry: '99100',
    email: 'jp@example.fr',
    preferred_username: '',
  };
  const scopes = [...DEFAULT_SCOPES];

  it('accepts FranceConnect’s formats: Corsica, usage name empty, unspecified gender, born abroad', () => {
    assert.ok(parseIdentity(base, scopes).ok);
    assert.ok(parseIdentity({ ...base, gender: 'unspecified' }, scopes).ok);
    assert.ok(parseIdentity({ ...base, birthplace: '', birthcountry: '99352' }, scopes).ok);
  });

  it('requires the pivot claims of the requested scopes only', () => {
    const { family_name: _dropped, ...withoutFamilyName } = base;
    const refused = parseIdentity(withoutFamilyName, scopes);
    assert.ok(!refused.ok && refused.problems.includes('family_name is missing'));
    assert.ok(parseIdentity({ sub: base.sub, email: base.email }, ['openid', 'email']).ok);
    const { email: _email, ...withoutEmail } = base;
    assert.ok(parseIdentity(withoutEmail, scopes).ok, 'email may be absent');
  });

  it('names what is malformed, without the value', () => {
    const result = parseIdentity({ ...base, birthdate: '1990-13-01', birthcountry: 'France' }, scopes);
    assert.ok(!result.ok);
    assert.deepEqual(result.problems.sort(), [
      'birthcountry must be a COG code 99XXX',
      'birthdate must be a date YYYY-MM-DD',
    ]);
    assert.equal(JSON.stringify(result.problems).includes('France'), false);
  });
});
