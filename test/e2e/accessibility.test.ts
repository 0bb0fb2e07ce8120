import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadIdentities } from '@franceconnect-kit/mock-franceconnect';
import { E2E_CONCURRENCY, inTurns, launchChromium } from '../helpers/browser.js';
import {
  axeViolations,
  elementsReady,
  franceConnectLink,
  signInOverHttp,
  startKit,
  type Kit,
} from '../helpers/demo.js';
import { FranceConnectUser } from '../helpers/franceconnect-user.js';

// Every page of the demo, in every state a person meets (signed out, a sign-up to confirm, with or
// without a local account declaring the identity, signed in, errors shown), in the light theme and in
// the dark theme on a 320 px screen: axe finds nothing, the page is in French with one h1, landmarks
// and a skip link, nothing overflows sideways, and the Content-Security-Policy of pageSecurityHeaders
// blocks nothing the page needs; the keyboard and the theme switch work.

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

/** Records what the page's Content-Security-Policy blocks, before any of its scripts runs. */
function watchCsp(): void {
  const blocked: string[] = [];
  (window as unknown as { cspBlocked: string[] }).cspBlocked = blocked;
  document.addEventListener('securitypolicyviolation', (event) => {
    blocked.push(`${event.effectiveDirective} ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
  });
}

// The tests run one after the other: each drives its pages side by side, as many as E2E_CONCURRENCY.
describe('the demo’s accessibility', () => {
  let kit: Kit;
  let browser: Browser;

  before(async () => {
    [kit, browser] = await Promise.all([startKit(), launchChromium()]);
  });

  after(async () => {
    await browser?.close();
    await kit?.stop();
  });

  /** A local account that declared the identity of `login`, so that its sign-up page points it out. */
  async function declareIdentityOf(login: string): Promise<void> {
    const person = loadIdentities().find((candidate) => candidate.login === login);
    if (!person) throw new Error(`no test identity ${login}`);
    const visitor = new FranceConnectUser({ franceConnectUrl: kit.franceconnect });
    const token = await visitor.fetch(`${kit.demo}/api/csrf`, { headers: { accept: 'application/json' } });
    const { csrfToken } = (await token.json()) as { csrfToken: string };
    const created = await visitor.fetch(`${kit.demo}/auth/local/signup`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-csrf-token': csrfToken,
        origin: kit.demo,
        'sec-fetch-site': 'same-origin',
      },
      body: JSON.stringify({
        email: `${login}.local@example.fr`,
        password: 'correct horse battery staple',
        given_name: person.given_name_array.join(' '),
        family_name: person.family_name,
        birthdate: person.birthdate,
        gender: person.gender,
        birthplace: person.birthcountry === '99100' ? person.birthplace : '',
        birthcountry: person.birthcountry,
      }),
    });
    assert.equal(created.status, 201, await created.text());
  }

  /**
   * A page per state, in `theme`: `light` is chosen with the site's switch (remembered in this
   * browser), `dark` comes from the system's preference with no choice made. Signing in happens over
   * HTTP (the sign-in itself is the journeys' subject): the pages under test get the cores.
   */
  async function pages(
    theme: 'light' | 'dark',
    width: number,
    login: { pending: string; account: string; declared: boolean },
  ): Promise<Record<State, Page>> {
    const open = async () => {
      const context = await browser.newContext({ colorScheme: theme, viewport: { width, height: 800 } });
      await context.addInitScript(watchCsp);
      if (theme === 'light') {
        await context.addInitScript(() => localStorage.setItem('demoville:theme', 'light'));
      }
      return context.newPage();
    };
    const [signedOut, pending, signedIn] = await Promise.all([open(), open(), open()]);
    if (login.declared) await declareIdentityOf(login.pending);
    await signInOverHttp(pending.context(), kit, login.pending, { account: false });
    await signInOverHttp(signedIn.context(), kit, login.account);
    return { 'signed-out': signedOut, pending, 'signed-in': signedIn };
  }

  async function visit(page: Page, { path, then }: Visit): Promise<void> {
    await page.goto(`${kit.demo}${path}`);
    await elementsReady(page);
    await then?.(page);
  }

  /** Runs `check` on every visit, a state's visits in turn, the states side by side as the machine allows. */
  async function eachVisit(byState: Record<State, Page>, check: (page: Page, item: Visit) => Promise<void>) {
    await inTurns(Object.keys(byState) as State[], E2E_CONCURRENCY, async (state) => {
      for (const item of VISITS.filter((visit) => visit.state === state)) {
        await visit(byState[state], item);
        await check(byState[state], item);
      }
    });
  }

  const what = ({ path, state, then }: Visit) => `${path} (${state}${then ? ', after an action' : ''})`;

  /** The landmarks, language and heading of a page, its axe violations, and what its CSP blocked. */
  async function problemsOf(page: Page, item: Visit, theme: 'light' | 'dark'): Promise<string[]> {
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
    const blocked = await page.evaluate(
      () => (window as unknown as { cspBlocked?: string[] }).cspBlocked ?? [],
    );
    return [
      ...(await axeViolations(page)).map((violation) => `${what(item)}: ${violation}`),
      ...blocked.map((directive) => `${what(item)}: the Content-Security-Policy blocked ${directive}`),
    ];
  }

  it('light theme: axe finds no violation on any page, in any state; French, one h1, landmarks; nothing blocked by the CSP', async () => {
    const byState = await pages('light', 1200, { pending: 'test', account: 'nom_usage', declared: true });
    await byState.pending.goto(`${kit.demo}/finaliser-inscription`);
    await byState.pending.getByText('Un compte à votre identité existe déjà sur ce site').waitFor();
    const problems: string[] = [];
    await eachVisit(byState, async (page, item) => {
      problems.push(...(await problemsOf(page, item, 'light')));
    });
    assert.deepEqual(problems, []);
  });

  it('dark theme on a 320 px screen: the same, and nothing overflows sideways, the FranceConnect button keeps its size', async () => {
    const byState = await pages('dark', 320, {
      pending: 'nom_compose',
      account: 'ne_a_l_etranger',
      declared: false,
    });
    const problems: string[] = [];
    await eachVisit(byState, async (page, item) => {
      problems.push(...(await problemsOf(page, item, 'dark')));
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 320) problems.push(`${what(item)}: ${width} px wide`);
      for (const button of await page.locator('franceconnect-button a.button').all()) {
        const box = await button.boundingBox();
        if (box && box.width < 209)
          problems.push(`${what(item)}: a FranceConnect button ${box.width} px wide`);
      }
    });
    assert.deepEqual(problems, []);
  });

  it('the keyboard: the skip link comes first and leads to the content; the focus is visible', async () => {
    const page = await browser.newPage();
    await page.goto(`${kit.demo}/connexion`);
    await elementsReady(page);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Aller au contenu' });
    assert.equal(await skip.evaluate((link) => link === document.activeElement), true);
    // It slides in (a 0.1 s transition unless motion is reduced): wait for it to be in view, within bounds.
    await page
      .waitForFunction(
        () => {
          const link = document.querySelector('.skip-link');
          return link !== null && link === document.activeElement && link.getBoundingClientRect().top >= 0;
        },
        undefined,
        { timeout: 10_000 },
      )
      .catch(() => assert.fail('the skip link is not shown when focused'));
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
