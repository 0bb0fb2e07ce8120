import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import {
  axeViolations,
  elementsReady,
  franceConnectLink,
  signInWithFranceConnect,
  signUpWithFranceConnect,
  startKit,
  type Kit,
} from '../helpers/demo.js';

// Every page of the demo, in every state a person meets (signed out, a sign-up to confirm, signed in,
// errors shown), in the light and the dark theme and on a 320 px screen: axe finds nothing, the page
// is in French with one h1, landmarks and a skip link, nothing overflows sideways; the keyboard and
// the theme switch work.

type State = 'signed-out' | 'pending' | 'signed-in';

interface Visit {
  path: string;
  state: State;
  /** What to do once the page is loaded (show an error, open a step…). */
  then?: (page: Page) => Promise<void>;
}

const VISITS: Visit[] = [
  { path: '/', state: 'signed-out' },
  { path: '/?notice=login-interrupted', state: 'signed-out' },
  { path: '/connexion', state: 'signed-out' },
  {
    path: '/connexion',
    state: 'signed-out',
    then: async (page) => {
      await page.getByRole('textbox', { name: 'Adresse électronique' }).fill('personne@example.fr');
      await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
      await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
      await page.getByRole('alert').getByText('Adresse électronique ou mot de passe incorrect.').waitFor();
    },
  },
  { path: '/inscription', state: 'signed-out' },
  {
    path: '/inscription',
    state: 'signed-out',
    then: async (page) => {
      await page.getByRole('textbox', { name: 'Adresse électronique' }).fill('pas-une-adresse');
      await page.getByLabel('Prénom(s)').fill('Léa');
      await page.getByRole('button', { name: 'Créer mon compte' }).click();
      await page.locator('.field__error').first().waitFor();
    },
  },
  { path: '/finaliser-inscription', state: 'signed-out' },
  { path: '/profil', state: 'signed-out' },
  { path: '/mes-aides', state: 'signed-out' },
  { path: '/tarif-etudiant', state: 'signed-out' },
  { path: '/accueil-loisirs', state: 'signed-out' },
  { path: '/connexion-annulee?reason=cancelled', state: 'signed-out' },
  { path: '/erreur?reason=franceconnect_error', state: 'signed-out' },
  { path: '/indisponible?reason=franceconnect_unavailable', state: 'signed-out' },
  { path: '/indisponible?reason=service_unavailable', state: 'signed-out' },
  { path: '/nulle-part', state: 'signed-out' },
  { path: '/', state: 'pending' },
  { path: '/finaliser-inscription', state: 'pending' },
  { path: '/profil', state: 'pending' },
  { path: '/', state: 'signed-in' },
  { path: '/mes-aides', state: 'signed-in' },
  { path: '/tarif-etudiant', state: 'signed-in' },
  { path: '/accueil-loisirs', state: 'signed-in' },
  { path: '/profil', state: 'signed-in' },
  { path: '/verification?requirement=second-factor&returnTo=/coordonnees-bancaires', state: 'signed-in' },
  { path: '/verification?requirement=recent-authentication&returnTo=/profil', state: 'signed-in' },
  {
    path: '/profil',
    state: 'signed-in',
    then: async (page) => {
      await page.getByRole('button', { name: 'Supprimer mon compte' }).click();
      await page.getByRole('button', { name: 'Oui, supprimer définitivement mon compte' }).waitFor();
    },
  },
];

const NAV_PAGES: Record<string, string> = {
  '/': 'Accueil',
  '/mes-aides': 'Mes aides',
  '/tarif-etudiant': 'Tarif étudiant',
  '/accueil-loisirs': 'Accueil de loisirs',
  '/profil': 'Mon profil',
  '/coordonnees-bancaires': 'Mes coordonnées bancaires',
};

describe('the demo’s accessibility', { concurrency: true }, () => {
  let kit: Kit;
  let browser: Browser;

  before(async () => {
    [kit, browser] = await Promise.all([startKit(), launchChromium()]);
  });

  after(async () => {
    await browser?.close();
    await kit?.stop();
  });

  /**
   * A page per state, in `theme`: `light` is chosen with the site's switch (remembered in this
   * browser), `dark` comes from the system's preference with no choice made.
   */
  async function pages(
    theme: 'light' | 'dark',
    width: number,
    login: { pending: string; account: string },
  ): Promise<Record<State, Page>> {
    const open = async () => {
      const context = await browser.newContext({ colorScheme: theme, viewport: { width, height: 800 } });
      if (theme === 'light') {
        await context.addInitScript(() => localStorage.setItem('demoville:theme', 'light'));
      }
      return context.newPage();
    };
    const [signedOut, pending, signedIn] = await Promise.all([open(), open(), open()]);
    await Promise.all([
      signInWithFranceConnect(pending, kit, login.pending),
      signUpWithFranceConnect(signedIn, kit, login.account),
    ]);
    return { 'signed-out': signedOut, pending, 'signed-in': signedIn };
  }

  async function visit(page: Page, { path, then }: Visit): Promise<void> {
    await page.goto(`${kit.demo}${path}`);
    await elementsReady(page);
    await then?.(page);
  }

  /** Runs `check` on every visit, the states side by side (one page each), the visits of a state in turn. */
  async function eachVisit(byState: Record<State, Page>, check: (page: Page, item: Visit) => Promise<void>) {
    await Promise.all(
      (Object.keys(byState) as State[]).map(async (state) => {
        for (const item of VISITS.filter((visit) => visit.state === state)) {
          await visit(byState[state], item);
          await check(byState[state], item);
        }
      }),
    );
  }

  const what = ({ path, state, then }: Visit) => `${path} (${state}${then ? ', after an action' : ''})`;

  for (const [theme, logins] of [
    ['light', { pending: 'test', account: 'nom_usage' }],
    ['dark', { pending: 'nom_compose', account: 'ne_a_l_etranger' }],
  ] as const) {
    it(`axe finds no violation on any page, in any state, in the ${theme} theme; French, one h1, landmarks`, async () => {
      const byState = await pages(theme, 1200, logins);
      const problems: string[] = [];
      await eachVisit(byState, async (page, item) => {
        const expectedTheme = theme === 'light' ? 'light' : null;
        assert.equal(await page.locator('html').getAttribute('data-fr-theme'), expectedTheme);
        assert.equal(await page.locator('html').getAttribute('lang'), 'fr', what(item));
        assert.equal(await page.locator('h1').count(), 1, `${what(item)}: one h1`);
        assert.equal(await page.getByRole('main').count(), 1, what(item));
        assert.equal(await page.getByRole('banner').count(), 1, what(item));
        assert.equal(await page.getByRole('contentinfo').count(), 1, what(item));
        assert.equal(await page.getByRole('navigation', { name: 'Menu principal' }).count(), 1, what(item));
        const current = await page
          .getByRole('navigation', { name: 'Menu principal' })
          .locator('[aria-current="page"]')
          .allTextContents();
        const path = new URL(page.url()).pathname;
        assert.deepEqual(current, NAV_PAGES[path] ? [NAV_PAGES[path]] : [], `${what(item)}: aria-current`);
        problems.push(...(await axeViolations(page)).map((violation) => `${what(item)}: ${violation}`));
      });
      assert.deepEqual(problems, []);
    });
  }

  it('nothing overflows sideways on a 320 px screen, and the FranceConnect button keeps its size', async () => {
    const byState = await pages('light', 320, { pending: 'date_presumee', account: 'date_presumee_jour' });
    const overflowing: string[] = [];
    await eachVisit(byState, async (page, item) => {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 320) overflowing.push(`${what(item)}: ${width} px wide`);
      for (const button of await page.locator('franceconnect-button a.button').all()) {
        const box = await button.boundingBox();
        if (box && box.width < 209)
          overflowing.push(`${what(item)}: a FranceConnect button ${box.width} px wide`);
      }
    });
    assert.deepEqual(overflowing, []);
  });

  it('the keyboard: the skip link comes first and leads to the content; the focus is visible', async () => {
    const page = await browser.newPage();
    await page.goto(`${kit.demo}/connexion`);
    await elementsReady(page);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Aller au contenu' });
    assert.equal(await skip.evaluate((link) => link === document.activeElement), true);
    const box = await skip.boundingBox();
    assert.ok(box && box.y >= 0, 'shown when focused');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'contenu');
    // The next stops are the section's: the sentence is text, FranceConnect comes first, with a visible focus.
    await page.keyboard.press('Tab');
    const focused = page.locator('franceconnect-login franceconnect-button a.button');
    assert.equal(
      await focused.evaluate((link) => (link.getRootNode() as ShadowRoot).activeElement === link),
      true,
      'FranceConnect is the first stop of the content',
    );
    assert.notEqual(await focused.evaluate((link) => getComputedStyle(link).outlineStyle), 'none');
    await page.close();
  });

  it('the theme switch: the system’s theme by default; a choice sets data-fr-theme, the elements follow at once, it is remembered', async () => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(`${kit.demo}/connexion`);
    await elementsReady(page);
    const button = page.locator('franceconnect-login franceconnect-button a.button');
    const background = () => button.evaluate((link) => getComputedStyle(link).backgroundColor);
    const pageBackground = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const theme = page.getByLabel('Thème');
    assert.equal(await theme.inputValue(), 'system');
    assert.equal(await page.locator('html').getAttribute('data-fr-theme'), null);
    assert.deepEqual([await background(), await pageBackground()], ['rgb(133, 133, 246)', 'rgb(22, 22, 22)']);

    await theme.selectOption('light');
    assert.equal(await page.locator('html').getAttribute('data-fr-theme'), 'light');
    assert.deepEqual([await background(), await pageBackground()], ['rgb(0, 0, 145)', 'rgb(255, 255, 255)']);
    await page.goto(`${kit.demo}/inscription`);
    assert.equal(await page.locator('html').getAttribute('data-fr-theme'), 'light', 'remembered');
    assert.equal(await page.getByLabel('Thème').inputValue(), 'light');
    await page.getByLabel('Thème').selectOption('system');
    assert.equal(await page.locator('html').getAttribute('data-fr-theme'), null);
    assert.equal(
      await franceConnectLink(page).evaluate((link) => getComputedStyle(link).backgroundColor),
      'rgb(133, 133, 246)',
    );
    await context.close();
  });
});
