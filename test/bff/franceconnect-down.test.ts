import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import {
  demoClient,
  startMockFranceConnect,
  type RunningMockFranceConnect,
} from '@franceconnect-kit/mock-franceconnect';
import { FranceConnectUser } from '../helpers/franceconnect-user.js';
import { freePort } from '../helpers/processes.js';
import { startTestBff, type TestBff } from './helpers/bff.js';

// FranceConnect down, against the real local FranceConnect stopped and started again on its port:
// once discovery is cached, an outage must still be noticed before a browser is sent there. The
// breaker is fed by every call's failure and, when nothing was heard for a few seconds, by a short
// probe; /auth/login then shows the 503 page without leaving the site, logout is local with a notice,
// and everything recovers by itself once FranceConnect answers again.

/** How long the BFF trusts FranceConnect's last answer without probing it (availability.ts). */
const FRESH_MS = 5000;

describe('FranceConnect down', () => {
  let fcPort: number;
  let port: number;
  let fc: RunningMockFranceConnect | undefined;
  let app: TestBff;

  const startFranceConnect = async () => {
    fc = await startMockFranceConnect({ port: fcPort, clients: [demoClient(`http://127.0.0.1:${port}`)] });
  };
  const stopFranceConnect = async () => {
    await fc?.close();
    fc = undefined;
  };

  before(async () => {
    fcPort = await freePort();
    port = await freePort();
    await startFranceConnect();
    const client = demoClient(`http://127.0.0.1:${port}`);
    app = await startTestBff(port, {
      issuer: `http://127.0.0.1:${fcPort}/api/v2`,
      clientId: client.client_id,
      clientSecret: client.client_secret,
      httpTimeout: 3,
    });
  });
  after(async () => {
    await app.close();
    await stopFranceConnect();
  });

  const user = () => new FranceConnectUser({ franceConnectUrl: `http://127.0.0.1:${fcPort}` });

  async function signedIn(): Promise<FranceConnectUser> {
    const browser = user();
    const departure = await browser.signIn(`${app.url}/auth/login`, { login: 'test' });
    const back = await browser.navigate(departure.url);
    await back.response.body?.cancel();
    const me = await browser.fetch(`${app.url}/api/me`, { headers: { accept: 'application/json' } });
    assert.equal(me.status, 200);
    return browser;
  }

  async function login(browser = user()): Promise<Response> {
    return browser.fetch(`${app.url}/auth/login`);
  }

  async function logout(browser: FranceConnectUser): Promise<Response> {
    const me = await browser.fetch(`${app.url}/api/me`, { headers: { accept: 'application/json' } });
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    return browser.fetch(`${app.url}/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken, origin: app.url, 'sec-fetch-site': 'same-origin' },
    });
  }

  async function assertUnavailablePage(response: Response, what: string): Promise<void> {
    assert.equal(response.status, 503, what);
    assert.equal(response.headers.get('location'), null, `${what}: the browser stays on the site`);
    assert.match(await response.text(), /FranceConnect est momentanément indisponible/, what);
  }

  it('is noticed by a probe before a browser is sent there: /auth/login shows the 503 page, logout is local', async () => {
    const browser = await signedIn(); // discovery and keys cached, FranceConnect heard just now
    await stopFranceConnect();
    // Past the freshness of FranceConnect's last answer: the next browser to leave triggers a probe.
    await sleep(FRESH_MS + 200);
    const started = Date.now();
    await assertUnavailablePage(await login(), '/auth/login');
    assert.ok(Date.now() - started < 4000, 'the probe is short (a refused connection answers at once)');
    assert.ok(app.entries().some((entry) => entry.event === 'franceconnect.down'));

    // Logout: the session ends here, the person is told FranceConnect's could not be closed.
    const out = await logout(browser);
    assert.equal(out.status, 303);
    assert.equal(out.headers.get('location'), '/?notice=logout-franceconnect-unreachable');
    const me = await browser.fetch(`${app.url}/api/me`, { headers: { accept: 'application/json' } });
    assert.equal(me.status, 204, 'signed out locally');

    // Recovers by itself once FranceConnect answers again (after a short cool-down).
    await startFranceConnect();
    let answer = await login();
    const deadline = Date.now() + 40_000;
    while (answer.status !== 302 && Date.now() < deadline) {
      await answer.body?.cancel();
      await sleep(500);
      answer = await login();
    }
    assert.equal(answer.status, 302, 'FranceConnect is used again');
    assert.ok(answer.headers.get('location')?.startsWith(`http://127.0.0.1:${fcPort}/api/v2/authorize?`));
    assert.ok(app.entries().some((entry) => entry.event === 'franceconnect.recovered'));
    await signedIn();
  });

  it('is noticed at once when a call to FranceConnect fails: the next /auth/login shows the 503 page', async () => {
    if (!fc) await startFranceConnect();
    // A sign-in reaches FranceConnect's answer; FranceConnect dies before the code is exchanged.
    const browser = user();
    const departure = await browser.signIn(`${app.url}/auth/login`, { login: 'nom_usage' });
    await stopFranceConnect();
    const callback = await browser.fetch(departure.url);
    assert.equal(callback.status, 503, 'the token endpoint could not be reached');
    // No probe needed: the failed token request opened the breaker, however recent the last success.
    await assertUnavailablePage(await login(), '/auth/login right after');
    await startFranceConnect();
  });
});
