import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  demoClient,
  startMockFranceConnect,
  type RunningMockFranceConnect,
} from '@franceconnect-kit/mock-franceconnect';
import { launchChromium } from '../helpers/browser.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let SERVICE_URL = '';
let SERVICE = demoClient('http://127.0.0.1');

/** The service the browser lands on after FranceConnect (it only has to answer). */
async function startService(): Promise<Server> {
  const server = createServer((_req, res) => res.end('service'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  SERVICE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  SERVICE = demoClient(SERVICE_URL);
  return server;
}

function authorizeUrl(fc: RunningMockFranceConnect): string {
  const url = new URL(`${fc.issuer}/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: SERVICE.client_id,
    redirect_uri: `${SERVICE_URL}/auth/callback`,
    scope: 'openid identite_pivot email cnaf_quotient_familial',
    acr_values: 'eidas1',
    state: 'state-0123456789abcdef0123456789abcdef',
    nonce: 'nonce-0123456789abcdef0123456789abcdef',
  }).toString();
  return url.href;
}

/** Presses Tab until `target` has the focus (as a keyboard user would), then checks the focus is visible. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 15; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) {
      const outline = await target.evaluate((element) => getComputedStyle(element).outlineStyle);
      assert.notEqual(outline, 'none', 'the keyboard focus is visible');
      return;
    }
    await page.keyboard.press('Tab');
  }
  assert.fail(`could not reach ${String(target)} with Tab`);
}

/** axe-core's violations on the current screen (WCAG A and AA, colour contrast included). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (options: object) => Promise<{ violations: Array<{ id: string; help: string }> }> };
      }
    ).axe;
    const { violations } = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] },
    });
    return violations.map((violation) => `${violation.id}: ${violation.help}`);
  });
}

async function checkScreen(page: Page, screen: string, background: string): Promise<void> {
  assert.equal(await page.locator('main').getAttribute('data-screen'), screen);
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  assert.equal(await page.locator('h1').count(), 1, `${screen}: one h1`);
  assert.equal(
    await page.evaluate(() => getComputedStyle(document.body).backgroundColor),
    background,
    `${screen}: styled`,
  );
  assert.deepEqual(await axeViolations(page), [], `${screen}: axe`);
}

describe('the local FranceConnect’s screens in Chromium', () => {
  let fc: RunningMockFranceConnect;
  let browser: Browser;
  let service: Server;

  before(async () => {
    service = await startService();
    fc = await startMockFranceConnect({ port: 0, clients: [SERVICE] });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await fc?.close();
    service?.close();
  });

  for (const [colorScheme, background] of [
    ['light', 'rgb(246, 246, 246)'],
    ['dark', 'rgb(22, 22, 22)'],
  ] as const) {
    it(`render in ${colorScheme} mode with nothing loaded from elsewhere, pass axe, and work with the keyboard`, async () => {
      const context = await browser.newContext({ colorScheme });
      const requests: string[] = [];
      const problems: string[] = [];
      context.on('request', (request) => requests.push(request.url()));
      await context.route(`${SERVICE_URL}/**`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/plain', body: 'service' }),
      );
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));

      await page.goto(authorizeUrl(fc));
      await checkScreen(page, 'identity-provider', background);
      await tabTo(page, page.getByRole('button', { name: 'Démonstration' }));
      await page.keyboard.press('Enter');

      await page.waitForURL(/\/login$/);
      await checkScreen(page, 'login', background);
      await tabTo(page, page.getByLabel('Identifiant'));
      await page.keyboard.type('test');
      await page.keyboard.press('Tab');
      assert.ok(
        await page.getByLabel('Mot de passe').evaluate((element) => element === document.activeElement),
      );
      await page.keyboard.type('123');
      await page.keyboard.press('Enter');

      await page.waitForURL(/\/interaction\/[\w-]+$/);
      await checkScreen(page, 'consent', background);
      assert.ok(await page.getByRole('listitem').filter({ hasText: 'Nom de naissance' }).isVisible());
      // As FranceConnect shows it: the scope's label, and the administration that holds the data.
      assert.ok(
        await page
          .getByRole('listitem')
          .filter({
            hasText:
              'Quotient familial CAF & MSA et composition familiale (Caisse nationale des allocations familiales & Mutualité sociale agricole)',
          })
          .isVisible(),
      );
      assert.ok(await page.getByRole('button', { name: /^Revenir sur Mairie de Démoville$/ }).isVisible());
      await tabTo(page, page.getByRole('button', { name: 'Continuer' }));
      await page.keyboard.press('Enter');

      await page.waitForURL(`${SERVICE_URL}/auth/callback?**`);
      const callback = new URL(page.url());
      assert.ok(callback.searchParams.get('code'));
      assert.equal(callback.searchParams.get('iss'), fc.issuer);

      const elsewhere = requests.filter(
        (url) => !url.startsWith(`${fc.url}/`) && !url.startsWith(`${SERVICE_URL}/`),
      );
      assert.deepEqual(elsewhere, [], 'no request leaves the local FranceConnect (fonts, images, scripts…)');
      assert.deepEqual(problems, [], 'no console error (a CSP violation would show here)');
      await context.close();
    });
  }

  it('renders the error page in French, with its code, and passes axe', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${fc.issuer}/authorize?client_id=x&code_challenge=y`);
    assert.equal(response?.status(), 400);
    assert.equal(await page.locator('#error-code').textContent(), 'Y030007');
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});
