// `npm run screenshots`: the README's tour of the demo, taken from the running demo. Starts the local
// FranceConnect, the data provider and the demo on free ports with a fresh state folder, walks through
// the journeys in the system's Chromium (playwright-core, never a downloaded browser), and writes
// docs/screenshots/*.png. Needs `npm run build` first.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  DEMO_DATA_PROVIDER,
  demoClient,
  startDataProvider,
  startMockFranceConnect,
} from '@franceconnect-kit/mock-franceconnect';
import { audit, renderHtml } from '@franceconnect-kit/audit';
import { startDemo } from '../demo/server.js';
import { chromiumArgs, chromiumPath } from './lib/chromium.mjs';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const DESKTOP = { width: 1024, height: 768 };
const MOBILE = { width: 375, height: 740 };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const state = mkdtempSync(join(tmpdir(), 'demoville-screenshots-'));
const port = await freePort();
const demoUrl = `http://localhost:${port}`;
const franceConnect = await startMockFranceConnect({ port: 0, clients: [demoClient(demoUrl)] });
const dataProvider = await startDataProvider({
  port: 0,
  issuer: franceConnect.issuer,
  client_id: DEMO_DATA_PROVIDER.client_id,
  client_secret: DEMO_DATA_PROVIDER.client_secret,
});
const demo: Server = await startDemo({
  port,
  franceconnectIssuer: franceConnect.issuer,
  dataProviderUrl: dataProvider.url,
  stateDir: state,
});
const browser: Browser = await chromium.launch({
  executablePath: chromiumPath(),
  headless: true,
  args: chromiumArgs(),
});

const written: string[] = [];

/** A new browser context in `theme` (the demo's switch, remembered in localStorage) at `viewport`. */
async function open(
  theme: 'light' | 'dark',
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, colorScheme: theme, locale: 'fr-FR' });
  await context.addInitScript((choice) => localStorage.setItem('demoville:theme', choice), theme);
  return { context, page: await context.newPage() };
}

async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  // The demo's elements render once their module has run; fonts settle before the picture.
  await page.waitForLoadState('load');
  if (page.url().startsWith(demoUrl)) {
    await page.waitForFunction(() => customElements.get('franceconnect-button') !== undefined);
  }
  await page.evaluate(() => document.fonts.ready);
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true, animations: 'disabled' });
  written.push(path);
}

/** Through the local FranceConnect's screens, as `login` (password 123), up to `until` on the demo. */
async function throughFranceConnect(
  page: Page,
  login: string,
  until: string,
  shootLogin?: string,
): Promise<void> {
  await page.locator('#identity-provider-form button').click();
  await page.locator('#login').fill(login);
  await page.locator('#password').fill('123');
  if (shootLogin) await shoot(page, shootLogin, { fullPage: false });
  await page.locator('#login-form button[type=submit]').click();
  await page.locator('#consent-form button').click();
  await page.waitForURL((url) => url.href.startsWith(`${demoUrl}${until}`));
}

async function clickFranceConnect(page: Page, name = 'S’identifier avec FranceConnect'): Promise<void> {
  await page.locator('franceconnect-button').getByRole('link', { name, exact: true }).click();
  await page.waitForURL((url) => url.origin === new URL(franceConnect.url).origin);
}

try {
  mkdirSync(OUT, { recursive: true });
  for (const theme of ['light', 'dark'] as const) {
    const { context, page } = await open(theme);
    if (theme === 'light') {
      await page.goto(demoUrl);
      await shoot(page, 'accueil-light');
    }
    await page.goto(`${demoUrl}/connexion`);
    await shoot(page, `connexion-${theme}`);
    await context.close();
  }

  {
    const { context, page } = await open('light');
    await page.goto(`${demoUrl}/inscription`);
    await shoot(page, 'inscription-light');

    // A first FranceConnect sign-in: the sign-up confirmation with the locked identity.
    await page.goto(`${demoUrl}/connexion`);
    await clickFranceConnect(page);
    await throughFranceConnect(page, 'test', '/finaliser-inscription', 'franceconnect-local-light');
    await page
      .locator('franceconnect-profile-form')
      .getByRole('button', { name: 'Créer mon compte' })
      .waitFor();
    await shoot(page, 'finaliser-inscription-light');
    await page
      .locator('franceconnect-profile-form')
      .getByRole('button', { name: 'Créer mon compte' })
      .click();
    await page.waitForURL(`${demoUrl}/`);
    await page.locator('franceconnect-user').getByText('Marie Anne DUPUIS').waitFor();

    await page.goto(`${demoUrl}/profil`);
    await page.locator('franceconnect-profile-form').getByRole('button', { name: 'Enregistrer' }).waitFor();
    await shoot(page, 'profil-light');

    // « Mes aides »: the family quotient retrieved with FranceConnect (consent only, within its session).
    await page.goto(`${demoUrl}/mes-aides`);
    await page.getByLabel('Prénom de l’enfant').fill('Léa');
    await clickFranceConnect(page, 'Récupérer ses données avec FranceConnect');
    await page.locator('#consent-form button').click();
    await page.waitForURL((url) => url.pathname === '/mes-aides');
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('#quotient')?.value === '812');
    await page.getByRole('button', { name: 'Calculer mon tarif' }).click();
    await shoot(page, 'mes-aides-light');
    await context.close();
  }

  {
    const { context, page } = await open('dark');
    await page.goto(`${demoUrl}/connexion`);
    await clickFranceConnect(page);
    await throughFranceConnect(page, 'nom_usage', '/finaliser-inscription');
    await page
      .locator('franceconnect-profile-form')
      .getByRole('button', { name: 'Créer mon compte' })
      .click();
    await page.waitForURL(`${demoUrl}/`);
    await page.goto(`${demoUrl}/profil`);
    await page.locator('franceconnect-profile-form').getByRole('button', { name: 'Enregistrer' }).waitFor();
    await shoot(page, 'profil-dark');
    await context.close();
  }

  {
    const { context, page } = await open('light');
    await page.goto(`${demoUrl}/connexion`);
    await clickFranceConnect(page);
    await page.locator('#abort button').click();
    await page.waitForURL((url) => url.pathname === '/connexion-annulee');
    await shoot(page, 'connexion-annulee-light');
    await context.close();
  }

  {
    const { context, page } = await open('light', MOBILE);
    await page.goto(`${demoUrl}/connexion`);
    await shoot(page, 'connexion-mobile-light');
    await context.close();
  }
  {
    // franceconnect-audit's report on the demo (docs/audit.md): its connexion section.
    const result = await audit({
      login: `${demoUrl}/connexion`,
      signup: `${demoUrl}/inscription`,
      clientId: demoClient(demoUrl).client_id,
      identity: { login: 'nom_usage' },
      browser,
    });
    const { context, page } = await open('light', { width: 1100, height: 1500 });
    await page.setContent(renderHtml(result));
    const top = await page.evaluate(
      () => (document.getElementById('g-connexion')?.getBoundingClientRect().top ?? 0) + window.scrollY,
    );
    const path = join(OUT, 'audit-report.png');
    await page.screenshot({ path, clip: { x: 0, y: top - 16, width: 1100, height: 1450 }, fullPage: true });
    written.push(path);
    await context.close();
  }
  console.log(written.map((path) => `wrote ${path}`).join('\n'));
} finally {
  await browser.close();
  await new Promise<void>((resolve) => {
    demo.close(() => resolve());
    demo.closeAllConnections();
  });
  await dataProvider.close();
  await franceConnect.close();
  rmSync(state, { recursive: true, force: true });
}
