import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  completePresumedDate,
  dataRecordOf,
  franceConnectClaims,
  IdentitiesError,
  loadIdentities,
  parseIdentities,
  type TestIdentity,
} from '@franceconnect-kit/mock-franceconnect';

const bundled = loadIdentities();
const byLogin = (login: string) => {
  const identity = bundled.find((candidate) => candidate.login === login);
  assert.ok(identity, `identity ${login}`);
  return identity;
};

describe('the bundled test identities', () => {
  it('cover every case FranceConnect integrations must handle', () => {
    const cases: Array<[string, (identity: TestIdentity) => boolean]> = [
      [
        'an ordinary identity with login "test"',
        (identity) => identity.login === 'test' && !identity.refused,
      ],
      ['a nom d’usage', (identity) => (identity.preferred_username ?? '') !== ''],
      [
        'a compound family name',
        (identity) => /[- ]/.test(identity.family_name) && identity.family_name.length <= 50,
      ],
      [
        'someone born in Algeria',
        (identity) => identity.birthcountry === '99352' && identity.birthplace === '',
      ],
      ['a presumed date 1992-00-00', (identity) => identity.birthdate === '1992-00-00'],
      ['a presumed day YYYY-MM-00', (identity) => /^\d{4}-(0[1-9]|1[0-2])-00$/.test(identity.birthdate)],
      ['gender unspecified', (identity) => identity.gender === 'unspecified'],
      ['a birthplace in Corsica', (identity) => identity.birthplace === '2A004'],
      ['a family name over 50 characters', (identity) => identity.family_name.length > 50],
      ['accents', (identity) => /[À-ÿŒœ]/.test(identity.given_name_array.join('') + identity.family_name)],
      ['apostrophes', (identity) => identity.family_name.includes("'")],
      ['hyphens in first names', (identity) => identity.given_name_array.some((name) => name.includes('-'))],
      ['an identity FranceConnect refuses', (identity) => identity.refused === true],
      [
        'people with a family quotient',
        (identity) => dataRecordOf(identity, 'quotient_familial') !== undefined,
      ],
      [
        '…one from the MSA',
        (identity) => JSON.stringify(identity.data?.quotient_familial ?? {}).includes('"MSA"'),
      ],
      [
        'a student',
        (identity) => identity.data?.statut_etudiant !== undefined && !identity.data.statut_etudiant_boursier,
      ],
      ['a scholarship student', (identity) => identity.data?.statut_etudiant_boursier !== undefined],
      ['a person with the C2S', (identity) => identity.data?.complementaire_sante_solidaire !== undefined],
      [
        'a person with none of these',
        (identity) => identity.data === undefined && identity.caf === undefined && !identity.refused,
      ],
      [
        'a provider that answers an error',
        (identity) => Object.values(identity.data ?? {}).some((record) => 'error' in record),
      ],
    ];
    for (const [what, matches] of cases) assert.ok(bundled.some(matches), what);
    for (const identity of bundled)
      assert.match(identity.email, /@example\.com$/, `${identity.login}: invented people only`);
  });
});

describe('FranceConnect’s claims for an identity', () => {
  it('fills presumed birth dates with 01 and keeps the raw one in idp_birthdate', () => {
    assert.equal(completePresumedDate('1992-00-00'), '1992-01-01');
    assert.equal(completePresumedDate('1987-06-00'), '1987-06-01');
    assert.equal(completePresumedDate('1980-04-12'), '1980-04-12');
    const claims = franceConnectClaims(byLogin('date_presumee'));
    assert.equal(claims.birthdate, '1992-01-01');
    assert.equal(claims.idp_birthdate, '1992-00-00');
  });

  it('empties the birthplace of people born abroad, whatever the identity provider sent', () => {
    assert.equal(franceConnectClaims(byLogin('ne_a_l_etranger')).birthplace, '');
    assert.equal(franceConnectClaims({ ...byLogin('ne_a_l_etranger'), birthplace: '99352' }).birthplace, '');
    assert.equal(franceConnectClaims(byLogin('ne_en_corse')).birthplace, '2A004');
  });

  it('joins first names with spaces and keeps them apart in given_name_array', () => {
    const claims = franceConnectClaims(byLogin('caracteres_speciaux'));
    assert.equal(claims.given_name, 'Françoise Zoé-Anaïs');
    assert.deepEqual(claims.given_name_array, ['Françoise', 'Zoé-Anaïs']);
  });

  it('sends the nom d’usage as preferred_username, an empty string when there is none', () => {
    assert.equal(franceConnectClaims(byLogin('nom_usage')).preferred_username, 'BERNARD');
    assert.equal(franceConnectClaims(byLogin('test')).preferred_username, '');
  });
});

describe('identities file validation', () => {
  const directory = mkdtempSync(join(tmpdir(), 'identities-'));
  after(() => rmSync(directory, { recursive: true, force: true }));
  const valid = byLogin('test');
  const quotient = valid.data?.quotient_familial as { enfants: Array<Record<string, unknown>> };

  function loadWith(content: unknown): IdentitiesError {
    const file = join(directory, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    try {
      loadIdentities(file);
    } catch (error) {
      assert.ok(error instanceof IdentitiesError, String(error));
      assert.ok(error.message.includes(file), 'names the file');
      return error;
    }
    assert.fail('the file was accepted');
  }

  it('loads a valid file', () => {
    const file = join(directory, 'valid.json');
    writeFileSync(file, JSON.stringify({ identities: [valid] }));
    assert.deepEqual(loadIdentities(file), [valid]);
  });

  it('explains a file that is not JSON', () => {
    assert.match(loadWith('{ "identities": [').problems[0] ?? '', /cannot be read as JSON/);
  });

  it('explains an unreadable file', () => {
    assert.throws(
      () => loadIdentities(join(directory, 'missing.json')),
      (error: unknown) => {
        assert.ok(error instanceof IdentitiesError);
        assert.match(error.message, /cannot be read/);
        return true;
      },
    );
  });

  const broken: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a missing field', { family_name: undefined }, /identities\[0\]\.family_name/],
    [
      'a lower-case family name',
      { family_name: 'Dupuis' },
      /identities\[0\]\.family_name: must be upper case/,
    ],
    ['a first name with a digit', { given_name_array: ['Marie2'] }, /identities\[0\]\.given_name_array\[0\]/],
    ['no first name', { given_name_array: [] }, /identities\[0\]\.given_name_array/],
    ['an impossible date', { birthdate: '1992-02-30' }, /identities\[0\]\.birthdate/],
    ['a month 13', { birthdate: '1992-13-01' }, /identities\[0\]\.birthdate/],
    ['a known day in an unknown month', { birthdate: '1992-00-05' }, /identities\[0\]\.birthdate/],
    ['a birthplace that is not a COG code', { birthplace: '7510' }, /identities\[0\]\.birthplace/],
    [
      'no birthplace for someone born in France',
      { birthplace: '' },
      /birthplace is required when birthcountry is 99100/,
    ],
    ['a birth country that is not a COG code', { birthcountry: 'FR' }, /identities\[0\]\.birthcountry/],
    ['an unknown gender', { gender: 'F' }, /identities\[0\]\.gender/],
    ['an invalid email', { email: 'marie' }, /identities\[0\]\.email/],
    ['a misspelt field', { familly_name: 'X' }, /familly_name/],
    ['a login with a space', { login: 'a b' }, /identities\[0\]\.login/],
    [
      'a family quotient record with a bad sex',
      { data: { quotient_familial: { ...quotient, enfants: [{ ...quotient.enfants[0], sexe: 'X' }] } } },
      /identities\[0\]\.data\.quotient_familial\.enfants\[0\]\.sexe/,
    ],
    [
      'a record missing a field',
      { data: { complementaire_sante_solidaire: { est_beneficiaire: true, date_debut_droit: null } } },
      /identities\[0\]\.data\.complementaire_sante_solidaire/,
    ],
    ['an API outside the catalogue', { data: { dgfip_rfr: { rfr: 1 } } }, /dgfip_rfr/],
    [
      'an error status API Particulier does not answer',
      { data: { service_national: { error: 418 } } },
      /service_national/,
    ],
    [
      'the family quotient given twice (caf is its earlier name)',
      { caf: quotient, data: { quotient_familial: quotient } },
      /identities\[0\]\.caf: give the family quotient once/,
    ],
  ];
  for (const [what, change, message] of broken) {
    it(`names the identity and the field for ${what}`, () => {
      const error = loadWith({ identities: [{ ...valid, ...change }] });
      assert.ok(
        error.problems.some((problem) => message.test(problem)),
        error.message,
      );
    });
  }

  it('reports every problem at once, and duplicated logins', () => {
    const error = loadWith({ identities: [{ ...valid, gender: 'X', email: 'y' }, valid] });
    assert.equal(error.problems.length, 2, error.message);
    const duplicates = loadWith({ identities: [valid, valid] });
    assert.match(duplicates.problems.join('\n'), /identities\[1\]\.login: "test" is used twice/);
  });

  it('refuses a file without identities', () => {
    assert.match(loadWith({ identities: [] }).message, /identities/);
    assert.match(loadWith([valid]).message, /\(root\)/);
  });

  it('validates identities given in code the same way', () => {
    assert.throws(() => parseIdentities([{ ...valid, birthcountry: 'FR' }]), /identities\[0\]\.birthcountry/);
  });
});
