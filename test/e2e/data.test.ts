import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { axeViolations, signInOverHttp, startKit, type Kit } from '../helpers/demo.js';

// qualification #8d in Chromium, through `npm start`: on the demo's « Mes aides » page, a signed-in
// person clicks « Récupérer ses données avec FranceConnect », only confirms the transfer at
// FranceConnect, and is back on the form with the family quotient filled in and announced, what they
// had typed still there; one tab all along (#13).

describe('« Mes aides »: retrieving the family quotient with FranceConnect', () => {
  let kit: Kit;
  let browser: Browser;
  let demo: string;
  let franceconnect: string;

  before(async () => {
    kit = await startKit();
    demo = kit.demo;
    franceconnect = kit.franceconnect;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await kit?.stop();
  });

  /**
   * Signs up through FranceConnect over HTTP (the sign-in itself is the journeys' subject): the browser
   * gets the demo's session and FranceConnect's, so that retrieving data only asks for consent.
   */
  async function signIn(page: Page, login: string): Promise<void> {
    await signInOverHttp(page.context(), kit, login);
  }

  /**
   * Clicks the data button of « Mes aides » and confirms at FranceConnect; resolves with the screen
   * FranceConnect showed first (`consent` when it only asks to confirm the transfer).
   */
  async function retrieve(page: Page): Promise<string | null> {
    await page
      .locator('franceconnect-button[variant="data"]')
      .getByRole('link', { name: 'Récupérer ses données avec FranceConnect', exact: true })
      .click();
    await page.waitForURL((url) => url.origin === franceconnect);
    const screen = await page.locator('main').getAttribute('data-screen');
    await page.locator('#consent-form button').click();
    await page.waitForURL((url) => url.origin === demo && url.pathname === '/mes-aides');
    return screen;
  }

  it('signs in, then fills the family quotient after consent only, and announces it', async () => {
    const context: BrowserContext = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'test');

    await page.goto(`${demo}/mes-aides`);
    assert.equal(await page.locator('h1').textContent(), 'Mes aides : tarif de la cantine scolaire');
    // The sentence comes right above the data button.
    const sentence = page.getByText('FranceConnect est la solution proposée par l’État', { exact: false });
    const button = page.locator('franceconnect-button[variant="data"]');
    const [sentenceBox, buttonBox] = [await sentence.boundingBox(), await button.boundingBox()];
    assert.ok(sentenceBox && buttonBox && sentenceBox.y + sentenceBox.height <= buttonBox.y);
    assert.deepEqual(await axeViolations(page), [], 'axe, before retrieval');

    const quotient = page.getByLabel('Quotient familial (en euros)');
    assert.equal(await quotient.inputValue(), '');
    await page.getByLabel('Prénom de l’enfant').fill('Léa');
    await page.getByLabel('École').selectOption('École Louise-Michel');

    const screen = await retrieve(page);
    assert.equal(screen, 'consent', 'within FranceConnect’s session, the person only confirms');
    assert.equal(new URL(page.url()).searchParams.get('notice'), 'data-retrieved');

    await page.waitForFunction(
      () => (document.querySelector<HTMLInputElement>('#quotient')?.value ?? '') !== '',
    );
    assert.equal(await quotient.inputValue(), '812');
    const status = page.locator('franceconnect-prefill [role="status"]').first();
    assert.equal(
      await status.textContent(),
      'Informations récupérées avec FranceConnect et renseignées : Quotient familial (en euros). Vérifiez-les avant d’envoyer le formulaire.',
    );
    // What the person had typed before leaving is back.
    assert.equal(await page.getByLabel('Prénom de l’enfant').inputValue(), 'Léa');
    assert.equal(await page.getByLabel('École').inputValue(), 'École Louise-Michel');
    assert.equal(context.pages().length, 1, 'no pop-up (qualification #13)');
    assert.deepEqual(await axeViolations(page), [], 'axe, after retrieval');

    await page.getByRole('button', { name: 'Calculer mon tarif' }).click();
    // (a narrow no-break space before €, as French typography and Intl.NumberFormat have it)
    assert.match((await page.locator('#tarif').textContent()) ?? '', /le repas coûte 3,20\s€/);

    const valeur = await page.evaluate(async () => {
      const body = (await (await fetch('/api/data')).json()) as {
        data: { quotient_familial: { valeur: number } };
      };
      return body.data.quotient_familial.valeur;
    });
    assert.equal(valeur, 812);
    await context.close();
  });

  it('shows next to the button why nothing was filled, and keeps what was typed', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'nom_compose'); // no CAF record
    await page.goto(`${demo}/mes-aides`);
    await page.getByLabel('Quotient familial (en euros)').fill('640');
    assert.equal(await retrieve(page), 'consent');
    const alert = page.locator('franceconnect-prefill [role="alert"]');
    await alert.waitFor();
    assert.equal(
      await alert.textContent(),
      'Quotient familial CAF & MSA : Aucun dossier à votre nom n’a été trouvé chez le fournisseur de données. Remplissez le formulaire vous-même.',
    );
    assert.equal(await page.getByLabel('Quotient familial (en euros)').inputValue(), '640');
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});
