import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FranceConnectUser } from '../helpers/franceconnect-user.js';
import { PASSWORD, startAccountsWorld, type AccountsWorld } from './helpers/accounts.js';

// The local sign-in's limits (OWASP « Blocking Brute Force Attacks », « Slow Down Online Guessing
// Attacks with Device Cookies »): per account and per address, progressive waits rather than a
// lockout, and the owner's known device exempt, so that an attacker hammering an account, or sharing
// its owner's address, never locks the owner out. The addresses come from X-Forwarded-For (trust proxy).

type Browser = FranceConnectUser;

describe('limits of the local sign-in', () => {
  let world: AccountsWorld;

  before(async () => {
    world = await startAccountsWorld({
      // A first wait of a minute: long enough that no test races it on a busy machine.
      accounts: { throttle: { perAccount: 3, perAddress: 6, perDevice: 3, firstDelaySeconds: 60 } },
      routes: (app) => app.set('trust proxy', true),
    });
  });
  after(async () => {
    await world.close();
  });

  async function login(user: Browser, email: string, password: string, address: string) {
    return world.call(user, 'POST', '/auth/local/login', {
      body: { email, password },
      csrf: await world.csrf(user),
      headers: { 'x-forwarded-for': address },
    });
  }

  /** A local account created in its owner's browser (which becomes its first known device). */
  async function owner(email: string, address: string): Promise<Browser> {
    const browser = world.browser();
    const created = await world.call(browser, 'POST', '/auth/local/signup', {
      body: { email, password: PASSWORD },
      csrf: await world.csrf(browser),
      headers: { 'x-forwarded-for': address },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return browser;
  }

  it('slows an attacker down on the account, and never locks its owner out of a known device', async () => {
    const device = await owner('cible@example.fr', '198.51.100.10');
    const attacker = world.browser();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await login(attacker, 'cible@example.fr', `essai ${i}`, `203.0.113.${i + 1}`)).status);
    }
    assert.deepEqual(
      statuses,
      [401, 401, 401, 401],
      'three free attempts, then one per wait (from any address)',
    );
    const first = await login(attacker, 'CIBLE@example.fr', PASSWORD, '203.0.113.9');
    assert.equal(first.status, 429, 'even the right password waits: the attempt is not checked');
    assert.equal(first.body.error, 'too_many_attempts');
    const wait = Number(first.headers.get('retry-after'));
    assert.ok(wait >= 50 && wait <= 60, `Retry-After ${wait}`);
    assert.equal(
      first.body.message,
      wait === 60
        ? 'Trop de tentatives de connexion. Réessayez dans 1 minute.'
        : `Trop de tentatives de connexion. Réessayez dans ${wait} secondes.`,
      'the sentence says how long, as Retry-After does',
    );

    // The owner, on the browser where the account was created, signs in at once, from anywhere.
    const ownerSignIn = await login(device, 'cible@example.fr', PASSWORD, '203.0.113.9');
    assert.equal(ownerSignIn.status, 200, 'the known device is exempt');

    // A new browser of the owner is an unknown device: it waits like the attacker, never locked out
    // for longer than the wait.
    const newBrowser = await login(world.browser(), 'cible@example.fr', PASSWORD, '198.51.100.10');
    assert.equal(newBrowser.status, 429);
    assert.ok(Number(newBrowser.headers.get('retry-after')) <= 60);
    // The known device, again and again.
    assert.equal((await login(device, 'cible@example.fr', PASSWORD, '198.51.100.10')).status, 200);
  });

  it('slows down an address trying many accounts, but not the known devices behind it, nor other addresses', async () => {
    const neighbour = await owner('voisine@example.fr', '192.0.2.50');
    const attacker = world.browser();
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      statuses.push((await login(attacker, `inconnu-${i}@example.fr`, PASSWORD, '192.0.2.50')).status);
    }
    // The owner's sign-up counted on the address too: five more free attempts, one past them, then waits.
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 429, 429, 429]);
    // Same address, the owner's known device: exempt.
    assert.equal((await login(neighbour, 'voisine@example.fr', PASSWORD, '192.0.2.50')).status, 200);
    // Another address is not slowed down by this one.
    assert.equal((await login(world.browser(), 'voisine@example.fr', PASSWORD, '192.0.2.51')).status, 200);
    // A second instance on the same database counts on the same file: the address waits there too.
    const second = await startAccountsWorld({
      database: world.database,
      accounts: { throttle: { perAccount: 3, perAddress: 6, perDevice: 3, firstDelaySeconds: 60 } },
      routes: (app) => app.set('trust proxy', true),
    });
    try {
      const elsewhere = second.browser();
      const answer = await second.call(elsewhere, 'POST', '/auth/local/login', {
        body: { email: 'encore-un@example.fr', password: PASSWORD },
        csrf: await second.csrf(elsewhere),
        headers: { 'x-forwarded-for': '192.0.2.50' },
      });
      assert.equal(answer.status, 429);
    } finally {
      await second.close();
    }
  });

  it('checks at most one attempt past the free ones, however many arrive at once', async () => {
    await owner('rafale@example.fr', '198.51.100.30');
    const attackers = Array.from({ length: 12 }, () => world.browser());
    const answers = await Promise.all(
      attackers.map((browser, i) =>
        login(browser, 'rafale@example.fr', `essai ${i}`, `203.0.113.${100 + i}`),
      ),
    );
    const checked = answers.filter((answer) => answer.status === 401).length;
    const waiting = answers.filter((answer) => answer.status === 429).length;
    assert.equal(checked + waiting, 12);
    assert.ok(checked <= 4, `${checked} passwords were checked (3 free, then one)`);
  });

  it('treats an altered device cookie as an unknown browser, and slows down a known device that is hammered', async () => {
    const device = await owner('appareil@example.fr', '198.51.100.40');
    const url = new URL(world.app.url);
    const cookie = device.jar.get(url, 'bff_device') ?? '';
    assert.ok(cookie.length > 40, 'the owner’s browser holds a device cookie');
    assert.equal(cookie.includes('appareil'), false, 'it holds no email');

    // Spend the account's free attempts from elsewhere.
    const attacker = world.browser();
    for (let i = 0; i < 5; i++) await login(attacker, 'appareil@example.fr', `essai ${i}`, '203.0.113.60');
    // A copy of the cookie altered by one character is no known device: it waits.
    const forged = world.browser();
    forged.jar.store(
      url,
      new Response(null, {
        headers: {
          'set-cookie': `bff_device=${cookie.slice(0, -1)}${cookie.endsWith('A') ? 'B' : 'A'}; Path=/`,
        },
      }),
    );
    assert.equal((await login(forged, 'appareil@example.fr', PASSWORD, '203.0.113.61')).status, 429);
    // The genuine device is counted on its own: its own free attempts, then it waits too.
    const own: number[] = [];
    for (let i = 0; i < 5; i++)
      own.push((await login(device, 'appareil@example.fr', `faute ${i}`, '198.51.100.40')).status);
    assert.deepEqual(own.slice(0, 4), [401, 401, 401, 401]);
    assert.equal(own[4], 429, 'a device hammered (a stolen cookie) waits like any other browser');
  });
});
