import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FranceConnectUser } from '../helpers/franceconnect-user.js';
import { PASSWORD, startAccountsWorld, type AccountsWorld } from './helpers/accounts.js';

// Answers that tell whether an email has an account are an enumeration oracle: the 409 of an email
// change (PATCH /api/profile) and of a local sign-up. Past three such answers a day, for an account or
// an address, every email change or sign-up from there waits (429 + Retry-After), whether its email is
// taken or not: waiting reveals nothing. The addresses come from X-Forwarded-For (trust proxy).

describe('the email oracles', () => {
  let world: AccountsWorld;
  const taken = [
    'pris-1@example.fr',
    'pris-2@example.fr',
    'pris-3@example.fr',
    'pris-4@example.fr',
    'pris-5@example.fr',
  ];

  before(async () => {
    world = await startAccountsWorld({ routes: (app) => app.set('trust proxy', true) });
    for (const [index, email] of taken.entries()) {
      const user = world.browser();
      const created = await world.call(user, 'POST', '/auth/local/signup', {
        body: { email, password: PASSWORD },
        csrf: await world.csrf(user),
        headers: { 'x-forwarded-for': `198.51.100.${index + 1}` },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
  });
  after(async () => {
    await world.close();
  });

  async function changeEmail(user: FranceConnectUser, email: string, address: string) {
    return world.call(user, 'PATCH', '/api/profile', {
      body: { email },
      csrf: await world.csrf(user),
      headers: { 'x-forwarded-for': address },
    });
  }

  it('PATCH /api/profile: an account probing emails that are taken soon waits, for any email', async () => {
    const prober = world.browser();
    await world.call(prober, 'POST', '/auth/local/signup', {
      body: { email: 'sonde@example.fr', password: PASSWORD },
      csrf: await world.csrf(prober),
      headers: { 'x-forwarded-for': '203.0.113.1' },
    });
    const statuses: number[] = [];
    for (const [index, email] of taken.slice(0, 4).entries()) {
      // From a new address each time: the account's own count is enough.
      statuses.push((await changeEmail(prober, email, `203.0.113.${10 + index}`)).status);
    }
    assert.deepEqual(statuses, [409, 409, 409, 409], 'three free, then one per wait');
    // Now any email change waits, a taken one as a free one: the answer tells nothing.
    for (const email of [taken[4] ?? '', 'libre@example.fr']) {
      const waiting = await changeEmail(prober, email, '203.0.113.30');
      assert.equal(waiting.status, 429, email);
      assert.ok(Number(waiting.headers.get('retry-after')) >= 50, 'a minute at first');
      assert.match(
        String(waiting.body.message),
        /^Trop de changements d’adresse électronique refusés\. Réessayez dans (\d+ secondes|1 minute)\.$/,
      );
    }
    // What does not reveal an email still works: the nom d’usage.
    const usage = await world.call(prober, 'PATCH', '/api/profile', {
      body: { preferred_username: 'SONDE' },
      csrf: await world.csrf(prober),
    });
    assert.equal(usage.status, 200);
    const account = (await world.me(prober)).body.account as { email: string } | null;
    assert.equal(account?.email, 'sonde@example.fr', 'nothing changed');
  });

  it('PATCH /api/profile: an address probing through several accounts waits too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const account = world.browser();
      await world.call(account, 'POST', '/auth/local/signup', {
        body: { email: `complice-${i}@example.fr`, password: PASSWORD },
        csrf: await world.csrf(account),
        headers: { 'x-forwarded-for': `192.0.2.${100 + i}` },
      });
      statuses.push((await changeEmail(account, taken[i] ?? '', '192.0.2.7')).status);
    }
    assert.deepEqual(statuses, [409, 409, 409, 409, 429]);
  });

  it('POST /auth/local/signup: an address probing emails that are taken soon waits, for any email', async () => {
    const statuses: number[] = [];
    for (const email of [...taken, 'nouvelle@example.fr']) {
      const visitor = world.browser();
      const answer = await world.call(visitor, 'POST', '/auth/local/signup', {
        body: { email, password: PASSWORD },
        csrf: await world.csrf(visitor),
        headers: { 'x-forwarded-for': '192.0.2.66' },
      });
      statuses.push(answer.status);
      if (answer.status === 429) {
        assert.match(
          String(answer.body.message),
          /^Trop de créations de compte depuis votre connexion à Internet\./,
        );
      }
    }
    assert.deepEqual(statuses, [409, 409, 409, 409, 429, 429], 'a free email waits as well');
  });
});
