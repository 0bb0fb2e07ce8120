import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LOCKED_FIELDS, type AccountView } from '@franceconnect-kit/bff';
import { loadIdentities } from '@franceconnect-kit/mock-franceconnect';
import { startAccountsWorld, type AccountsWorld } from './helpers/accounts.js';

// qualification #15 and #16: the profile shows the pivot identity locked and lets the person change
// their nom d’usage and email. PATCH accepts only those (zod strict): a pivot field is refused with a
// 400 naming it and nothing changes; FranceConnect's identity is refreshed at every sign-in.

interface Profile {
  locked: Record<string, string> | null;
  editable: { preferred_username: string; email: string };
  franceconnect: boolean;
  localCredentials: boolean;
}

describe('the profile (qualification #15, #16)', () => {
  let world: AccountsWorld;
  let user: ReturnType<AccountsWorld['browser']>;
  let csrf: string;

  before(async () => {
    world = await startAccountsWorld();
    user = world.browser();
    await world.signInWithFranceConnect(user, 'test');
    await world.completeSignUp(user, 'marie@example.fr');
    csrf = await world.csrf(user);
  });
  after(async () => {
    await world.close();
  });

  const profile = async () => {
    const answer = await world.call<Profile>(user, 'GET', '/api/profile');
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    return answer.body;
  };

  it('shows the locked pivot identity and the editable fields', async () => {
    assert.deepEqual(await profile(), {
      locked: {
        given_name: 'Marie Anne',
        family_name: 'DUPUIS',
        birthdate: '1980-04-12',
        gender: 'female',
        birthplace: '75112',
        birthcountry: '99100',
      },
      editable: { preferred_username: '', email: 'marie@example.fr' },
      franceconnect: true,
      localCredentials: false,
    });
  });

  for (const field of LOCKED_FIELDS) {
    it(`refuses a change of ${field} with a 400 naming it, and changes nothing`, async () => {
      const before = await profile();
      const answer = await world.call(user, 'PATCH', '/api/profile', {
        body: { [field]: 'X', email: 'autre@example.fr', preferred_username: 'ROCHE' },
        csrf,
      });
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error, 'invalid_request');
      const fields = answer.body.fields as Record<string, string>;
      assert.deepEqual(Object.keys(fields), [field]);
      assert.match(fields[field] ?? '', /fourni par FranceConnect et ne peut pas être modifié/);
      assert.match(String(answer.body.message), new RegExp(field));
      assert.deepEqual(await profile(), before, 'nothing changed, not even the valid fields');
    });
  }

  it('refuses the same change sent as a form', async () => {
    const before = await profile();
    const answer = await world.call(user, 'PATCH', '/api/profile', {
      body: { family_name: 'AUTRE', _csrf: csrf },
      form: true,
    });
    assert.equal(answer.status, 400);
    assert.deepEqual(Object.keys(answer.body.fields as object), ['family_name']);
    assert.deepEqual(await profile(), before);
  });

  it('refuses a bad email, naming the field, and changes nothing', async () => {
    const before = await profile();
    for (const email of ['pas-une-adresse', 'a@b', `${'x'.repeat(250)}@example.fr`, 42]) {
      const answer = await world.call(user, 'PATCH', '/api/profile', {
        body: { email, preferred_username: 'ROCHE' },
        csrf,
      });
      assert.equal(answer.status, 400, String(email));
      assert.deepEqual(Object.keys(answer.body.fields as object), ['email']);
    }
    assert.deepEqual(await profile(), before);
  });

  it('refuses a nom d’usage with other characters than a name’s, and unknown fields', async () => {
    const answer = await world.call(user, 'PATCH', '/api/profile', {
      body: { preferred_username: '<script>', favourite_colour: 'bleu' },
      csrf,
    });
    assert.equal(answer.status, 400);
    assert.deepEqual(Object.keys(answer.body.fields as object).sort(), [
      'favourite_colour',
      'preferred_username',
    ]);
  });

  it('changes the nom d’usage and the email (qualification #16)', async () => {
    const answer = await world.call<Profile>(user, 'PATCH', '/api/profile', {
      body: { preferred_username: ' ROCHE ', email: 'marie.roche@example.fr' },
      csrf,
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body.editable, { preferred_username: 'ROCHE', email: 'marie.roche@example.fr' });
    assert.deepEqual((await profile()).editable, answer.body.editable);
    const account = (await world.me(user)).body.account as AccountView;
    assert.equal(account.preferred_username, 'ROCHE');
    const cleared = await world.call<Profile>(user, 'PATCH', '/api/profile', {
      body: { preferred_username: '' },
      csrf,
    });
    assert.equal(cleared.body.editable.preferred_username, '');
  });

  it('refreshes the pivot identity from FranceConnect at every sign-in, keeping what the person edited', async () => {
    await world.call(user, 'PATCH', '/api/profile', { body: { email: 'garde@example.fr' }, csrf });
    const changed = loadIdentities().map((candidate) =>
      candidate.login === 'test'
        ? { ...candidate, family_name: 'DUPUIS-ROCHE', given_name_array: ['Marie', 'Anne', 'Léa'] }
        : candidate,
    );
    await world.restartFranceConnect(changed);
    const again = world.browser();
    assert.equal((await world.signInWithFranceConnect(again, 'test')).pathname, '/profil');
    const answer = await world.call<Profile>(again, 'GET', '/api/profile');
    assert.equal(answer.body.locked?.family_name, 'DUPUIS-ROCHE');
    assert.equal(answer.body.locked?.given_name, 'Marie Anne Léa');
    assert.equal(answer.body.editable.email, 'garde@example.fr');
    assert.ok(world.app.entries().some((entry) => entry.event === 'account.identity_refreshed'));
  });

  it('answers 401 to a signed-out browser and 403 without the CSRF token', async () => {
    const stranger = world.browser();
    assert.equal((await world.call(stranger, 'GET', '/api/profile')).status, 401);
    const tokenless = await world.call(user, 'PATCH', '/api/profile', { body: { preferred_username: 'X' } });
    assert.equal(tokenless.status, 403);
  });
});
