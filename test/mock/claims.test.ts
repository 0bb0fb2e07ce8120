import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import type { RunningMockFranceConnect } from '@franceconnect-kit/mock-franceconnect';
import { relyingParty, signIn, startFranceConnect } from './support.js';

const ENVELOPE = new Set(['sub', 'iss', 'aud', 'exp', 'iat']);

describe('scopes and claims, exactly as FranceConnect v2', () => {
  let fc: RunningMockFranceConnect;
  let config: client.Configuration;

  before(async () => {
    fc = await startFranceConnect();
    config = await relyingParty(fc);
  });
  after(() => fc.close());

  async function userinfo(scope: string, login = 'test'): Promise<client.UserInfoResponse> {
    const { tokens } = await signIn(fc, config, { login, parameters: { scope } });
    return client.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub ?? '');
  }

  const released = (claims: client.UserInfoResponse) =>
    Object.keys(claims)
      .filter((key) => !ENVELOPE.has(key))
      .sort();

  // FranceConnect's back/libs/scopes/src/data/fcp-low/fcp-low.scopes.ts
  const expected: Array<[string, string[]]> = [
    ['openid', []],
    ['openid given_name', ['given_name', 'given_name_array']],
    ['openid family_name', ['family_name']],
    ['openid birthdate', ['birthdate']],
    ['openid gender', ['gender']],
    ['openid birthplace', ['birthplace']],
    ['openid birthcountry', ['birthcountry']],
    ['openid email', ['email']],
    ['openid preferred_username', ['preferred_username']],
    ['openid idp_birthdate', ['idp_birthdate']],
    [
      'openid profile',
      ['birthdate', 'family_name', 'gender', 'given_name', 'given_name_array', 'preferred_username'],
    ],
    ['openid birth', ['birthcountry', 'birthplace']],
    [
      'openid identite_pivot',
      ['birthcountry', 'birthdate', 'birthplace', 'family_name', 'gender', 'given_name', 'given_name_array'],
    ],
  ];
  for (const [scope, claims] of expected) {
    it(`releases ${claims.join(', ') || 'only sub'} for scope "${scope}"`, async () => {
      const info = await userinfo(scope);
      assert.deepEqual(released(info), claims);
      assert.match(info.sub, /^[0-9a-f]{64}v1$/);
    });
  }

  it('sends a presumed birth date completed with 01, and the raw one as idp_birthdate', async () => {
    const presumed = await userinfo('openid birthdate idp_birthdate', 'date_presumee');
    assert.equal(presumed.birthdate, '1992-01-01');
    assert.equal(presumed.idp_birthdate, '1992-00-00');
    const day = await userinfo('openid birthdate idp_birthdate', 'date_presumee_jour');
    assert.equal(day.birthdate, '1987-06-01');
    assert.equal(day.idp_birthdate, '1987-06-00');
  });

  it('sends an empty birthplace and the INSEE country code for people born abroad', async () => {
    const info = await userinfo('openid birth', 'ne_a_l_etranger');
    assert.equal(info.birthplace, '');
    assert.equal(info.birthcountry, '99352');
  });

  it('sends gender unspecified, Corsican birthplaces and long names as they are', async () => {
    assert.equal((await userinfo('openid gender', 'genre_non_specifie')).gender, 'unspecified');
    assert.equal((await userinfo('openid birthplace', 'ne_en_corse')).birthplace, '2A004');
    const long = await userinfo('openid family_name', 'nom_long');
    assert.ok(String(long.family_name).length > 50);
    const special = await userinfo('openid given_name family_name preferred_username', 'caracteres_speciaux');
    assert.equal(special.family_name, "L'ŒILLET-DUPRÉ");
    assert.equal(special.given_name, 'Françoise Zoé-Anaïs');
    assert.equal(special.preferred_username, "D'ALEMBERT");
  });
});
