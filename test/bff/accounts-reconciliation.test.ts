import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reconciliationKey, type AccountView } from '@franceconnect-kit/bff';
import { loadIdentities } from '@franceconnect-kit/mock-franceconnect';
import { declaring, identity, PASSWORD, startAccountsWorld, type AccountsWorld } from './helpers/accounts.js';

// qualification #11: reconciliation of a FranceConnect identity with an existing account. A declared
// identity is never trusted alone (anyone can type another person's identity at a local sign-up: the
// account pre-hijacking of the security review): its account is linked only once the person who signed
// in with FranceConnect types its password on the sign-up page (« J’ai déjà un compte »). Automatic only
// for the one account whose identity FranceConnect itself certified. Identities are compared without
// case, accents or extra spaces; the birthplace only for a birth in France. Unlinking needs local
// credentials.

const HOMONYM = { ...identity('nom_compose'), login: 'homonyme', email: 'homonyme@example.com' };

describe('reconciliation (qualification #11)', () => {
  let world: AccountsWorld;

  before(async () => {
    world = await startAccountsWorld({ identities: [...loadIdentities(), HOMONYM] });
  });
  after(async () => {
    await world.close();
  });

  type Browser = ReturnType<AccountsWorld['browser']>;
  const accountOf = async (user: Browser) => (await world.me(user)).body.account as AccountView | null;
  /** What the sign-up page is told: whether a local account declared this identity. */
  const existingAccount = async (user: Browser) =>
    (await world.call<{ existingAccount: boolean }>(user, 'GET', '/api/signup')).body.existingAccount;
  /** « J’ai déjà un compte » on the sign-up page. */
  const linkWithPassword = (user: Browser, email: string, password = PASSWORD) =>
    world.csrf(user).then((csrf) =>
      world.call<{ account: AccountView }>(user, 'POST', '/api/signup/link', {
        body: { email, password },
        csrf,
      }),
    );

  it('1 declared match: nothing is linked until the person types that account’s password', async () => {
    const local = world.browser();
    const test = identity('test');
    const created = await world.localSignUp(
      local,
      declaring(test, 'marie.locale@example.fr', { given_name: '  marie   ANNE ', family_name: 'Dupuis' }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const user = world.browser();
    const landed = await world.signInWithFranceConnect(user, 'test', '/mes-demarches');
    assert.equal(landed.pathname, '/compte/inscription', 'the sign-up page, not the account');
    assert.equal(landed.searchParams.get('returnTo'), '/mes-demarches');
    assert.equal(await accountOf(user), null, 'not linked by the declared identity alone');
    assert.equal(await existingAccount(user), true, 'the page is told an account declared this identity');
    assert.ok(world.app.entries().some((entry) => entry.event === 'account.reconciliation_to_confirm'));
    assert.equal(
      (await world.app.bff.accounts?.store.findById(created.body.account.id))?.franceconnect,
      null,
    );

    const wrong = await linkWithPassword(user, 'marie.locale@example.fr', 'pas le bon mot de passe');
    assert.equal(wrong.status, 401);
    const linked = await linkWithPassword(user, 'marie.locale@example.fr');
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    const account = await accountOf(user);
    assert.equal(account?.id, created.body.account.id);
    assert.equal(account?.franceconnect, true);
    assert.equal(
      account?.identity?.given_name,
      'Marie Anne',
      'the certified identity replaced the declared one',
    );
    assert.equal(account?.email, 'marie.locale@example.fr', 'editable fields stay the person’s');
    // From now on FranceConnect signs in to that account.
    const later = world.browser();
    assert.equal((await world.signInWithFranceConnect(later, 'test')).pathname, '/profil');
    assert.equal((await accountOf(later))?.id, created.body.account.id);
  });

  it('refuses account pre-hijacking: an identity declared by someone else is never handed to them', async () => {
    // The attacker creates a local account with their own email and password, declaring the victim's
    // pivot identity, written another way (case, accents, spaces: they do not matter).
    const victim = identity('caracteres_speciaux');
    const attacker = world.browser();
    const squatted = await world.localSignUp(
      attacker,
      declaring(victim, 'attaquant@example.fr', {
        given_name: victim.given_name_array.join(' ').toUpperCase(),
        family_name: ' l’oeillet-dupre  ',
      }),
    );
    assert.equal(squatted.status, 201, JSON.stringify(squatted.body));

    // The victim signs in with FranceConnect for the first time: not put in the attacker's account.
    const person = world.browser();
    assert.equal(
      (await world.signInWithFranceConnect(person, 'caracteres_speciaux')).pathname,
      '/compte/inscription',
    );
    assert.equal(await accountOf(person), null);
    assert.equal(await existingAccount(person), true, 'the declared identity matches, written another way');
    // The victim does not know that password: they create their own account, with their identity.
    const own = await world.completeSignUp(person, 'francoise@example.fr');
    assert.notEqual(own.id, squatted.body.account.id);
    assert.equal(own.identity?.family_name, "L'ŒILLET-DUPRÉ");

    // The attacker signs in with the password: the account holds no certified identity, no link.
    const again = world.browser();
    const signIn = await world.call<{ account: AccountView }>(again, 'POST', '/auth/local/login', {
      body: { email: 'attaquant@example.fr', password: PASSWORD },
      csrf: await world.csrf(again),
    });
    assert.equal(signIn.status, 200);
    assert.equal(signIn.body.account.franceconnect, false);
    assert.equal(signIn.body.account.identity, null);
    const profile = await world.call<{ locked: unknown; franceconnect: boolean }>(
      again,
      'GET',
      '/api/profile',
    );
    assert.deepEqual([profile.body.locked, profile.body.franceconnect], [null, false]);
    const stored = await world.app.bff.accounts?.store.findById(squatted.body.account.id);
    assert.equal(stored?.franceconnect, null);
    assert.notEqual(stored?.identitySource, 'franceconnect');
  });

  it('links at once the one account whose identity FranceConnect certified (imported from an earlier integration)', async () => {
    const karim = identity('ne_a_l_etranger');
    const certified = {
      given_name: 'Kârim',
      family_name: karim.family_name,
      birthdate: karim.birthdate,
      gender: karim.gender as 'male',
      birthplace: '',
      birthcountry: karim.birthcountry,
    };
    const store = world.app.bff.accounts?.store;
    assert.ok(store);
    const imported = await store.create({
      identity: certified,
      identitySource: 'franceconnect',
      reconciliationKey: reconciliationKey(certified),
      reconciliationSource: 'franceconnect',
      preferred_username: '',
      email: 'karim@example.fr',
    });
    assert.equal(imported.reconciliationSource, 'franceconnect');
    const user = world.browser();
    assert.equal((await world.signInWithFranceConnect(user, 'ne_a_l_etranger')).pathname, '/profil');
    assert.equal((await accountOf(user))?.id, imported.id, 'accents and the birthplace abroad ignored');
    assert.ok(world.app.entries().some((entry) => entry.event === 'account.reconciled'));
  });

  it('0 match: a different birth date is another person; the sign-up is pending, nothing pointed out', async () => {
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
    assert.equal(await existingAccount(user), false);
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
    assert.equal(await existingAccount(user), true);

    const wrong = await linkWithPassword(user, 'alex.deux@example.fr', 'pas le bon');
    assert.equal(wrong.status, 401);
    assert.equal(
      (wrong.body as unknown as { message: string }).message,
      'Adresse électronique ou mot de passe incorrect.',
    );
    const linked = await linkWithPassword(user, 'alex.deux@example.fr');
    assert.equal(linked.status, 200);
    assert.equal(linked.body.account.id, second.body.account.id);
    assert.equal(linked.body.account.franceconnect, true);
    assert.equal((await accountOf(user))?.id, second.body.account.id);
    const later = world.browser();
    assert.equal((await world.signInWithFranceConnect(later, 'genre_non_specifie')).pathname, '/profil');
    assert.equal((await accountOf(later))?.id, second.body.account.id);
  });

  it('does not count an account already linked to FranceConnect', async () => {
    // Two FranceConnect identities with the same pivot identity (homonyms): the first is linked.
    const first = world.browser();
    await world.signInWithFranceConnect(first, 'nom_compose');
    const linked = await world.completeSignUp(first, 'sophie@example.fr');
    const user = world.browser();
    assert.equal((await world.signInWithFranceConnect(user, 'homonyme')).pathname, '/compte/inscription');
    assert.equal(await existingAccount(user), false, 'a linked account is no candidate');
    const local = await world.localSignUp(
      world.browser(),
      declaring(identity('nom_compose'), 'sophie.locale@example.fr'),
    );
    assert.equal(await existingAccount(user), true, 'the unlinked one is');
    const proved = await linkWithPassword(user, 'sophie.locale@example.fr');
    assert.equal(proved.body.account.id, local.body.account.id);
    assert.notEqual(proved.body.account.id, linked.id);
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

  it('with reconciliation "manual", never links by itself nor points an account out', async () => {
    const manual = await startAccountsWorld({ accounts: { reconciliation: 'manual' } });
    try {
      await manual.localSignUp(manual.browser(), declaring(identity('test'), 'marie@example.fr'));
      const user = manual.browser();
      assert.equal((await manual.signInWithFranceConnect(user, 'test')).pathname, '/compte/inscription');
      const signUp = await manual.call<{ existingAccount: boolean }>(user, 'GET', '/api/signup');
      assert.equal(signUp.body.existingAccount, false);
    } finally {
      await manual.close();
    }
  });
});
