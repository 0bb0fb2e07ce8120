import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { AccountView } from '@franceconnect-kit/bff';
import { assertNotLogged } from './helpers/attempt.js';
import { PASSWORD, startAccountsWorld, type AccountsWorld } from './helpers/accounts.js';

// « Créer mon compte » and the local sign-in: email + password hashed with scrypt, one generic answer
// for every failed sign-in. Their limits: accounts-limits.test.ts; the password rules:
// accounts-password-policy.test.ts.

describe('local accounts', () => {
  let world: AccountsWorld;

  before(async () => {
    world = await startAccountsWorld();
  });
  after(async () => {
    await world.close();
  });

  it('signs up a visitor once they hold the session’s CSRF token, and signs them in', async () => {
    const user = world.browser();
    const tokenless = await world.call(user, 'POST', '/auth/local/signup', {
      body: { email: 'claire@example.fr', password: PASSWORD },
    });
    assert.equal(tokenless.status, 403, 'a visitor’s form needs a CSRF token too');
    const created = await world.localSignUp(user, {
      email: 'Claire@Example.fr',
      password: PASSWORD,
      preferred_username: 'Martin',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.account.localCredentials, true);
    assert.equal(created.body.account.franceconnect, false);
    assert.equal(created.body.account.identity, null);
    const me = await world.me(user);
    assert.equal(me.status, 200);
    assert.equal(me.body.identity, null, 'no FranceConnect identity in a local session');
    assert.equal((me.body.account as AccountView).id, created.body.account.id);
  });

  it('names what is wrong in a sign-up: email, password, an incomplete declared identity', async () => {
    const user = world.browser();
    const weak = await world.localSignUp(user, { email: 'nom@', password: 'court' });
    assert.equal(weak.status, 400);
    assert.deepEqual(Object.keys((weak.body as unknown as { fields: object }).fields).sort(), [
      'email',
      'password',
    ]);
    const partial = await world.localSignUp(user, {
      email: 'partiel@example.fr',
      password: PASSWORD,
      given_name: 'Jean',
    });
    assert.equal(partial.status, 400);
    const fields = (partial.body as unknown as { fields: Record<string, string> }).fields;
    assert.deepEqual(Object.keys(fields).sort(), ['birthcountry', 'birthdate', 'family_name', 'gender']);
    const abroad = await world.localSignUp(user, {
      email: 'abroad@example.fr',
      password: PASSWORD,
      given_name: 'Karim',
      family_name: 'BENALI',
      birthdate: '1971-02-17',
      gender: 'male',
      birthplace: '75112',
      birthcountry: '99352',
    });
    assert.equal(abroad.status, 400, 'no birthplace for a birth abroad');
    assert.ok(Object.hasOwn((abroad.body as unknown as { fields: object }).fields, 'birthplace'));
  });

  it('refuses a second account with the same sign-in email, whatever its case', async () => {
    const user = world.browser();
    const first = await world.localSignUp(user, { email: 'double@example.fr', password: PASSWORD });
    assert.equal(first.status, 201);
    const again = await world.localSignUp(world.browser(), {
      email: ' DOUBLE@example.fr ',
      password: PASSWORD,
    });
    assert.equal(again.status, 409);
    assert.ok(Object.hasOwn((again.body as unknown as { fields: object }).fields, 'email'));
  });

  it('changes the sign-in email with the profile’s email, unique among local accounts', async () => {
    const user = world.browser();
    await world.localSignUp(user, { email: 'avant@example.fr', password: PASSWORD });
    const csrf = await world.csrf(user);
    const taken = await world.call(user, 'PATCH', '/api/profile', {
      body: { email: 'claire@example.fr' },
      csrf,
    });
    assert.equal(taken.status, 409);
    assert.ok(Object.hasOwn(taken.body.fields as object, 'email'));
    const moved = await world.call(user, 'PATCH', '/api/profile', {
      body: { email: 'Apres@Example.fr' },
      csrf,
    });
    assert.equal(moved.status, 200);
    const visitor = world.browser();
    const token = await world.csrf(visitor);
    const old = await world.call(visitor, 'POST', '/auth/local/login', {
      body: { email: 'avant@example.fr', password: PASSWORD },
      csrf: token,
    });
    assert.equal(old.status, 401);
    const renewed = await world.call(visitor, 'POST', '/auth/local/login', {
      body: { email: 'apres@example.fr', password: PASSWORD },
      csrf: token,
    });
    assert.equal(renewed.status, 200);
  });

  it('stores only an scrypt hash of the password', () => {
    const db = new Database(world.database, { readonly: true });
    try {
      const row = db
        .prepare("SELECT password_hash FROM accounts WHERE login_email = 'claire@example.fr'")
        .get() as {
        password_hash: string;
      };
      assert.match(row.password_hash, /^\$scrypt\$ln=15,r=8,p=3\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
      const everything = JSON.stringify(db.prepare('SELECT * FROM accounts').all());
      assert.equal(everything.includes(PASSWORD), false);
    } finally {
      db.close();
    }
  });

  it('signs in with the right password under a new session id; answers every failure the same way', async () => {
    const user = world.browser();
    await world.localSignUp(user, { email: 'generique@example.fr', password: PASSWORD });
    // A FranceConnect-only account with an email: not a local credential.
    const fcOnly = world.browser();
    await world.signInWithFranceConnect(fcOnly, 'nom_long');
    await world.completeSignUp(fcOnly, 'charlotte@example.fr');

    const visitor = world.browser();
    const csrf = await world.csrf(visitor);
    const failures = [
      { email: 'generique@example.fr', password: 'pas le bon mot de passe' },
      { email: 'inconnu@example.fr', password: PASSWORD },
      { email: 'charlotte@example.fr', password: PASSWORD },
      { email: 'pas une adresse', password: PASSWORD },
    ];
    const bodies = new Set<string>();
    for (const body of failures) {
      const answer = await world.call(visitor, 'POST', '/auth/local/login', { body, csrf });
      assert.equal(answer.status, 401, JSON.stringify(body));
      bodies.add(JSON.stringify(answer.body));
    }
    assert.deepEqual(
      [...bodies],
      [
        JSON.stringify({
          error: 'invalid_credentials',
          message: 'Adresse électronique ou mot de passe incorrect.',
        }),
      ],
    );
    assert.equal((await world.me(visitor)).status, 204);

    const before = visitor.jar.get(new URL(world.app.url), 'bff_session');
    const ok = await world.call<{ account: AccountView }>(visitor, 'POST', '/auth/local/login', {
      body: { email: ' Generique@Example.FR', password: PASSWORD },
      csrf,
    });
    assert.equal(ok.status, 200);
    assert.notEqual(visitor.jar.get(new URL(world.app.url), 'bff_session'), before);
    assert.equal(((await world.me(visitor)).body.account as AccountView).email, 'generique@example.fr');
    assertNotLogged(world.app.lines, [
      PASSWORD,
      'generique@example.fr',
      'pas le bon mot de passe',
      'inconnu@example.fr',
    ]);
  });

  it('refuses a malformed sign-in body with a 400 naming the field', async () => {
    const visitor = world.browser();
    const csrf = await world.csrf(visitor);
    const answer = await world.call(visitor, 'POST', '/auth/local/login', {
      body: { email: 'a@b.fr' },
      csrf,
    });
    assert.equal(answer.status, 400);
    assert.deepEqual(Object.keys(answer.body.fields as object), ['password']);
  });

  it('logs a local session out locally (no FranceConnect session to end)', async () => {
    const user = world.browser();
    await world.localSignUp(user, { email: 'sortie@example.fr', password: PASSWORD });
    const csrf = await world.csrf(user);
    const out = await world.call(user, 'POST', '/auth/logout', { csrf, headers: { accept: 'text/html' } });
    assert.equal(out.status, 303);
    assert.equal(out.headers.get('location'), '/');
    assert.equal((await world.me(user)).status, 204);
  });
});
