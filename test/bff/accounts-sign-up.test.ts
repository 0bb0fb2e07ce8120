import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { AccountView } from '@franceconnect-kit/bff';
import { assertNotLogged } from './helpers/attempt.js';
import { identity, startAccountsWorld, type AccountsWorld } from './helpers/accounts.js';

// qualification #10: a first FranceConnect sign-in with an unknown identity leaves a pending sign-up;
// the sign-up page gets the identity with its locked fields; confirming creates the account, keyed by
// FranceConnect's issuer and sub (never by email or name), and signs in.

describe('sign-up with FranceConnect (qualification #10)', () => {
  let world: AccountsWorld;

  before(async () => {
    world = await startAccountsWorld();
  });
  after(async () => {
    await world.close();
  });

  it('sends a first FranceConnect sign-in to the sign-up page, signed in without an account', async () => {
    const user = world.browser();
    const landed = await world.signInWithFranceConnect(user, 'test', '/mes-demarches');
    assert.equal(landed.pathname, '/compte/inscription');
    assert.equal(landed.searchParams.get('returnTo'), '/mes-demarches');
    const me = await world.me(user);
    assert.equal(me.status, 200);
    assert.equal(me.body.account, null, 'no account yet');
    assert.equal(me.body.identity?.family_name, 'DUPUIS');
    assert.equal(me.headers.get('cache-control'), 'no-store');
    const profile = await world.call(user, 'GET', '/api/profile');
    assert.equal(profile.status, 403);
    assert.equal(profile.body.error, 'no_account');
  });

  it('gives the sign-up page the pending identity, locked fields apart', async () => {
    const user = world.browser();
    await world.signInWithFranceConnect(user, 'nom_usage');
    const signUp = await world.call(user, 'GET', '/api/signup');
    assert.equal(signUp.status, 200);
    assert.equal(signUp.headers.get('cache-control'), 'no-store');
    assert.deepEqual(signUp.body, {
      locked: {
        given_name: 'Julien',
        family_name: 'MARTIN',
        birthdate: '1975-09-03',
        gender: 'male',
        birthplace: '69123',
        birthcountry: '99100',
      },
      editable: { preferred_username: 'BERNARD', email: identity('nom_usage').email },
      existingAccount: false,
    });
  });

  it('refuses a pivot field or a bad email at sign-up, naming it, and creates nothing', async () => {
    const user = world.browser();
    await world.signInWithFranceConnect(user, 'nom_compose');
    const csrf = await world.csrf(user);
    const forged = await world.call(user, 'POST', '/api/signup', {
      body: { email: 'sophie@example.fr', family_name: 'AUTRE' },
      csrf,
    });
    assert.equal(forged.status, 400);
    assert.match(String((forged.body.fields as Record<string, string>).family_name), /FranceConnect/);
    const badEmail = await world.call(user, 'POST', '/api/signup', {
      body: { email: 'pas-une-adresse' },
      csrf,
    });
    assert.equal(badEmail.status, 400);
    assert.deepEqual(Object.keys(badEmail.body.fields as object), ['email']);
    assert.equal((await world.me(user)).body.account, null, 'nothing was created');
    const signUp = await world.call(user, 'GET', '/api/signup');
    assert.equal(signUp.status, 200, 'still pending');
  });

  it('creates the account on confirmation, signs in under a new session id, and logs no personal data', async () => {
    const user = world.browser();
    await world.signInWithFranceConnect(user, 'caracteres_speciaux');
    const before = user.jar.get(new URL(world.app.url), 'bff_session');
    const csrf = await world.csrf(user);
    const created = await world.call<{ account: AccountView }>(user, 'POST', '/api/signup', {
      body: { email: 'francoise@example.fr', preferred_username: 'D’ALEMBERT' },
      csrf,
    });
    assert.equal(created.status, 201);
    const account = created.body.account;
    assert.match(account.id, /^[0-9a-f-]{36}$/);
    assert.equal(account.email, 'francoise@example.fr');
    assert.equal(account.preferred_username, 'D’ALEMBERT');
    assert.equal(account.franceconnect, true);
    assert.equal(account.localCredentials, false);
    assert.deepEqual(account.identity, {
      given_name: 'Françoise Zoé-Anaïs',
      family_name: identity('caracteres_speciaux').family_name,
      birthdate: '1983-12-01',
      gender: 'female',
      birthplace: '13055',
      birthcountry: '99100',
    });
    assert.notEqual(user.jar.get(new URL(world.app.url), 'bff_session'), before, 'the session id changed');
    const me = await world.me(user);
    assert.equal(me.body.account && (me.body.account as AccountView).id, account.id);
    assert.notEqual(me.body.csrfToken, csrf, 'a new CSRF token for the new privileges');
    const again = await world.call(user, 'POST', '/api/signup', {
      body: { email: 'francoise@example.fr' },
      csrf: me.body.csrfToken,
    });
    assert.equal(again.status, 409, 'no second sign-up');

    // Signing in again goes straight to returnTo, to the same account.
    const other = world.browser();
    const landed = await world.signInWithFranceConnect(other, 'caracteres_speciaux', '/mes-demarches');
    assert.equal(landed.pathname, '/mes-demarches');
    assert.equal(((await world.me(other)).body.account as AccountView).id, account.id);

    assertNotLogged(world.app.lines, [
      'francoise@example.fr',
      'Françoise',
      'ŒILLET',
      '1983-12-01',
      me.body.identity?.sub,
      csrf,
    ]);
  });

  it('keys accounts by FranceConnect identity, never by email', async () => {
    const email = 'meme.adresse@example.fr';
    const first = world.browser();
    await world.signInWithFranceConnect(first, 'ne_en_corse');
    const a = await world.completeSignUp(first, email);
    const second = world.browser();
    await world.signInWithFranceConnect(second, 'genre_non_specifie');
    assert.equal(
      (await world.me(second)).body.account,
      null,
      'the same email does not sign in to another account',
    );
    const b = await world.completeSignUp(second, email);
    assert.notEqual(a.id, b.id);
    assert.equal(b.identity?.gender, 'unspecified');
  });

  it('keeps sessions and accounts in one SQLite file, with the accounts’ schema version', () => {
    const db = new Database(world.database, { readonly: true });
    try {
      const tables = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
      )
        .map((row) => row.name)
        .sort();
      for (const table of ['accounts', 'schema_versions', 'sessions', 'abuse_limits', 'passkeys']) {
        assert.ok(tables.includes(table), `${table} in ${tables.join(', ')}`);
      }
      assert.equal(tables.includes('sign_in_attempts'), false, 'the limits count in abuse_limits now');
      const version = db.prepare("SELECT version FROM schema_versions WHERE component = 'accounts'").get();
      assert.deepEqual(version, { version: 4 });
      const count = db.prepare('SELECT count(*) AS n FROM accounts WHERE fc_sub IS NOT NULL').get() as {
        n: number;
      };
      assert.ok(count.n >= 3);
    } finally {
      db.close();
    }
  });
});
