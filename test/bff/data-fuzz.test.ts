import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startForgedPair } from './helpers/bff.js';
import { RECIPIENT_SIRET } from './helpers/data-kit.js';
import { FUZZ_SEED, rawStatus, seededRandom } from './helpers/fuzz.js';

// security.md "Bad input" for the data routes: random queries on /auth/data and /api/data, with and
// without a session, never give a 5xx; /auth/data only ever starts an authorization (302) or names
// what is wrong (400). Seeded, so that a failure can be replayed (the seed is printed).

const SEED = FUZZ_SEED;

function generator(seed: number) {
  const { int, pick } = seededRandom(seed);
  const SCOPES = ['cnaf_quotient_familial', 'cnaf_enfants', 'cnaf_adresse', 'openid', 'dgfip_rfr', ''];
  const text = (): string => {
    switch (int(8)) {
      case 0:
        return '';
      case 1:
        return 'x'.repeat(1 + int(5000));
      case 2:
        return String.fromCodePoint(...Array.from({ length: 1 + int(30) }, () => int(0x2ffff)));
      case 3:
        return pick([
          '<script>alert(1)</script>',
          '//evil.example',
          '/\\evil',
          'javascript:alert(1)',
          '__proto__',
        ]);
      case 4:
        return Array.from({ length: 1 + int(5) }, () => pick(SCOPES)).join(pick([' ', '+', ',', '  ', '\t']));
      default:
        return Array.from({ length: 1 + int(60) }, () => String.fromCharCode(32 + int(95))).join('');
    }
  };
  const encode = (value: string): string => {
    if (int(6) === 0) return pick(['%', '%Z', '%E0%A4%A', '%00', '%%', '%C0%AF']);
    try {
      return encodeURIComponent(value);
    } catch {
      return '%ED%A0%80'; // a lone surrogate, as a broken encoder would send it
    }
  };
  const key = () =>
    pick(['scopes', 'returnTo', 'scopes[]', 'returnTo[a]', '__proto__[x]', 'prompt', text().slice(0, 10)]);
  const query = () => Array.from({ length: int(6) }, () => `${encode(key())}=${encode(text())}`).join('&');
  return { int, pick, query };
}

describe(`fuzzing the data routes (FUZZ_SEED=${SEED})`, () => {
  let pair: Awaited<ReturnType<typeof startForgedPair>>;
  before(async () => {
    pair = await startForgedPair({
      recipientSiret: RECIPIENT_SIRET,
      dataProviderUrl: 'http://127.0.0.1:9',
      dataScopes: ['cnaf_quotient_familial', 'cnaf_enfants'],
    });
  });
  after(async () => {
    await pair.close();
  });

  it('answers 302 or 400 on /auth/data, and never a 5xx on /api/data, whatever the query', async () => {
    const random = generator(SEED);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 1500; i++) {
      const path = `${random.pick(['/auth/data', '/api/data'])}?${random.query()}`;
      const headers: Record<string, string> = {
        accept: random.pick(['text/html', 'application/json', '*/*']),
      };
      if (random.int(3) === 0) headers.cookie = `bff_session=${random.pick(['s%3Aforged.sig', 'x', ''])}`;
      const status = await rawStatus(pair.app.url, path, { headers });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (path.startsWith('/auth/data')) assert.ok(status === 302 || status === 400, `${status} for ${path}`);
      else assert.ok(status === 204 || status === 400, `${status} for ${path}`);
    }
    assert.ok((statuses.get(302) ?? 0) > 50, 'the fuzz never started an authorization');
    assert.ok((statuses.get(400) ?? 0) > 50, 'the fuzz never reached the query validation');
    const health = await fetch(`${pair.app.url}/healthz`);
    assert.equal(health.status, 200, 'the BFF still serves');
  });
});
