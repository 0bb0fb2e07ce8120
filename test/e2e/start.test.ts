import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { freePort, startProcess, type Started } from '../helpers/processes.js';

describe('npm start', () => {
  let kit: Started;
  let browser: Browser;
  let demoUrl: string;
  const state = mkdtempSync(join(tmpdir(), 'demoville-start-'));

  before(async () => {
    const demoPort = await freePort();
    kit = await startProcess(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-build'], {
      env: {
        DEMO_PORT: String(demoPort),
        MOCK_FC_PORT: String(await freePort()),
        DATA_PROVIDER_PORT: String(await freePort()),
        MOCK_FC_PLUS_PORT: String(await freePort()),
        DEMO_STATE_DIR: state,
      },
      ready: /Ready\./,
    });
    demoUrl = `http://localhost:${demoPort}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await kit?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it('prints the demo URL and serves the demo with the FranceConnect button upgraded', async () => {
    assert.match(kit.output(), new RegExp(`Demo service: +${demoUrl}`));
    const page = await browser.newPage();
    const home = await page.goto(demoUrl);
    assert.equal(home?.status(), 200);
    assert.equal(
      await page.getByRole('heading', { level: 1 }).textContent(),
      'Les services en ligne de la mairie',
    );
    const response = await page.goto(`${demoUrl}/connexion`);
    assert.equal(response?.status(), 200);
    // Found by role and accessible name: only the upgraded element (its shadow root) renders these.
    const button = page.locator('franceconnect-button');
    const link = button.getByRole('link', { name: 'S’identifier avec FranceConnect', exact: true });
    assert.equal(await link.getAttribute('href'), '/auth/login');
    const help = button.getByRole('link', { name: 'Qu’est-ce que FranceConnect ?', exact: true });
    assert.equal(await help.getAttribute('title'), 'Qu’est-ce que FranceConnect ? - nouvelle fenêtre');
  });

  it('runs both local providers: FranceConnect+ answers the demo’s FranceConnect+ button', async () => {
    const printed = /Local FranceConnect\+: +(http:\/\/\S+) \(issuer (\S+)\)/.exec(kit.output());
    assert.ok(printed, 'the local FranceConnect+ is announced');
    const [, plusUrl = '', plusIssuer = ''] = printed;
    const discovery = await fetch(new URL('.well-known/openid-configuration', `${plusIssuer}/`));
    assert.equal(discovery.status, 200);
    const configuration = (await discovery.json()) as { issuer: string; acr_values_supported: string[] };
    assert.equal(configuration.issuer, plusIssuer);
    assert.deepEqual(configuration.acr_values_supported.sort(), ['eidas2', 'eidas3']);
    const page = await browser.newPage();
    await page.goto(`${demoUrl}/connexion`);
    const plus = page
      .locator('franceconnect-button[variant="plus"]')
      .getByRole('link', { name: /^S’identifier avec FranceConnect\+/ });
    const href = await plus.getAttribute('href');
    assert.ok(href, 'the FranceConnect+ button links to the BFF');
    const login = await fetch(new URL(href, demoUrl), { redirect: 'manual' });
    assert.equal(login.status, 302);
    const authorize = new URL(login.headers.get('location') ?? '');
    assert.equal(authorize.origin, new URL(plusUrl).origin);
    assert.match(authorize.searchParams.get('acr_values') ?? '', /eidas2/);
    await page.close();
  });

  it('keeps its state in DEMO_STATE_DIR', () => {
    assert.ok(existsSync(join(state, 'demo-sessions.sqlite')), 'the sessions and accounts are there');
    assert.ok(existsSync(join(state, 'demo-session-secret')));
  });

  it('stops cleanly on SIGTERM', async () => {
    const exit = new Promise<number | null>((resolve) => kit.child.once('exit', (code) => resolve(code)));
    kit.child.kill('SIGTERM');
    assert.equal(await exit, 0);
  });
});
