import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import type { AuthenticationEvent } from '@franceconnect-kit/bff';
import type { FranceConnectUser } from '../helpers/franceconnect-user.js';
import { PASSWORD, startAccountsWorld, type AccountsWorld } from './helpers/accounts.js';
import type { AppRoutes } from './helpers/bff.js';
import { navigation } from './helpers/navigation.js';
import { SoftAuthenticator } from './helpers/soft-authenticator.js';
import { ageAuthentications, storedSession } from './helpers/stored-session.js';

// Sensitive acts ask for more than a live session. One mechanism: the session records each
// authentication (method, time, acr, amr, whose), and guards read it.
// - A recent authentication (security review, finding 6): unlinking FranceConnect, deleting the
//   account and changing the sign-in email need the password, a new FranceConnect authentication, a
//   passkey, within 5 minutes; `bff.requireRecentAuthentication()` on a site's own routes.
// - A second factor (qualification #22): `bff.requireStepUp()`: a passkey of the account, or
//   FranceConnect+ at eidas2 or more of the same person.
// Each is accepted fresh, refused stale (the session's record aged in the store), and refused with
// another person's factor.

const TEN_MINUTES = 10 * 60_000;
const STEP_UP = { page: '/verification', signInPage: '/connexion' };

/** A site's own routes: a page that needs a recent authentication, an API that needs a second factor. */
const siteRoutes: AppRoutes = (app, bff) => {
  app.get('/coffre', ...bff.requireRecentAuthentication(), (_req, res) => {
    res.type('html').send('<h1>Coffre</h1>');
  });
  app.post(
    '/api/virement',
    ...bff.session,
    express.json(),
    bff.csrf,
    ...bff.requireStepUp({ maxAge: '2m' }),
    (_req, res) => {
      res.json({ done: true });
    },
  );
};

function cookieOf(world: AccountsWorld, user: FranceConnectUser): string | undefined {
  return user.jar.get(new URL(world.app.url), 'bff_session');
}

async function age(world: AccountsWorld, user: FranceConnectUser, ms = TEN_MINUTES): Promise<void> {
  await ageAuthentications(world.app.bff.sessionStore, cookieOf(world, user), ms);
}

async function authentications(
  world: AccountsWorld,
  user: FranceConnectUser,
): Promise<AuthenticationEvent[]> {
  const session = await storedSession(world.app.bff.sessionStore, cookieOf(world, user));
  return session?.franceconnect.signedIn?.authentications ?? [];
}

/** A local account (email + password), its browser signed in. */
async function localAccount(world: AccountsWorld, email: string) {
  const user = world.browser();
  const created = await world.localSignUp(user, { email, password: PASSWORD });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { user, account: created.body.account };
}

/** A local account linked to the FranceConnect identity `login` (« Lier mon compte FranceConnect »). */
async function linkedAccount(world: AccountsWorld, email: string, login: string) {
  const { user, account } = await localAccount(world, email);
  const departure = await user.signIn(`${world.app.url}/auth/link?returnTo=/profil`, { login });
  const back = await user.navigate(departure.url);
  await back.response.body?.cancel();
  assert.equal(back.url.pathname, '/profil');
  const linked = await world.app.bff.accounts?.store.findById(account.id);
  assert.ok(linked?.franceconnect, 'linked');
  return { user, account };
}

async function reauthenticateWithPassword(
  world: AccountsWorld,
  user: FranceConnectUser,
  password = PASSWORD,
) {
  return world.call<{ redirect?: string; error?: string }>(user, 'POST', '/auth/reauthenticate/password', {
    body: { password, returnTo: '/profil' },
    csrf: await world.csrf(user),
  });
}

/** `/auth/reauthenticate` (or FranceConnect+'s) through the screens as `login`; resolves where it landed. */
async function reauthenticate(
  world: AccountsWorld,
  user: FranceConnectUser,
  login: string,
  { plus = false, returnTo = '/profil' } = {},
): Promise<URL> {
  const agent = plus ? world.atPlus(user) : user;
  const path = plus ? '/auth/plus/reauthenticate' : '/auth/reauthenticate';
  const departure = await agent.signIn(`${world.app.url}${path}?returnTo=${encodeURIComponent(returnTo)}`, {
    login,
  });
  // Back at the service, then wherever it sends the browser (a FranceConnect logout included).
  let url = departure.url;
  for (let hops = 0; hops < 10; hops++) {
    const response = await user.fetch(url);
    const location = response.headers.get('location');
    await response.body?.cancel();
    if (location === null) return url;
    url = new URL(location, url);
  }
  throw new Error('too many redirects');
}

describe('a recent authentication for the sensitive acts of accounts', () => {
  let world: AccountsWorld;
  before(async () => {
    world = await startAccountsWorld({ bff: { stepUp: STEP_UP }, routes: siteRoutes });
  });
  after(async () => {
    await world.close();
  });

  it('unlinking FranceConnect: accepted fresh, refused 10 minutes later, accepted after the password', async () => {
    const fresh = await linkedAccount(world, 'frais@example.fr', 'test');
    const unlinked = await world.call(fresh.user, 'POST', '/api/account/unlink', {
      csrf: await world.csrf(fresh.user),
    });
    assert.equal(unlinked.status, 200);

    const stale = await linkedAccount(world, 'ancien@example.fr', 'nom_usage');
    await age(world, stale.user);
    const refused = await world.call(stale.user, 'POST', '/api/account/unlink', {
      csrf: await world.csrf(stale.user),
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error, 'reauthentication_required');
    assert.equal(refused.body.requirement, 'recent-authentication');
    assert.equal(refused.body.maxAge, 300);
    assert.equal(refused.body.location, '/verification?requirement=recent-authentication&returnTo=%2F');
    assert.deepEqual(
      (refused.body.methods as Array<{ method: string }>).map((method) => method.method),
      ['franceconnect', 'password'],
    );
    assert.ok(
      (await world.app.bff.accounts?.store.findById(stale.account.id))?.franceconnect,
      'still linked',
    );

    const wrong = await reauthenticateWithPassword(world, stale.user, 'pas le bon mot de passe');
    assert.equal(wrong.status, 401);
    assert.equal(
      (await world.call(stale.user, 'POST', '/api/account/unlink', { csrf: await world.csrf(stale.user) }))
        .status,
      403,
    );

    const confirmed = await reauthenticateWithPassword(world, stale.user);
    assert.equal(confirmed.status, 200);
    assert.equal(confirmed.body.redirect, '/profil');
    const events = await authentications(world, stale.user);
    assert.equal(events.at(-1)?.method, 'password');
    const again = await world.call(stale.user, 'POST', '/api/account/unlink', {
      csrf: await world.csrf(stale.user),
    });
    assert.equal(again.status, 200);
    assert.equal((await world.app.bff.accounts?.store.findById(stale.account.id))?.franceconnect, null);
  });

  it('refuses a new FranceConnect authentication of another person, and keeps the session', async () => {
    const { user, account } = await linkedAccount(world, 'autre@example.fr', 'nom_compose');
    await age(world, user);
    const before = await authentications(world, user);

    // FranceConnect is asked for a new authentication (prompt=login).
    const start = await user.fetch(`${world.app.url}/auth/reauthenticate?returnTo=/profil`);
    await start.body?.cancel();
    const authorize = new URL(start.headers.get('location') ?? '');
    assert.equal(authorize.searchParams.get('prompt'), 'login');
    assert.equal(authorize.searchParams.get('acr_values'), 'eidas1');

    const landed = await reauthenticate(world, user, 'caracteres_speciaux');
    assert.equal(landed.pathname, '/');
    assert.equal(landed.searchParams.get('notice'), 'reauthentication-refused');
    assert.deepEqual(await authentications(world, user), before, 'nothing recorded');
    assert.equal((await world.me(user)).status, 200, 'still signed in');
    const refused = await world.call(user, 'POST', '/api/account/unlink', { csrf: await world.csrf(user) });
    assert.equal(refused.status, 403);
    assert.ok((await world.app.bff.accounts?.store.findById(account.id))?.franceconnect, 'still linked');
    const refusal = world.app.entries().find((entry) => entry.event === 'step_up.refused');
    assert.equal(refusal?.reason, 'another_person');

    // The person's own new authentication is accepted.
    assert.equal((await reauthenticate(world, user, 'nom_compose')).pathname, '/profil');
    assert.equal((await authentications(world, user)).at(-1)?.method, 'franceconnect');
    const unlinked = await world.call(user, 'POST', '/api/account/unlink', { csrf: await world.csrf(user) });
    assert.equal(unlinked.status, 200);
  });

  it('deleting the account: a script gets 403, a form goes to the verification page, nothing is deleted', async () => {
    const user = world.browser();
    await world.signInWithFranceConnect(user, 'genre_non_specifie');
    const account = await world.completeSignUp(user, 'supprimer@example.fr');
    await age(world, user);

    const json = await world.call(user, 'DELETE', '/api/account', { csrf: await world.csrf(user) });
    assert.equal(json.status, 403);
    assert.deepEqual(
      (json.body.methods as Array<{ method: string }>).map((method) => method.method),
      ['franceconnect'],
      'no password on this account',
    );
    const form = await navigation(user, `${world.app.url}/api/account/delete`, {
      method: 'POST',
      form: { _csrf: await world.csrf(user), returnTo: '/profil' },
    });
    assert.equal(form.status, 303);
    assert.equal(form.location, '/verification?requirement=recent-authentication&returnTo=%2Fprofil');
    assert.ok(await world.app.bff.accounts?.store.findById(account.id), 'not deleted');

    assert.equal((await reauthenticate(world, user, 'genre_non_specifie')).pathname, '/profil');
    const deleted = await world.call(user, 'DELETE', '/api/account', { csrf: await world.csrf(user) });
    assert.equal(deleted.status, 200);
    assert.equal(await world.app.bff.accounts?.store.findById(account.id), undefined);
  });

  it('changing the sign-in email needs it; the usage name does not', async () => {
    const { user, account } = await localAccount(world, 'courriel@example.fr');
    await age(world, user);
    const email = await world.call(user, 'PATCH', '/api/profile', {
      body: { email: 'nouveau@example.fr' },
      csrf: await world.csrf(user),
    });
    assert.equal(email.status, 403);
    assert.equal(email.body.error, 'reauthentication_required');
    assert.equal((await world.app.bff.accounts?.store.findById(account.id))?.email, 'courriel@example.fr');

    const usage = await world.call(user, 'PATCH', '/api/profile', {
      body: { preferred_username: 'Martin', email: 'Courriel@Example.fr' },
      csrf: await world.csrf(user),
    });
    assert.equal(usage.status, 200, 'the same email, written otherwise, is no change');

    assert.equal((await reauthenticateWithPassword(world, user)).status, 200);
    const changed = await world.call(user, 'PATCH', '/api/profile', {
      body: { email: 'nouveau@example.fr' },
      csrf: await world.csrf(user),
    });
    assert.equal(changed.status, 200);
    assert.equal((await world.app.bff.accounts?.store.findById(account.id))?.email, 'nouveau@example.fr');
  });

  it('guards a site’s own page: to sign in when signed out, to the verification page when stale', async () => {
    const visitor = world.browser();
    const signedOut = await navigation(visitor, `${world.app.url}/coffre`);
    assert.equal(signedOut.status, 303);
    assert.equal(signedOut.location, '/connexion?returnTo=%2Fcoffre');
    const script = await world.call(visitor, 'POST', '/api/virement', { body: {}, csrf: 'x' });
    assert.equal(script.status, 403, 'no session, no CSRF token: refused before anything');

    const { user } = await localAccount(world, 'coffre@example.fr');
    const page = await user.fetch(`${world.app.url}/coffre`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('cache-control') ?? '', /no-store/);
    await age(world, user, 4 * 60_000);
    assert.equal((await navigation(user, `${world.app.url}/coffre`)).status, 200, 'within the 5 minutes');
    await age(world, user, 2 * 60_000);
    const stale = await navigation(user, `${world.app.url}/coffre`);
    assert.equal(stale.status, 303);
    assert.equal(stale.location, '/verification?requirement=recent-authentication&returnTo=%2Fcoffre');
    const asJson = await world.call(user, 'GET', '/coffre');
    assert.equal(asJson.status, 403);
    assert.equal(asJson.body.location, '/verification?requirement=recent-authentication&returnTo=%2F');
  });

  it('does not take a password sign-in for a second factor', async () => {
    const { user } = await localAccount(world, 'virement@example.fr');
    const refused = await world.call(user, 'POST', '/api/virement', {
      body: {},
      csrf: await world.csrf(user),
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error, 'step_up_required');
    assert.equal(refused.body.requirement, 'second-factor');
    assert.equal(refused.body.maxAge, 120);
    assert.deepEqual(refused.body.methods, [], 'no passkey yet, no FranceConnect+ here');
    const status = await world.call(user, 'GET', '/api/step-up?requirement=second-factor&returnTo=/coffre');
    assert.equal(status.status, 200);
    assert.equal(status.body.satisfied, false);
    assert.equal(status.body.returnTo, '/coffre');
  });
});

describe('a second factor with a passkey', () => {
  let world: AccountsWorld;
  before(async () => {
    world = await startAccountsWorld({ bff: { stepUp: STEP_UP }, routes: siteRoutes });
  });
  after(async () => {
    await world.close();
  });

  async function register(user: FranceConnectUser, authenticator: SoftAuthenticator, name: string) {
    const options = await world.call<Parameters<SoftAuthenticator['create']>[0]>(
      user,
      'POST',
      '/api/passkeys/options',
      {
        csrf: await world.csrf(user),
      },
    );
    if (options.status !== 200) return options;
    return world.call<{ passkey: { id: string; name: string } }>(user, 'POST', '/api/passkeys', {
      body: { response: authenticator.create(options.body), name },
      csrf: await world.csrf(user),
    });
  }

  async function confirm(
    user: FranceConnectUser,
    answer: (options: Parameters<SoftAuthenticator['get']>[0]) => unknown,
  ) {
    const options = await world.call<Parameters<SoftAuthenticator['get']>[0]>(
      user,
      'POST',
      '/api/step-up/passkey/options',
      { csrf: await world.csrf(user) },
    );
    assert.equal(options.status, 200, JSON.stringify(options.body));
    return world.call(user, 'POST', '/api/step-up/passkey', {
      body: { response: answer(options.body) },
      csrf: await world.csrf(user),
    });
  }

  /** Signs in again with the password: a new session, whose only authentication is the password. */
  async function signInAgain(email: string): Promise<FranceConnectUser> {
    const user = world.browser();
    const answer = await world.call(user, 'POST', '/auth/local/login', {
      body: { email, password: PASSWORD },
      csrf: await world.csrf(user),
    });
    assert.equal(answer.status, 200);
    return user;
  }

  it('registers a passkey after a recent authentication, then takes it as a second factor', async () => {
    const { user, account } = await localAccount(world, 'cle@example.fr');
    const phone = new SoftAuthenticator(world.app.url);
    const registered = await register(user, phone, 'Mon téléphone');
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    const stored = await world.app.bff.accounts?.store.listPasskeys(account.id);
    assert.deepEqual(
      stored?.map((passkey) => passkey.name),
      ['Mon téléphone'],
    );
    assert.equal(stored?.[0]?.id, phone.ids[0]);
    const listed = await world.call<{ passkeys: Array<Record<string, unknown>> }>(
      user,
      'GET',
      '/api/passkeys',
    );
    assert.deepEqual(Object.keys(listed.body.passkeys[0] ?? {}).sort(), [
      'createdAt',
      'id',
      'lastUsedAt',
      'name',
      'synced',
    ]);

    const later = await signInAgain('cle@example.fr');
    const refused = await world.call(later, 'POST', '/api/virement', {
      body: {},
      csrf: await world.csrf(later),
    });
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.body.methods, [{ method: 'passkey' }]);
    const confirmed = await confirm(later, (options) => phone.get(options));
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    const event = (await authentications(world, later)).at(-1);
    assert.equal(event?.method, 'passkey');
    assert.equal(event?.credentialId, phone.ids[0]);
    const done = await world.call(later, 'POST', '/api/virement', {
      body: {},
      csrf: await world.csrf(later),
    });
    assert.equal(done.status, 200);
    assert.ok(
      (await world.app.bff.accounts?.store.findPasskey(phone.ids[0] ?? ''))?.lastUsedAt,
      'use recorded',
    );

    // Three minutes later, beyond this route's two: asked again.
    await age(world, later, 3 * 60_000);
    const stale = await world.call(later, 'POST', '/api/virement', {
      body: {},
      csrf: await world.csrf(later),
    });
    assert.equal(stale.status, 403);
  });

  it('refuses another account’s passkey, a replayed answer, another origin', async () => {
    const mine = await localAccount(world, 'a@example.fr');
    const myKey = new SoftAuthenticator(world.app.url);
    assert.equal((await register(mine.user, myKey, 'La mienne')).status, 201);
    const theirs = await localAccount(world, 'b@example.fr');
    const theirKey = new SoftAuthenticator(world.app.url);
    assert.equal((await register(theirs.user, theirKey, 'La sienne')).status, 201);

    const user = await signInAgain('a@example.fr');
    const before = await authentications(world, user);
    const foreign = await confirm(user, (options) =>
      theirKey.get({ ...options, allowCredentials: undefined }, { credentialId: theirKey.ids[0] }),
    );
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.error, 'passkey_refused');
    const elsewhere = await confirm(user, (options) => myKey.get(options, { origin: 'http://127.0.0.1:1' }));
    assert.equal(elsewhere.status, 403);
    assert.deepEqual(await authentications(world, user), before, 'nothing recorded');

    let replayed: unknown;
    assert.equal(
      (
        await confirm(user, (options) => {
          replayed = myKey.get(options);
          return replayed;
        })
      ).status,
      200,
    );
    const again = await world.call(user, 'POST', '/api/step-up/passkey', {
      body: { response: replayed },
      csrf: await world.csrf(user),
    });
    assert.equal(again.status, 400, 'its challenge was spent');
    const withNewChallenge = await confirm(user, () => replayed);
    assert.equal(withNewChallenge.status, 403, 'an answer to another challenge');
  });

  it('asks a second factor to add another passkey, and to remove the last one', async () => {
    const { user, account } = await localAccount(world, 'deux@example.fr');
    const first = new SoftAuthenticator(world.app.url);
    assert.equal((await register(user, first, 'Première')).status, 201);
    // Recent (the password), but no second factor: no second passkey.
    const second = new SoftAuthenticator(world.app.url);
    const refused = await register(user, second, 'Seconde');
    assert.equal(refused.status, 403);
    assert.equal((refused.body as { error?: string }).error, 'step_up_required');
    assert.equal((await confirm(user, (options) => first.get(options))).status, 200);
    assert.equal((await register(user, second, 'Seconde')).status, 201);

    // A new session: the password only. One passkey of two may go; the last one may not.
    const later = await signInAgain('deux@example.fr');
    const [firstId = '', secondId = ''] = [first.ids[0], second.ids[0]];
    const removed = await world.call(later, 'DELETE', `/api/passkeys/${firstId}`, {
      csrf: await world.csrf(later),
    });
    assert.equal(removed.status, 200);
    const last = await world.call(later, 'DELETE', `/api/passkeys/${secondId}`, {
      csrf: await world.csrf(later),
    });
    assert.equal(last.status, 403);
    assert.equal(last.body.error, 'step_up_required');
    assert.equal((await world.app.bff.accounts?.store.listPasskeys(account.id))?.length, 1);
    assert.equal((await confirm(later, (options) => second.get(options))).status, 200);
    const gone = await world.call(later, 'DELETE', `/api/passkeys/${secondId}`, {
      csrf: await world.csrf(later),
    });
    assert.equal(gone.status, 200);
    assert.equal((await world.app.bff.accounts?.store.listPasskeys(account.id))?.length, 0);
  });

  it('renames a passkey; a bad name is refused by name; another account’s passkey is not found', async () => {
    const { user } = await localAccount(world, 'nom@example.fr');
    const key = new SoftAuthenticator(world.app.url);
    const { body } = await register(user, key, 'Ordinateur');
    const id = (body as { passkey: { id: string } }).passkey.id;
    const renamed = await world.call<{ passkey: { name: string } }>(user, 'PATCH', `/api/passkeys/${id}`, {
      body: { name: '  Ordinateur du bureau ' },
      csrf: await world.csrf(user),
    });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.passkey.name, 'Ordinateur du bureau');
    const bad = await world.call(user, 'PATCH', `/api/passkeys/${id}`, {
      body: { name: 'a\u0007b' },
      csrf: await world.csrf(user),
    });
    assert.equal(bad.status, 400);
    assert.ok((bad.body.fields as Record<string, string>).name);
    const other = await localAccount(world, 'pas-a-moi@example.fr');
    const notMine = await world.call(other.user, 'PATCH', `/api/passkeys/${id}`, {
      body: { name: 'Volée' },
      csrf: await world.csrf(other.user),
    });
    assert.equal(notMine.status, 404);
  });
});

describe('a second factor with FranceConnect+ of the same person', () => {
  let world: AccountsWorld;
  before(async () => {
    world = await startAccountsWorld({ plus: true, bff: { stepUp: STEP_UP }, routes: siteRoutes });
  });
  after(async () => {
    await world.close();
  });

  it('offers FranceConnect+, takes it for the same person, links it, and logs out of both', async () => {
    const user = world.browser();
    await world.signInWithFranceConnect(user, 'test');
    const account = await world.completeSignUp(user, 'plus@example.fr');
    const refused = await world.call(user, 'POST', '/api/virement', {
      body: {},
      csrf: await world.csrf(user),
    });
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.body.methods, [
      { method: 'franceconnect-plus', href: '/auth/plus/reauthenticate?returnTo=%2F' },
    ]);

    const landed = await reauthenticate(world, user, 'test', { plus: true, returnTo: '/coffre' });
    assert.equal(landed.pathname, '/coffre');
    const event = (await authentications(world, user)).at(-1);
    assert.deepEqual(
      { method: event?.method, acr: event?.acr, amr: event?.amr },
      { method: 'franceconnect-plus', acr: 'eidas2', amr: ['pwd', 'pop', 'mfa'] },
    );
    const linked = await world.app.bff.accounts?.store.findById(account.id);
    assert.equal(linked?.franceconnectPlus?.issuer, world.plus?.issuer);
    const done = await world.call(user, 'POST', '/api/virement', { body: {}, csrf: await world.csrf(user) });
    assert.equal(done.status, 200);

    // Logging out ends FranceConnect's session, then FranceConnect+'s (qualification #9).
    const logout = await world.call<{ redirectTo: string }>(user, 'POST', '/auth/logout', {
      csrf: await world.csrf(user),
    });
    const first = new URL(logout.body.redirectTo);
    assert.equal(`${first.origin}${first.pathname}`, `${world.fc.issuer}/session/end`);
    const back = await user.signOut(first);
    const next = await user.fetch(back.url);
    await next.body?.cancel();
    const second = new URL(next.headers.get('location') ?? '');
    assert.equal(`${second.origin}${second.pathname}`, `${world.plus?.issuer}/session/end`);
    const out = await world.atPlus(user).signOut(second);
    const home = await user.navigate(out.url);
    await home.response.body?.cancel();
    assert.equal(home.url.pathname, '/');
    assert.equal((await world.me(user)).status, 204);
  });

  it('refuses FranceConnect+ of another person, records and links nothing', async () => {
    const user = world.browser();
    await world.signInWithFranceConnect(user, 'nom_usage');
    const account = await world.completeSignUp(user, 'autre-plus@example.fr');
    const before = await authentications(world, user);
    const landed = await reauthenticate(world, user, 'caracteres_speciaux', {
      plus: true,
      returnTo: '/coffre',
    });
    assert.equal(landed.searchParams.get('notice'), 'reauthentication-refused');
    assert.deepEqual(await authentications(world, user), before);
    assert.equal((await world.app.bff.accounts?.store.findById(account.id))?.franceconnectPlus, null);
    const refused = await world.call(user, 'POST', '/api/virement', {
      body: {},
      csrf: await world.csrf(user),
    });
    assert.equal(refused.status, 403);
  });

  it('does not offer FranceConnect+ to an account whose identity nobody certified', async () => {
    // A local account declares no identity: a FranceConnect+ answer could not be told to be its holder's.
    const { user, account } = await localAccount(world, 'pas-certifie@example.fr');
    const start = await user.fetch(`${world.app.url}/auth/plus/reauthenticate?returnTo=/coffre`);
    assert.equal(start.status, 409, 'no certified identity to compare with: FranceConnect+ is not offered');
    await start.body?.cancel();
    assert.equal((await world.app.bff.accounts?.store.findById(account.id))?.franceconnectPlus, null);
  });
});

describe('the step-up options', () => {
  it('refuse a bad maxAge, a page that is not a path, passkeys without accounts', async () => {
    const { createFranceConnectBff, BffConfigurationError } = await import('@franceconnect-kit/bff');
    const base = {
      clientId: 'c',
      clientSecret: 's',
      publicUrl: 'http://127.0.0.1:1',
      sessionSecret: 'x'.repeat(40),
      sessionStore: 'memory' as const,
    };
    assert.throws(
      () => createFranceConnectBff({ ...base, stepUp: { maxAge: '2 days', page: 'https://evil.example/' } }),
      (error: unknown) =>
        error instanceof BffConfigurationError &&
        error.problems.some((line) => line.startsWith('stepUp.maxAge')) &&
        error.problems.some((line) => line.startsWith('stepUp.page')),
    );
    assert.throws(
      () => createFranceConnectBff({ ...base, stepUp: { passkeys: true } }),
      (error: unknown) =>
        error instanceof BffConfigurationError &&
        error.problems.some((line) => /stepUp\.passkeys/.test(line)),
    );
    const bff = createFranceConnectBff(base);
    try {
      assert.throws(() => bff.requireStepUp({ maxAge: 'soon' }), /maxAge/);
    } finally {
      await bff.close();
    }
  });
});
