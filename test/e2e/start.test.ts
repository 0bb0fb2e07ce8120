import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { freePort, startProcess, type Started } from '../helpers/processes.js';

describe('npm start', () => {
  let kit: Started;
  let browser: Browser;
  let demoUrl: string;

  before(async () => {
    const demoPort = await freePort();
    kit = await startProcess(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-build'], {
      env: {
        DEMO_PORT: String(demoPort),
        MOCK_FC_PORT: String(await freePort()),
        DATA_PROVIDER_PORT: String(await freePort()),
      },
      ready: /Ready\./,
    });
    demoUrl = `http://127.0.0.1:${demoPort}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await kit?.stop();
  });

  it('prints the demo URL and serves the demo with the FranceConnect button upgraded', async () => {
    assert.match(kit.output(), new RegExp(`Demo service: +${demoUrl}`));
    const page = await browser.newPage();
    const response = await page.goto(demoUrl);
    assert.equal(response?.status(), 200);
    // Found by role and accessible name: only the upgraded element (its shadow root) renders these.
    const button = page.locator('franceconnect-button');
    const link = button.getByRole('link', { name: 'S’identifier avec FranceConnect', exact: true });
    assert.equal(await link.getAttribute('href'), '/auth/login');
    const help = button.getByRole('link', { name: 'Qu’est-ce que FranceConnect ?', exact: true });
    assert.equal(await help.getAttribute('title'), 'Qu’est-ce que FranceConnect ? - nouvelle fenêtre');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exit = new Promise<number | null>((resolve) => kit.child.once('exit', (code) => resolve(code)));
    kit.child.kill('SIGTERM');
    assert.equal(await exit, 0);
  });
});
