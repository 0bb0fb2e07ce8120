import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAccountsWorld, type AccountsWorld } from './helpers/accounts.js';
import { FUZZ_SEED, rawStatus, seededRandom } from './helpers/fuzz.js';

// security.md "Bad input": thousands of random bodies on the profile API (and the other account
// routes) never give a 5xx, and never change the locked identity. Seeded: the seed is printed.

const SEED = FUZZ_SEED;

function generator(seed: number) {
  const { int, pick } = seededRandom(seed);
  const text = (): string => {
    switch (int(10)) {
      case 0:
        return '';
      case 1:
        return 'x'.repeat(1 + int(20_000));
      case 2:
        return String.fromCodePoint(...Array.from({ length: 1 + int(30) }, () => int(0x2ffff)));
      case 3:
        return pick([
          '<script>alert(1)</script>',
          'D’ALEMBERT',
          'marie@example.fr',
          'a@b',
          ' ROCHE ',
          '\u0000',
        ]);
      case 4:
        return pick(['__proto__', 'constructor', 'toString', 'null', 'true', '0', '{}', '[]']);
      default:
        return Array.from({ length: 1 + int(60) }, () => String.fromCharCode(32 + int(95))).join('');
    }
  };
  const FIELDS = [
    'preferred_username',
    'email',
    'given_name',
    'family_name',
    'birthdate',
    'gender',
    'birthplace',
    'birthcountry',
    'password',
    '_csrf',
    '__proto__',
    'constructor',
  ];
  const value = (depth = 0): unknown => {
    switch (int(depth > 2 ? 5 : 8)) {
      case 0:
        return int(2) === 0 ? null : int(1e9) - 5e8;
      case 1:
        return int(2) === 0;
      case 2:
      case 3:
      case 4:
        return text();
      case 5:
        return Array.from({ length: int(4) }, () => value(depth + 1));
      default:
        return object(depth + 1);
    }
  };
  const object = (depth = 0): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    for (let i = int(5); i > 0; i--) {
      Object.defineProperty(result, int(4) === 0 ? text().slice(0, 30) : pick(FIELDS), {
        value: value(depth),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
    return result;
  };
  // A lone surrogate cannot be encoded as UTF-8: it goes out as the bytes a broken encoder would send.
  const percent = (item: string): string => {
    try {
      return encodeURIComponent(item);
    } catch {
      return '%ED%A0%80';
    }
  };
  /** A request body: JSON of any shape, broken JSON, a form, or raw bytes. */
  const body = (): { type: string; text: string } => {
    switch (int(6)) {
      case 0:
        return { type: 'application/json', text: JSON.stringify(value()) };
      case 1:
        return { type: 'application/json', text: JSON.stringify(object()).slice(0, int(200)) };
      case 2:
        return {
          type: 'application/x-www-form-urlencoded',
          text: Object.entries(object())
            .map(
              ([key, item]) =>
                `${percent(key)}=${percent(typeof item === 'string' ? item : JSON.stringify(item))}`,
            )
            .join('&'),
        };
      case 3:
        return {
          type: pick(['text/plain', 'application/json; charset=latin1', 'multipart/form-data']),
          text: text(),
        };
      default:
        return { type: 'application/json', text: JSON.stringify(object()) };
    }
  };
  return { int, pick, body };
}

describe(`fuzzing the account API (FUZZ_SEED=${SEED})`, () => {
  let world: AccountsWorld;
  const random = generator(SEED);

  before(async () => {
    world = await startAccountsWorld({ accounts: { throttle: { perAccount: 5, perAddress: 100_000 } } });
  });
  after(async () => {
    await world.close();
  });

  it('PATCH /api/profile: thousands of random bodies, never a 5xx, the identity never changed', async () => {
    const user = world.browser();
    await world.signInWithFranceConnect(user, 'caracteres_speciaux');
    await world.completeSignUp(user, 'francoise@example.fr');
    const csrf = await world.csrf(user);
    const cookie = user.jar.header(new URL(world.app.url)) ?? '';
    const locked = (await world.call(user, 'GET', '/api/profile')).body.locked;
    const statuses = new Map<number, number>();
    for (let i = 0; i < 3000; i++) {
      const { type, text } = random.body();
      const status = await rawStatus(world.app.url, '/api/profile', {
        method: random.int(20) === 0 ? random.pick(['PUT', 'POST', 'DELETE']) : 'PATCH',
        headers: { cookie, 'x-csrf-token': csrf, origin: world.app.url, 'content-type': type },
        body: text,
      });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      assert.ok(
        status > 0 && status < 500,
        `${status} for ${type} ${text.slice(0, 300)} (FUZZ_SEED=${SEED})`,
      );
    }
    assert.ok(
      (statuses.get(400) ?? 0) > 1000,
      `the bodies reached validation: ${JSON.stringify([...statuses])}`,
    );
    assert.ok((statuses.get(200) ?? 0) > 10, 'some bodies were valid changes');
    const after = await world.call(user, 'GET', '/api/profile');
    assert.equal(after.status, 200, 'still signed in to the account');
    assert.deepEqual(after.body.locked, locked, 'the locked identity never changed');
  });

  it('the other account routes: random bodies, never a 5xx', async () => {
    const pending = world.browser();
    await world.signInWithFranceConnect(pending, 'nom_long');
    const routes: Array<[string, string]> = [
      ['POST', '/api/signup'],
      ['POST', '/api/signup/link'],
      ['POST', '/auth/local/login'],
      ['POST', '/auth/local/signup'],
      ['POST', '/api/account/unlink'],
      ['GET', '/api/signup'],
      ['GET', '/api/csrf'],
      ['GET', '/auth/link'],
    ];
    const csrf = await world.csrf(pending);
    const cookie = pending.jar.header(new URL(world.app.url)) ?? '';
    for (let i = 0; i < 1500; i++) {
      const [method, path] = random.pick(routes);
      const { type, text } = random.body();
      const status = await rawStatus(world.app.url, path, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrf,
          origin: world.app.url,
          accept: 'application/json',
          ...(method === 'GET' ? {} : { 'content-type': type }),
        },
        ...(method === 'GET' ? {} : { body: text }),
      });
      assert.ok(
        status > 0 && status < 500,
        `${status} for ${method} ${path} ${text.slice(0, 300)} (FUZZ_SEED=${SEED})`,
      );
    }
  });
});
