import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startDemo } from '../../demo/server.js';
import { launchChromium } from '../helpers/browser.js';
import { franceConnectLink, me, startedAuthorization, startKit, type Kit } from '../helpers/demo.js';
import { freePort } from '../helpers/processes.js';

// The demo's own pages where the BFF would show its minimal ones (the `pages` option): a sign-in that
// FranceConnect ends with an error, FranceConnect unreachable (served with a 503 status), and an
// unknown address. The cancelled sign-in is journey 5 (journeys.test.ts).

describe('the demo’s error pages', () => {
  let kit: Kit;
  let browser: Browser;

  before(async () => {
    [kit, browser] = await Promise.all([startKit(), launchChromium()]);
  });

  after(async () => {
    await browser?.close();
    await kit?.stop();
  });

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  it('an error sent back by FranceConnect leads to « La connexion n’a pas abouti », with its code and a way back', async () => {
    const page = await browser.newPage();
    const authorize = await startedAuthorization(page, kit);
    const callback = new URL(`${kit.demo}/auth/callback`);
    callback.searchParams.set('error', 'server_error');
    callback.searchParams.set('error_description', '<script>alert(1)</script>');
    callback.searchParams.set('state', authorize.searchParams.get('state') ?? '');
    callback.searchParams.set('iss', `${kit.franceconnect}/api/v2`);
    await page.goto(callback.href);
    assert.equal(new URL(page.url()).pathname, '/erreur');
    assert.equal(new URL(page.url()).searchParams.get('reason'), 'franceconnect_error');
    assert.equal(await heading(page), 'La connexion n’a pas abouti');
    assert.equal(
      await page.getByText('Code de l’erreur').textContent(),
      'Code de l’erreur : franceconnect_error',
    );
    assert.equal(await page.getByRole('link', { name: 'Réessayer' }).getAttribute('href'), '/connexion');
    assert.equal(
      await page.locator('script:not([src])').count(),
      0,
      'nothing of the description is rendered',
    );
    assert.equal((await me(page)).status, 204);
    await page.close();
  });

  it('an unknown address shows « Page introuvable » with a 404 status', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${kit.demo}/nulle-part`);
    assert.equal(response?.status(), 404);
    assert.equal(await heading(page), 'Page introuvable');
    await page.close();
  });

  it('FranceConnect unreachable leads to « FranceConnect est momentanément indisponible », served with 503', async () => {
    // A demo whose FranceConnect does not answer: the BFF sends the browser to `pages.unavailable`.
    const port = await freePort();
    const state = mkdtempSync(join(tmpdir(), 'demoville-unavailable-'));
    const demo: Server = await startDemo({
      port,
      franceconnectIssuer: `http://127.0.0.1:${await freePort()}/api/v2`,
      dataProviderUrl: `http://127.0.0.1:${await freePort()}`,
      stateDir: state,
      logLevel: 'silent',
    });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/connexion`);
      const [response] = await Promise.all([
        page.waitForResponse((candidate) => new URL(candidate.url()).pathname === '/indisponible'),
        franceConnectLink(page).click(),
      ]);
      assert.equal(response.status(), 503);
      assert.equal(response.headers()['retry-after'], '30');
      assert.equal(new URL(page.url()).searchParams.get('reason'), 'franceconnect_unavailable');
      assert.equal(await heading(page), 'FranceConnect est momentanément indisponible');
      assert.equal(
        await page.getByRole('link', { name: 'Réessayer' }).getAttribute('href'),
        '/connexion',
        'try again',
      );
      await page.close();
    } finally {
      await new Promise<void>((resolve) => {
        demo.close(() => resolve());
        demo.closeAllConnections();
      });
      rmSync(state, { recursive: true, force: true });
    }
  });
});
