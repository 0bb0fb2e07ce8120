import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DATA_FAILURE_MESSAGES,
  MemoryRetrievedDataStore,
  type AccountView,
  type DataResponse,
} from '@franceconnect-kit/bff';
import {
  DEMO_DATA_PROVIDER,
  startDataProvider,
  type RunningDataProvider,
} from '@franceconnect-kit/mock-franceconnect';
import type { FranceConnectUser } from '../helpers/franceconnect-user.js';
import { freePort } from '../helpers/processes.js';
import { declaring, identity, PASSWORD, startAccountsWorld, type AccountsWorld } from './helpers/accounts.js';
import { RECIPIENT_SIRET } from './helpers/data-kit.js';

// Data retrieval with accounts: a person signed in with local credentials goes through FranceConnect
// first, and the data reaches their session only when the identity FranceConnect returned is theirs
// (seed 004: « s’assurer que les données récupérées correspondent au compte »): not another account's,
// not contradicting the identity their account holds.

describe('data retrieval by people signed in with a local account', () => {
  let world: AccountsWorld;
  let provider: RunningDataProvider;
  let providerCalls = 0;

  before(async () => {
    // The data provider checks tokens at FranceConnect, which the world starts: its port comes first.
    const providerPort = await freePort();
    world = await startAccountsWorld({
      bff: {
        recipientSiret: RECIPIENT_SIRET,
        dataProviderUrl: `http://127.0.0.1:${providerPort}`,
        interceptOutbound: async (url, request, send) => {
          if (url.startsWith(`http://127.0.0.1:${providerPort}/`)) providerCalls++;
          return send(url, request);
        },
      },
    });
    provider = await startDataProvider({
      port: providerPort,
      issuer: world.fc.issuer,
      client_id: DEMO_DATA_PROVIDER.client_id,
      client_secret: DEMO_DATA_PROVIDER.client_secret,
    });
  });
  after(async () => {
    await world.close();
    await provider.close();
  });

  async function localLogin(user: FranceConnectUser, email: string): Promise<AccountView> {
    const answer = await world.call<{ account: AccountView }>(user, 'POST', '/auth/local/login', {
      body: { email, password: PASSWORD },
      csrf: await world.csrf(user),
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.account;
  }

  /** « Récupérer ses données avec FranceConnect », as `login` at FranceConnect. */
  async function retrieve(user: FranceConnectUser, login: string) {
    const departure = await user.signIn(
      `${world.app.url}/auth/data?scopes=cnaf_quotient_familial&returnTo=/mes-aides`,
      { login },
    );
    const callback = await user.fetch(departure.url);
    await callback.body?.cancel();
    return { screens: departure.screens, location: callback.headers.get('location') };
  }

  const data = (user: FranceConnectUser) => world.call<DataResponse>(user, 'GET', '/api/data');
  const quotientOf = (body: DataResponse) =>
    (body.data.quotient_familial as { valeur?: number } | undefined)?.valeur;

  it('signs in with FranceConnect first, then retrieves; the session keeps its account', async () => {
    const user = world.browser();
    const created = await world.localSignUp(user, { email: 'karim@example.fr', password: PASSWORD });
    assert.equal(created.status, 201);
    const before = await world.me(user);
    assert.equal(before.body.identity, null, 'a local session: no FranceConnect identity');

    const { screens, location } = await retrieve(user, 'ne_a_l_etranger');
    assert.deepEqual(screens, ['identity-provider', 'login', 'consent'], 'FranceConnect sign-in first');
    assert.equal(location, '/mes-aides?notice=data-retrieved');
    const retrieved = await data(user);
    assert.equal(retrieved.status, 200);
    assert.equal(quotientOf(retrieved.body), 520);

    const after = await world.me(user);
    assert.equal((after.body.account as AccountView).id, created.body.account.id, 'the same account');
    assert.equal(
      after.body.identity?.family_name,
      'BENALI',
      'the session now holds the FranceConnect identity',
    );
    assert.equal(
      (after.body.account as AccountView).franceconnect,
      false,
      'retrieving data links nothing: linking is the person’s decision',
    );

    // Within FranceConnect's session, the next retrieval only asks to confirm.
    assert.deepEqual((await retrieve(user, 'ne_a_l_etranger')).screens, ['consent']);

    // Logging out now also ends FranceConnect's session (qualification #9).
    const logout = await world.call<{ redirectTo: string }>(user, 'POST', '/auth/logout', {
      csrf: after.body.csrfToken,
    });
    assert.ok(logout.body.redirectTo.startsWith(`${world.fc.issuer}/session/end?`));
    const departure = await user.signOut(logout.body.redirectTo);
    await (await user.fetch(departure.url)).body?.cancel();
    assert.equal((await data(user)).status, 204);
  });

  it('retrieves for an account linked to that FranceConnect identity, which the session now holds', async () => {
    // Julien declared his identity at a local sign-up; at his first FranceConnect sign-in he linked it
    // by typing its password (« J’ai déjà un compte »).
    const signUp = world.browser();
    const created = await world.localSignUp(signUp, declaring(identity('nom_usage'), 'julien@example.fr'));
    assert.equal(created.status, 201);
    const first = world.browser();
    await world.signInWithFranceConnect(first, 'nom_usage');
    const linked = await world.call(first, 'POST', '/api/signup/link', {
      body: { email: 'julien@example.fr', password: PASSWORD },
      csrf: await world.csrf(first),
    });
    assert.equal(linked.status, 200);

    const user = world.browser();
    const account = await localLogin(user, 'julien@example.fr');
    assert.equal(account.franceconnect, true);
    const { location } = await retrieve(user, 'nom_usage');
    assert.equal(location, '/mes-aides?notice=data-retrieved');
    assert.equal(quotientOf((await data(user)).body), 1450);
    const me = await world.me(user);
    assert.equal((me.body.account as AccountView).id, created.body.account.id);
    assert.equal(me.body.identity?.family_name, 'MARTIN');
  });

  it('stops when the FranceConnect identity belongs to another account, without calling the provider', async () => {
    // Marie's FranceConnect identity has its own account.
    const marie = world.browser();
    await world.signInWithFranceConnect(marie, 'test');
    const marieAccount = await world.completeSignUp(marie, 'marie@example.fr');

    // Paul, signed in with his local account, gets to FranceConnect as Marie (her session, her computer).
    const paul = world.browser();
    const created = await world.localSignUp(paul, { email: 'paul@example.fr', password: PASSWORD });
    const before = await world.me(paul);
    const calls = providerCalls;
    const { screens, location } = await retrieve(paul, 'test');
    assert.deepEqual(screens, ['identity-provider', 'login', 'consent']);
    assert.equal(location, '/mes-aides?notice=data-account-mismatch');
    assert.equal(providerCalls, calls, 'the data provider was not called');

    const refused = await data(paul);
    assert.equal(refused.status, 200);
    assert.deepEqual(refused.body.data, {});
    assert.equal(refused.body.failure?.code, 'account_mismatch');
    assert.equal(
      refused.body.failure?.message,
      'Cette identité FranceConnect est liée à un autre compte que le vôtre. Par sécurité, aucune donnée n’a été récupérée.',
    );
    const after = await world.me(paul);
    assert.equal(after.status, 200, 'still signed in');
    assert.equal((after.body.account as AccountView).id, created.body.account.id);
    assert.notEqual((after.body.account as AccountView).id, marieAccount.id);
    assert.equal(after.body.identity, null, 'the session did not take Marie’s identity');
    assert.equal(after.body.csrfToken, before.body.csrfToken, 'the same session');
  });

  it('stops when the identity contradicts the one the account declared or is linked to', async () => {
    // Sophie declared her identity; FranceConnect answers for someone else, linked to no account.
    const sophie = world.browser();
    await world.localSignUp(sophie, declaring(identity('nom_compose'), 'sophie@example.fr'));
    const calls = providerCalls;
    assert.equal(
      (await retrieve(sophie, 'date_presumee_jour')).location,
      '/mes-aides?notice=data-identity-mismatch',
    );
    assert.equal((await data(sophie)).body.failure?.message, DATA_FAILURE_MESSAGES.identity_mismatch);

    // Julien's account is linked to his FranceConnect identity; FranceConnect answers for someone else.
    const julien = world.browser();
    await localLogin(julien, 'julien@example.fr');
    assert.equal(
      (await retrieve(julien, 'date_presumee_jour')).location,
      '/mes-aides?notice=data-identity-mismatch',
    );
    assert.equal(providerCalls, calls, 'the data provider was not called');
    assert.equal((await world.me(julien)).body.identity, null);
  });

  it('forgets what the account’s sessions retrieved when the account is deleted', async () => {
    const user = world.browser();
    await world.signInWithFranceConnect(user, 'date_presumee_jour');
    await world.completeSignUp(user, 'fatima@example.fr');
    await retrieve(user, 'date_presumee_jour');
    assert.equal(quotientOf((await data(user)).body), 305);
    const store = world.app.bff.retrievedDataStore;
    assert.ok(store instanceof MemoryRetrievedDataStore);
    const kept = store.size;

    const deleted = await world.call<{ redirect: string }>(user, 'DELETE', '/api/account', {
      csrf: await world.csrf(user),
    });
    assert.equal(deleted.status, 200);
    assert.equal(store.size, kept - 1);
    assert.equal((await data(user)).status, 204);
  });

  it('keeps what a first FranceConnect sign-in retrieved once the person completes the sign-up', async () => {
    // Not signed in, « Récupérer ses données » signs Karim in with FranceConnect; no account holds this
    // identity yet, so he is sent to the sign-up page with his data retrieved.
    const user = world.browser();
    const { location } = await retrieve(user, 'ne_a_l_etranger');
    assert.equal(location, '/compte/inscription?returnTo=%2Fmes-aides');
    assert.equal((await world.me(user)).body.account, null, 'the sign-up is pending');
    assert.equal(quotientOf((await data(user)).body), 520);
    const store = world.app.bff.retrievedDataStore;
    assert.ok(store instanceof MemoryRetrievedDataStore);
    const kept = store.size;

    const account = await world.completeSignUp(user, 'karim.benali@example.fr');
    const me = await world.me(user);
    assert.equal((me.body.account as AccountView).id, account.id, 'the session is now the account’s');
    const retrieved = await data(user);
    assert.equal(retrieved.status, 200, 'the data followed the session into the account');
    assert.equal(quotientOf(retrieved.body), 520);
    assert.equal(store.size, kept, 'moved, not copied: the previous session’s entry is gone');
  });
});
