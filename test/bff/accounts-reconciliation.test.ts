import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AccountView } from '@franceconnect-kit/bff';
import { loadIdentities } from '@franceconnect-kit/mock-franceconnect';
import { declaring, identity, PASSWORD, startAccountsWorld, type AccountsWorld } from './helpers/accounts.js';

// qualification #11: reconciliation of a FranceConnect identity with a local account. Automatic only
// when exactly one local account not linked yet declared the whole pivot identity (compared without
// case, accents or extra spaces; the birthplace only for a birth in France); otherwise the person
// decides: « J’ai déjà un compte » after FranceConnect, or « Lier mon compte FranceConnect » once
// signed in. Unlinking needs local credentials.

const HOMONYM = { ...identity('nom_compose'), login: 'homonyme', email: 'homonyme@example.com' };

describe('reconciliation (qualification #11)', () => {
  let world: AccountsWorld;

  before(async () => {
    world = await startAccountsWorld({ identities: [...loadIdentities(), HOMONYM] });
  });
  after(async () => {
    await world.close();
  });

  const accountOf = async (user: ReturnType<AccountsWorld['browser']>) =>
    (await world.me(user)).body.account as AccountView | null;

  it('1 match: links the only local account that declared the identity, normalised', async () => {
    const local = world.browser();
    const test = identity('test');
    const created = await world.localSignUp(
      local,
      declaring(test, 'marie.locale@example.fr', { given_name: '  marie   ANNE ', family_name: 'Dupuis' }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const user = world.browser();
    const landed = await world.signInWithFranceConnect(user, 'test', '/mes-demarches');
    assert.equal(landed.pathname, '/mes-demarches', 'no sign-up page: reconciled');
    const account = await accountOf(user);
    assert.equal(account?.id, created.body.account.id);
    assert.equal(account?.franceconnect, true);
    assert.equal(
      account?.identity?.given_name,
      'Marie Anne',
      'the certified identity replaced the declared one',
    );
    assert.equal(account?.email, 'marie.locale@example.fr', 'editable fields stay the person’s');
    assert.ok(world.app.entries().some((entry) => entry.event === 'account.reconciled'));
  });

  it('ignores the birthplace of a birth abroad, and accents in names', async () => {
    const karim = identity('ne_a_l_etranger');
    const created = await world.localSignUp(
      world.browser(),
      declaring(karim, 'karim@example.fr', { given_name: 'Kârim', birthplace: '' }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const user = world.browser();
    assert.equal((await world.signInWithFranceConnect(user, 'ne_a_l_etranger')).pathname, '/profil');
    assert.equal((await accountOf(user))?.id, created.body.account.id);
  });

  it('0 match: a different birth date is another person; the sign-up is pending', async () => {
    const fatima = identity('date_presumee_jour');
    await world.localSignUp(
      world.browser(),
      declaring(fatima, 'fatima@example.fr', { birthdate: '1987-06-02' }),
    );
    const user = world.browser();
    assert.equal(
      (await world.signInWithFranceConnect(user, 'date_presumee_jour')).pathname,
      '/compte/inscription',
    );
    assert.equal(await accountOf(user), null);
  });

  it('2 matches: nothing is linked; « J’ai déjà un compte » links the one the person proves is theirs', async () => {
    const alex = identity('genre_non_specifie');
    const first = await world.localSignUp(world.browser(), declaring(alex, 'alex.un@example.fr'));
    const second = await world.localSignUp(world.browser(), declaring(alex, 'alex.deux@example.fr'));
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    const user = world.browser();
    assert.equal(
      (await world.signInWithFranceConnect(user, 'genre_non_specifie')).pathname,
      '/compte/inscription',
    );
    assert.equal(await accountOf(user), null, 'two candidates: not reconciled');

    const csrf = await world.csrf(user);
    const wrong = await world.call(user, 'POST', '/api/signup/link', {
      body: { email: 'alex.deux@example.fr', password: 'pas le bon' },
      csrf,
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.message, 'Adresse électronique ou mot de passe incorrect.');
    const linked = await world.call<{ account: AccountView }>(user, 'POST', '/api/signup/link', {
      body: { email: 'alex.deux@example.fr', password: PASSWORD },
      csrf,
    });
    assert.equal(linked.status, 200);
    assert.equal(linked.body.account.id, second.body.account.id);
    assert.equal(linked.body.account.franceconnect, true);
    assert.equal((await accountOf(user))?.id, second.body.account.id);
    // From now on FranceConnect signs in to that account.
    const later = world.browser();
    assert.equal((await world.signInWithFranceConnect(later, 'genre_non_specifie')).pathname, '/profil');
    assert.equal((await accountOf(later))?.id, second.body.account.id);
  });

  it('does not count an account already linked to FranceConnect', async () => {
    // Two FranceConnect identities with the same pivot identity (homonyms): the first is linked.
    const first = world.browser();
    await world.signInWithFranceConnect(first, 'nom_compose');
    const linked = await world.completeSignUp(first, 'sophie@example.fr');
    const local = await world.localSignUp(
      world.browser(),
      declaring(identity('nom_compose'), 'sophie.locale@example.fr'),
    );
    const user = world.browser();
    assert.equal((await world.signInWithFranceConnect(user, 'homonyme')).pathname, '/profil');
    const account = await accountOf(user);
    assert.equal(account?.id, local.body.account.id, 'the only unlinked candidate');
    assert.notEqual(account?.id, linked.id);
  });

  it('« Lier mon compte FranceConnect »: a signed-in local user links their FranceConnect identity', async () => {
    const user = world.browser();
    const created = await world.localSignUp(user, { email: 'lucas@example.fr', password: PASSWORD });
    const departure = await user.signIn(`${world.app.url}/auth/link?returnTo=/profil`, {
      login: 'date_presumee',
    });
    const { url } = await user.navigate(departure.url);
    assert.equal(url.pathname, '/profil');
    const me = await world.me(user);
    assert.equal(me.body.identity?.family_name, 'FERREIRA', 'signed in with FranceConnect now');
    const account = me.body.account as AccountView;
    assert.equal(account.id, created.body.account.id);
    assert.equal(account.franceconnect, true);
    assert.equal(account.identity?.birthdate, '1992-01-01');
    const later = world.browser();
    await world.signInWithFranceConnect(later, 'date_presumee');
    assert.equal((await accountOf(later))?.id, created.body.account.id);
  });

  it('refuses to link an identity that another account holds', async () => {
    const holder = world.browser();
    await world.signInWithFranceConnect(holder, 'ne_en_corse');
    await world.completeSignUp(holder, 'antoine@example.fr');
    const user = world.browser();
    await world.localSignUp(user, { email: 'antoine.bis@example.fr', password: PASSWORD });
    const departure = await user.signIn(`${world.app.url}/auth/link`, { login: 'ne_en_corse' });
    const answer = await user.fetch(departure.url);
    assert.equal(answer.status, 409);
    assert.match(await answer.text(), /déjà liée à un autre compte/);
    const account = await accountOf(user);
    assert.equal(account?.franceconnect, false);
    assert.equal(account?.email, 'antoine.bis@example.fr');
  });

  it('unlinks only an account with local credentials; then FranceConnect is a stranger again', async () => {
    const csrfOf = (user: ReturnType<AccountsWorld['browser']>) => world.csrf(user);
    // FranceConnect-only account: unlinking would lock the person out.
    const fcOnly = world.browser();
    await world.signInWithFranceConnect(fcOnly, 'nom_usage');
    await world.completeSignUp(fcOnly, 'julien@example.fr');
    const refused = await world.call(fcOnly, 'POST', '/api/account/unlink', { csrf: await csrfOf(fcOnly) });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error, 'no_local_credentials');

    // The account linked above through « Lier mon compte FranceConnect » has a password.
    const user = world.browser();
    await world.signInWithFranceConnect(user, 'date_presumee');
    const unlinked = await world.call<{ account: AccountView }>(user, 'POST', '/api/account/unlink', {
      csrf: await csrfOf(user),
    });
    assert.equal(unlinked.status, 200);
    assert.equal(unlinked.body.account.franceconnect, false);
    assert.equal(unlinked.body.account.identity, null, 'the certified identity goes with the link');
    const again = world.browser();
    assert.equal(
      (await world.signInWithFranceConnect(again, 'date_presumee')).pathname,
      '/compte/inscription',
    );
    // The account still signs in locally.
    const local = world.browser();
    const signIn = await world.call(local, 'POST', '/auth/local/login', {
      body: { email: 'lucas@example.fr', password: PASSWORD },
      csrf: await world.csrf(local),
    });
    assert.equal(signIn.status, 200);
  });

  it('with reconciliation "manual", never links by itself', async () => {
    const manual = await startAccountsWorld({ accounts: { reconciliation: 'manual' } });
    try {
      await manual.localSignUp(manual.browser(), declaring(identity('test'), 'marie@example.fr'));
      const user = manual.browser();
      assert.equal((await manual.signInWithFranceConnect(user, 'test')).pathname, '/compte/inscription');
    } finally {
      await manual.close();
    }
  });
});
