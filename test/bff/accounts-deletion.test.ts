import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { AccountView } from '@franceconnect-kit/bff';
import type { FranceConnectUser } from '../helpers/franceconnect-user.js';
import { PASSWORD, startAccountsWorld, type AccountsWorld } from './helpers/accounts.js';

// qualification #12: deleting the account ends every session of its owner on every device, then
// logs out of FranceConnect (a JSON { redirect } for scripts, a 303 for forms).

describe('account deletion (qualification #12)', () => {
  let world: AccountsWorld;

  before(async () => {
    world = await startAccountsWorld({
      // An app's own API, guarded by bff.requireSignIn: it answers as long as a session exists.
      routes: (app, bff) =>
        app.get('/app/dossiers', ...bff.requireSignIn, (_req, res) => res.json({ ok: true })),
    });
  });

  /** The sessions in the store (the SQLite file), whoever they belong to. */
  function storedSessions(): Array<{ sess: string; user_id: string | null }> {
    const db = new Database(world.database, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT sess, user_id FROM sessions WHERE expires_at > ?').all(Date.now()) as Array<{
        sess: string;
        user_id: string | null;
      }>;
    } finally {
      db.close();
    }
  }

  const dossiers = async (device: FranceConnectUser) =>
    (await world.call(device, 'GET', '/app/dossiers')).status;
  after(async () => {
    await world.close();
  });

  it('deletes the account, ends the sessions of every device, then logs out of FranceConnect', async () => {
    // A browser with a sign-up still pending for this identity (before the account existed)...
    const pendingDevice = world.browser();
    await world.signInWithFranceConnect(pendingDevice, 'test');
    // ...then the account, signed in on a computer and on a phone.
    const computer = world.browser();
    await world.signInWithFranceConnect(computer, 'test');
    const account = await world.completeSignUp(computer, 'marie@example.fr');
    const phone = world.browser();
    await world.signInWithFranceConnect(phone, 'test');
    assert.equal(((await world.me(phone)).body.account as AccountView).id, account.id);
    assert.equal((await world.me(pendingDevice)).status, 200);
    assert.equal(await dossiers(phone), 200);
    assert.ok(storedSessions().filter((row) => row.sess.includes('DUPUIS')).length >= 3, 'three sessions');

    const deleted = await world.call<{ redirect: string }>(computer, 'DELETE', '/api/account', {
      csrf: await world.csrf(computer),
    });
    assert.equal(deleted.status, 200);
    const logout = new URL(deleted.body.redirect);
    assert.equal(`${logout.origin}${logout.pathname}`, `${world.fc.issuer}/session/end`);
    assert.ok(logout.searchParams.get('id_token_hint'));
    assert.match(logout.searchParams.get('state') ?? '', /^[A-Za-z0-9]{32,}$/);
    assert.equal(
      logout.searchParams.get('post_logout_redirect_uri'),
      `${world.app.url}/auth/logout/callback`,
    );

    for (const device of [computer, phone, pendingDevice]) {
      assert.equal((await world.me(device)).status, 204, 'every session is over');
      assert.equal(await dossiers(device), 401, 'an app route guarded by requireSignIn refuses it too');
    }
    // In the store itself: no session of the account, nor of its FranceConnect identity, is left.
    const left = storedSessions().filter(
      (row) =>
        row.user_id === account.id || row.sess.includes('DUPUIS') || row.sess.includes('marie@example.fr'),
    );
    assert.deepEqual(left, [], 'sessions of the deleted account remain in the store');
    // And on the disk: the database files (with their -wal and -shm) hold none of it any more.
    const atRest = Buffer.concat(
      ['', '-wal', '-shm']
        .map((suffix) => `${world.database}${suffix}`)
        .filter((file) => existsSync(file))
        .map((file) => readFileSync(file)),
    );
    const idToken = logout.searchParams.get('id_token_hint') ?? '';
    for (const secret of ['marie@example.fr', idToken, idToken.split('.')[1] ?? '', account.id]) {
      assert.ok(secret.length > 10);
      assert.equal(
        atRest.includes(Buffer.from(secret)),
        false,
        `${secret.slice(0, 20)}… is still on the disk`,
      );
    }
    assert.equal(await world.app.bff.accounts?.store.findById(account.id), undefined);

    // FranceConnect ends its session and comes back with the state; home with the notice.
    const out = await computer.signOut(logout);
    const back = await computer.navigate(out.url);
    await back.response.body?.cancel();
    assert.equal(back.url.pathname, '/');
    assert.equal(back.url.searchParams.get('notice'), 'account-deleted');
    // FranceConnect asks for the credentials again, and the identity is unknown again.
    const again = await computer.signIn(`${world.app.url}/auth/login`, { login: 'test' });
    assert.deepEqual(again.screens, ['identity-provider', 'login', 'consent']);
    const landed = await computer.navigate(again.url);
    await landed.response.body?.cancel();
    assert.equal(landed.url.pathname, '/compte/inscription');
  });

  it('answers a form with a 303 to FranceConnect’s logout', async () => {
    const user = world.browser();
    await world.signInWithFranceConnect(user, 'nom_usage');
    await world.completeSignUp(user, 'julien@example.fr');
    const answer = await world.call(user, 'POST', '/api/account/delete', {
      body: { _csrf: await world.csrf(user) },
      form: true,
      headers: { accept: 'text/html' },
    });
    assert.equal(answer.status, 303);
    assert.ok((answer.headers.get('location') ?? '').startsWith(`${world.fc.issuer}/session/end?`));
    assert.equal((await world.me(user)).status, 204);
  });

  it('sends a local session home, there being no FranceConnect session to end', async () => {
    const user = world.browser();
    const created = await world.localSignUp(user, { email: 'locale@example.fr', password: PASSWORD });
    const other = world.browser();
    const signIn = await world.call(other, 'POST', '/auth/local/login', {
      body: { email: 'locale@example.fr', password: PASSWORD },
      csrf: await world.csrf(other),
    });
    assert.equal(signIn.status, 200);
    const deleted = await world.call<{ redirect: string }>(user, 'DELETE', '/api/account', {
      csrf: await world.csrf(user),
    });
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.redirect, '/?notice=account-deleted');
    assert.equal((await world.me(other)).status, 204, 'the other device is signed out too');
    assert.equal(await world.app.bff.accounts?.store.findById(created.body.account.id), undefined);
    const login = await world.call(other, 'POST', '/auth/local/login', {
      body: { email: 'locale@example.fr', password: PASSWORD },
      csrf: await world.csrf(other),
    });
    assert.equal(login.status, 401, 'the credentials are gone with the account');
  });

  it('refuses without an account: 401 signed out, 403 with a sign-up pending', async () => {
    const stranger = world.browser();
    const csrf = await world.csrf(stranger);
    assert.equal((await world.call(stranger, 'DELETE', '/api/account', { csrf })).status, 401);
    const pending = world.browser();
    await world.signInWithFranceConnect(pending, 'nom_compose');
    const answer = await world.call(pending, 'DELETE', '/api/account', { csrf: await world.csrf(pending) });
    assert.equal(answer.status, 403);
    assert.equal((await world.me(pending)).status, 200, 'nothing ended');
  });
});
