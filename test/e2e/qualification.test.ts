import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import { demoClient } from '@franceconnect-kit/mock-franceconnect';
import { E2E_CONCURRENCY, launchChromium } from '../helpers/browser.js';
import {
  franceConnectLink,
  lockedIdentity,
  me,
  profileForm,
  signInAtFranceConnect,
  signInAtFranceConnectPlus,
  signInOverHttp,
  signInWithFranceConnect,
  signUpWithFranceConnect,
  startedAuthorization,
  startKit,
  userBadge,
  type Kit,
} from '../helpers/demo.js';

// The FranceConnect qualification checklist (points 1-22, numbered as in the qualification deck)
// asserted on the demo's pages, in Chromium, against the servers `npm start` runs: what a reviewer
// checks by hand. Points 8-12 are whole journeys: see journeys.test.ts. Point 18 (TLS) is not seen by
// a browser: test/bff/tls.test.ts.

const SENTENCE =
  'FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services en ligne.';
const PIVOT_SCOPES = [
  'openid',
  'given_name',
  'family_name',
  'birthdate',
  'gender',
  'birthplace',
  'birthcountry',
];

type Box = { x: number; y: number; width: number; height: number };

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  assert.ok(box, `${String(locator)} is not displayed`);
  return box;
}

/** The parts of the FranceConnect section (`<franceconnect-login>`) of the page, through its shadow root. */
function section(page: Page) {
  const login = page.locator('franceconnect-login');
  return {
    login,
    sentence: login.locator('p.sentence'),
    button: login.locator('franceconnect-button a.button'),
    help: login.locator('franceconnect-button p.help a'),
    separator: login.locator('p.separator'),
    /** The site's own methods, slotted below « ou ». */
    ownForm: login.locator('form').first(),
  };
}

const background = (locator: Locator) =>
  locator.evaluate((element) => getComputedStyle(element).backgroundColor);
const colour = (locator: Locator) => locator.evaluate((element) => getComputedStyle(element).color);

/** WCAG contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map((value) => {
      const channel = Number(value) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The FranceConnect request the page sends when `click` happens (authorize or session end). */
async function requestTo(page: Page, kit: Kit, path: string, click: () => Promise<void>): Promise<URL> {
  const [request] = await Promise.all([
    page.waitForRequest((candidate: Request) => candidate.url().startsWith(`${kit.franceconnect}${path}`)),
    click(),
  ]);
  return new URL(request.url());
}

describe('the FranceConnect qualification checklist on the demo', { concurrency: E2E_CONCURRENCY }, () => {
  let kit: Kit;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [kit, browser] = await Promise.all([startKit(), launchChromium()]);
  });

  after(async () => {
    await browser?.close();
    await kit?.stop();
  });

  async function newPage(options: { theme?: 'light' | 'dark'; width?: number } = {}): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1200, height: 800 },
      colorScheme: options.theme ?? 'light',
    });
    contexts.push(context);
    return context.newPage();
  }

  it('qualification #1: the sentence above the button in the Connexion section, the button 209 × 56 in the official colours', async () => {
    const page = await newPage();
    await page.goto(`${kit.demo}/connexion`);
    const { login, sentence, button } = section(page);
    assert.equal(await login.getByRole('heading', { level: 2 }).textContent(), 'Se connecter');
    assert.equal(await sentence.textContent(), SENTENCE);
    const [sentenceBox, buttonBox] = [await boxOf(sentence), await boxOf(button)];
    assert.ok(sentenceBox.y + sentenceBox.height <= buttonBox.y, 'the sentence is above the button');
    assert.deepEqual([buttonBox.width, buttonBox.height], [209, 56]);
    assert.equal(await background(button), 'rgb(0, 0, 145)');
    assert.equal(await colour(button), 'rgb(245, 245, 254)');
    assert.equal(
      await button.getAttribute('href'),
      '/auth/login',
      'the button signs in through the demo’s BFF',
    );
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`qualification #1b: hovering the button changes its colour, with enough contrast, in the ${theme} theme`, async () => {
      const page = await newPage({ theme: theme === 'light' ? 'dark' : 'light' });
      await page.goto(`${kit.demo}/connexion`);
      // The site's theme switch, against the system's preference: the button follows the page.
      await page.getByLabel('Thème').selectOption(theme);
      assert.equal(await page.locator('html').getAttribute('data-fr-theme'), theme);
      const { button } = section(page);
      const expected =
        theme === 'light'
          ? { idle: 'rgb(0, 0, 145)', hover: 'rgb(18, 18, 255)', text: 'rgb(245, 245, 254)' }
          : { idle: 'rgb(133, 133, 246)', hover: 'rgb(177, 177, 249)', text: 'rgb(0, 0, 145)' };
      assert.equal(await background(button), expected.idle);
      await button.hover();
      assert.equal(await background(button), expected.hover);
      assert.equal(await colour(button), expected.text);
      assert.ok(contrast(expected.hover, await colour(button)) >= 4.5, 'the label stays readable on hover');
    });
  }

  it('qualification #2: help link 8 px under the button, to franceconnect.gouv.fr, in a new window, titled', async () => {
    const page = await newPage();
    await page.goto(`${kit.demo}/connexion`);
    const { button, help } = section(page);
    assert.equal(await help.textContent(), 'Qu’est-ce que FranceConnect ?');
    assert.equal(await help.getAttribute('href'), 'https://franceconnect.gouv.fr/');
    assert.equal(await help.getAttribute('target'), '_blank');
    assert.match((await help.getAttribute('rel')) ?? '', /\bnoopener\b/);
    assert.equal(await help.getAttribute('title'), 'Qu’est-ce que FranceConnect ? - nouvelle fenêtre');
    const paragraph = page.locator('franceconnect-login franceconnect-button p.help');
    assert.equal((await boxOf(paragraph)).y - ((await boxOf(button)).y + 56), 8);
    assert.equal(
      await help.evaluate((link) => getComputedStyle(link).textDecorationLine),
      'underline',
      'it looks like a link',
    );
    // The page's own CSS does not recolour the button (qualification #2: never change its colour): a
    // stylesheet of the site, since the pages' Content-Security-Policy refuses inline styles.
    const recolour = `${kit.demo}/recolour.css`;
    await page.route(recolour, (route) =>
      route.fulfill({
        contentType: 'text/css',
        body: 'a, .button, franceconnect-button { background: red !important; color: red !important; }',
      }),
    );
    await page.addStyleTag({ url: recolour });
    const ownLink = page.getByRole('link', { name: 'Aller au contenu' });
    assert.equal(
      await ownLink.evaluate((link) => getComputedStyle(link).color),
      'rgb(255, 0, 0)',
      'the stylesheet applies to the page’s own links',
    );
    assert.equal(await background(button), 'rgb(0, 0, 145)');
  });

  it('qualification #3, #4: the same sentence, button and help link in the Inscription section', async () => {
    const page = await newPage();
    await page.goto(`${kit.demo}/inscription`);
    const { login, sentence, button, help } = section(page);
    assert.equal(await login.getAttribute('mode'), 'signup');
    assert.equal(await login.getByRole('heading', { level: 2 }).textContent(), 'Créer un compte');
    assert.equal(await sentence.textContent(), SENTENCE);
    assert.ok((await boxOf(sentence)).y + (await boxOf(sentence)).height <= (await boxOf(button)).y);
    assert.equal(
      await login
        .getByRole('link', { name: 'S’identifier avec FranceConnect', exact: true })
        .getAttribute('href'),
      '/auth/login',
    );
    assert.deepEqual([(await boxOf(button)).width, (await boxOf(button)).height], [209, 56]);
    assert.equal(await help.getAttribute('href'), 'https://franceconnect.gouv.fr/');
    assert.equal(await help.getAttribute('title'), 'Qu’est-ce que FranceConnect ? - nouvelle fenêtre');
  });

  it('qualification #5: FranceConnect is the first sign-in method, above the site’s own forms', async () => {
    const page = await newPage();
    for (const path of ['/connexion', '/inscription']) {
      await page.goto(`${kit.demo}${path}`);
      const { button } = section(page);
      const fc = await boxOf(button);
      // The site's own methods: the forms, links and buttons among the section's (light-DOM) children.
      const methods = await page.locator('franceconnect-login').evaluate((login) =>
        Array.from(login.children)
          .flatMap((child) => [child, ...Array.from(child.querySelectorAll('*'))])
          .filter((element) => element.matches('form, a, button, input'))
          .map((element) => ({
            what: element.outerHTML.slice(0, 60),
            top: element.getBoundingClientRect().top,
          })),
      );
      assert.ok(methods.length >= 4, `${path}: the site’s own methods are there`);
      for (const method of methods) {
        assert.ok(method.top > fc.y + fc.height, `${path}: ${method.what} is below FranceConnect`);
      }
      // Nothing of the page's main content offers to sign in before it either.
      const before = await page
        .locator('main form, main input')
        .evaluateAll(
          (elements, fcTop) =>
            elements.filter((element) => element.getBoundingClientRect().top < fcTop).length,
          fc.y,
        );
      assert.equal(before, 0, path);
    }
  });

  it('qualification #6: « ou » on a line separates FranceConnect from the other methods', async () => {
    const page = await newPage();
    for (const path of ['/connexion', '/inscription']) {
      await page.goto(`${kit.demo}${path}`);
      const { separator, button, help, ownForm } = section(page);
      assert.equal(await separator.textContent(), 'ou');
      const line = await separator.evaluate(
        (element) => getComputedStyle(element, '::before').borderTopStyle,
      );
      assert.equal(line, 'solid', `${path}: a line`);
      const [sep, fc, link, form] = await Promise.all([separator, button, help, ownForm].map(boxOf));
      assert.ok(sep && fc && link && form);
      assert.ok(sep.y > link.y + link.height && sep.y + sep.height < form.y, `${path}: between them`);
      assert.ok(sep.width > fc.width, `${path}: a line across the section`);
    }
  });

  it('qualification #7: no social-network sign-in button on the sign-in and sign-up pages', async () => {
    const page = await newPage();
    for (const path of ['/connexion', '/inscription']) {
      await page.goto(`${kit.demo}${path}`);
      await section(page).button.waitFor();
      const names = await page
        .locator('a, button, [role="button"], input[type="submit"], input[type="image"]')
        .evaluateAll((elements) =>
          elements.map(
            (element) => `${element.textContent ?? ''} ${element.getAttribute('aria-label') ?? ''}`,
          ),
        );
      const social = names.filter((name) =>
        /google|facebook|apple|microsoft|linkedin|github|twitter|\bX\b|amazon|yahoo/i.test(name),
      );
      assert.deepEqual(social, [], path);
      assert.ok(names.length > 5, `${path}: the page's links and buttons were read`);
    }
  });

  it('qualification #13: no pop-up and no frame: one tab all along, no iframe, pages refuse to be framed', async () => {
    const page = await newPage();
    let popups = 0;
    page.context().on('page', () => popups++);
    const pages = [
      '/',
      '/connexion',
      '/inscription',
      '/finaliser-inscription',
      '/profil',
      '/mes-aides',
      '/tarif-etudiant',
      '/accueil-loisirs',
      '/connexion-annulee',
      '/erreur',
      '/indisponible',
    ];
    for (const path of pages) {
      const response = await page.goto(`${kit.demo}${path}`);
      const headers = response?.headers() ?? {};
      assert.match(headers['content-security-policy'] ?? '', /frame-ancestors 'none'/, path);
      assert.equal(headers['x-frame-options'], 'DENY', path);
      assert.equal(await page.locator('iframe, frame, object, embed').count(), 0, path);
    }
    // The buttons navigate this tab: a link without target, for sign-in and for data retrieval.
    await page.goto(`${kit.demo}/connexion`);
    assert.equal(await section(page).button.getAttribute('target'), null);
    await page.goto(`${kit.demo}/mes-aides`);
    const data = page.locator('franceconnect-button[variant="data"] a.button');
    assert.equal(await data.getAttribute('target'), null);
    await signUpWithFranceConnect(page, kit, 'date_presumee');
    assert.equal(popups, 0, 'no window was opened');
    assert.equal(page.context().pages().length, 1);

    // Another site framing the demo gets nothing. setContent waits for the framing page's load
    // event, which waits for its frame: the demo's answer is in, and refused.
    const framing = await newPage();
    const answered = framing.waitForResponse(`${kit.demo}/connexion`);
    await framing.setContent(`<iframe src="${kit.demo}/connexion" title="demo"></iframe>`);
    assert.match((await answered).headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    const frame = framing.frames().find((candidate) => candidate !== framing.mainFrame());
    assert.ok(frame);
    assert.equal(await frame.locator('franceconnect-login').count(), 0, 'the framed page is not shown');
  });

  it('qualification #14: once signed in, every page shows who is signed in, with « Mon profil » and « Se déconnecter »', async () => {
    const page = await newPage();
    await page.goto(kit.demo);
    await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).waitFor();
    assert.equal(await userBadge(page).count(), 0, 'no badge when signed out');
    // Signed up through FranceConnect over HTTP: the subject is what every page shows afterwards.
    await signInOverHttp(page.context(), kit, 'nom_long');
    const name = "Charlotte DE LA TOUR D'AUVERGNE-LAURAGAIS DE SAINT-GERMAIN-DES-PRÉS";
    for (const path of [
      '/',
      '/mes-aides',
      '/tarif-etudiant',
      '/accueil-loisirs',
      '/profil',
      '/connexion',
      '/inscription',
    ]) {
      await page.goto(`${kit.demo}${path}`);
      const badge = userBadge(page);
      await badge.getByText(name, { exact: true }).waitFor();
      assert.equal(await badge.getByRole('group').getAttribute('aria-label'), `Compte de ${name}`);
      assert.equal(await badge.getByRole('link', { name: 'Mon profil' }).getAttribute('href'), '/profil');
      assert.ok(await badge.getByRole('button', { name: 'Se déconnecter' }).isVisible(), path);
      assert.equal(await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).count(), 0);
    }
  });

  it('qualification #15: the pivot identity is read-only on the sign-up page and the profile, and the BFF refuses to change it', async () => {
    const page = await newPage();
    await signInWithFranceConnect(page, kit, 'ne_a_l_etranger');
    assert.equal(new URL(page.url()).pathname, '/finaliser-inscription');
    const expected = {
      'Prénom(s)': 'Karim',
      'Nom de naissance': 'BENALI',
      'Date de naissance': '17 février 1971',
      Sexe: 'Masculin',
      'Pays de naissance': 'Algérie',
    };
    for (const step of ['sign-up', 'profile']) {
      const form = profileForm(page);
      assert.deepEqual(await lockedIdentity(page), expected, step);
      assert.equal(
        await form
          .getByText('Ces informations sont fournies par FranceConnect et ne peuvent pas être modifiées.')
          .count(),
        1,
        step,
      );
      const fields = await form
        .locator('input, select, textarea')
        .evaluateAll((inputs) => inputs.map((input) => input.getAttribute('name')));
      assert.deepEqual(fields, ['preferred_username', 'email'], `${step}: only these can be typed in`);
      if (step === 'sign-up') {
        await form.getByRole('button', { name: 'Créer mon compte' }).click();
        await page.waitForURL(`${kit.demo}/`);
        await page.goto(`${kit.demo}/profil`);
      }
    }
    // Changing it anyway, with the session's CSRF token: refused, naming the field, nothing changed.
    const refused = await page.evaluate(async () => {
      const { csrfToken } = (await (await fetch('/api/me')).json()) as { csrfToken: string };
      const response = await fetch('/api/profile', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: JSON.stringify({ family_name: 'DURAND', birthcountry: '99100' }),
      });
      return { status: response.status, body: (await response.json()) as { fields: Record<string, string> } };
    });
    assert.equal(refused.status, 400);
    assert.deepEqual(Object.keys(refused.body.fields).sort(), ['birthcountry', 'family_name']);
    await page.reload();
    assert.deepEqual(await lockedIdentity(page), expected);
  });

  it('qualification #16: the nom d’usage and the email are editable, checked and saved', async () => {
    const page = await newPage();
    await signInOverHttp(page.context(), kit, 'genre_non_specifie');
    await page.goto(`${kit.demo}/profil`);
    const form = profileForm(page);
    const email = form.getByLabel('Adresse électronique');
    await email.fill('pas-une-adresse');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await form.getByText('Saisissez une adresse électronique valide, par exemple nom@domaine.fr.').waitFor();
    assert.equal(await email.getAttribute('aria-invalid'), 'true');

    await form.getByLabel('Nom d’usage').fill('PETIT-MARTIN');
    await email.fill('alex.petit-martin@example.fr');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await form.getByRole('status').getByText('Vos modifications sont enregistrées.').waitFor();
    await userBadge(page).getByText('Alex PETIT-MARTIN', { exact: true }).waitFor();
    await page.reload();
    assert.equal(await form.getByLabel('Nom d’usage').inputValue(), 'PETIT-MARTIN');
    assert.equal(await email.inputValue(), 'alex.petit-martin@example.fr');
  });

  it('qualification #17, #19: the authorize URL asks for the pivot identity and eidas1, for signing in and for data', async () => {
    const page = await newPage();
    await page.goto(`${kit.demo}/connexion`);
    const signIn = await requestTo(page, kit, '/api/v2/authorize', () => section(page).button.click());
    const scopes = (signIn.searchParams.get('scope') ?? '').split(' ');
    for (const scope of [...PIVOT_SCOPES, 'email', 'preferred_username']) {
      assert.ok(scopes.includes(scope), `#17: scope ${scope} in ${scopes.join(' ')}`);
    }
    assert.equal(signIn.searchParams.get('acr_values'), 'eidas1', '#19');

    await page.goto(`${kit.demo}/mes-aides`);
    const data = await requestTo(page, kit, '/api/v2/authorize', () =>
      franceConnectLink(page, 'Récupérer ses données avec FranceConnect').click(),
    );
    const dataScopes = (data.searchParams.get('scope') ?? '').split(' ');
    for (const scope of [...PIVOT_SCOPES, 'cnaf_quotient_familial'])
      assert.ok(dataScopes.includes(scope), scope);
    assert.equal(data.searchParams.get('acr_values'), 'eidas1', '#19, data');
  });

  it('qualification #20: state and nonce are long random letters and digits, new at each attempt; a tampered nonce signs nobody in', async () => {
    const page = await newPage();
    const first = await startedAuthorization(page, kit);
    const second = await startedAuthorization(page, kit);
    for (const name of ['state', 'nonce']) {
      const [a, b] = [first.searchParams.get(name) ?? '', second.searchParams.get(name) ?? ''];
      assert.match(a, /^[A-Za-z0-9]{32,}$/, name);
      assert.match(b, /^[A-Za-z0-9]{32,}$/, name);
      assert.notEqual(a, b, `${name}: a new one at each attempt`);
    }
    assert.notEqual(first.searchParams.get('state'), first.searchParams.get('nonce'));

    // The nonce FranceConnect puts in the ID token is not the one this browser's attempt holds.
    const nonce = second.searchParams.get('nonce') ?? '';
    second.searchParams.set('nonce', `${nonce.slice(0, -1)}${nonce.endsWith('A') ? 'B' : 'A'}`);
    await page.goto(second.href);
    await signInAtFranceConnect(page, kit, 'date_presumee_jour');
    await page.waitForURL(`${kit.demo}/`);
    await page
      .getByRole('alert')
      .getByText('Votre connexion avec FranceConnect n’a pas pu être vérifiée')
      .waitFor();
    assert.equal((await me(page)).status, 204, 'not signed in');
    // Back home through FranceConnect's logout (the recommended reaction): its session is over too.
    await page.goto(`${kit.demo}/connexion`);
    await section(page).button.click();
    await page.locator('#identity-provider-form button').click();
    assert.ok(await page.locator('#password').isVisible(), 'FranceConnect asks for the password again');
  });

  it('qualification #21: one client id, the partner space’s, in the authorize and the logout URLs', async () => {
    const page = await newPage();
    const registered = demoClient(kit.demo).client_id;
    await page.goto(`${kit.demo}/connexion`);
    const authorize = await requestTo(page, kit, '/api/v2/authorize', () => section(page).button.click());
    assert.equal(authorize.searchParams.get('client_id'), registered);
    assert.equal(authorize.searchParams.get('redirect_uri'), `${kit.demo}/auth/callback`);
    await signInAtFranceConnect(page, kit, 'caracteres_speciaux');
    await profileForm(page).getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL(`${kit.demo}/`);

    const logout = await requestTo(page, kit, '/api/v2/session/end', () =>
      userBadge(page).getByRole('button', { name: 'Se déconnecter' }).click(),
    );
    // The logout names the client through the ID token it was given: its audience.
    const [, payload = ''] = (logout.searchParams.get('id_token_hint') ?? '').split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { aud: string | string[] };
    assert.deepEqual([claims.aud].flat(), [registered]);
    assert.equal(logout.searchParams.get('post_logout_redirect_uri'), `${kit.demo}/auth/logout/callback`);
    assert.match(logout.searchParams.get('state') ?? '', /^[A-Za-z0-9]{32,}$/);
    await page.waitForURL(`${kit.demo}/`);
  });

  it('qualification #22: changing bank details needs a second factor of possession, a passkey or FranceConnect+ at eidas2, never an emailed code', async () => {
    const page = await newPage();
    await signUpWithFranceConnect(page, kit, 'nom_compose');
    // Signed in with FranceConnect (eidas1): not a second factor; « Mes coordonnées bancaires » asks first.
    await page.goto(`${kit.demo}/coordonnees-bancaires`);
    await page.waitForURL((url) => url.pathname === '/verification');
    assert.equal(new URL(page.url()).searchParams.get('requirement'), 'second-factor');
    const stepUp = page.locator('franceconnect-step-up');
    const plus = stepUp.getByRole('link', { name: 'S’identifier avec FranceConnect+', exact: true });
    await plus.waitFor();
    // Only a factor of possession is offered: no password, no FranceConnect (eidas1), no code by email.
    assert.equal(
      await stepUp.getByRole('link', { name: 'S’identifier avec FranceConnect', exact: true }).count(),
      0,
    );
    assert.equal(await stepUp.getByLabel('Mot de passe').count(), 0);
    const offered = await stepUp.evaluate((element) => element.shadowRoot?.textContent ?? '');
    assert.doesNotMatch(offered, /courriel|e-mail|email|SMS/i);
    assert.ok(
      offered.includes(
        'FranceConnect+ est la solution proposée par l’État pour renforcer la sécurité de vos services en ligne les plus sensibles.',
      ),
      'the FranceConnect+ sentence above its button',
    );
    // FranceConnect+ is asked for eidas2 or more, a new authentication and amr; the person comes back.
    const [request] = await Promise.all([
      page.waitForRequest((candidate: Request) =>
        candidate.url().startsWith(`${kit.franceconnectPlus}/api/v2/authorize`),
      ),
      plus.click(),
    ]);
    const authorize = new URL(request.url());
    assert.equal(authorize.searchParams.get('acr_values'), 'eidas2');
    assert.equal(authorize.searchParams.get('prompt'), 'login');
    assert.deepEqual(JSON.parse(authorize.searchParams.get('claims') ?? '{}'), {
      id_token: { amr: { essential: true } },
    });
    await signInAtFranceConnectPlus(page, kit, 'nom_compose');
    await page.waitForURL((url) => url.pathname === '/coordonnees-bancaires');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Mes coordonnées bancaires');
  });
});
