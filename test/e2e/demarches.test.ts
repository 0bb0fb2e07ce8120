import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import {
  axeViolations,
  elementsReady,
  franceConnectLink,
  profileForm,
  signInAtFranceConnect,
  signUpWithFranceConnect,
  startKit,
  type Kit,
} from '../helpers/demo.js';

// The demo's démarches built on API FranceConnectées, in Chromium, through `npm start`:
// - « Tarif étudiant »: « Récupérer ses données avec FranceConnect » with two APIs at once (« Statut
//   étudiant » and « Statut étudiant boursier »), the mention under the button, each API's failure
//   apart from the other's data;
// - « Accueil de loisirs »: the family quotient and the C2S retrieved with the sign-in itself, the form
//   filled on return without a second trip to FranceConnect, and a sign-in that succeeds when the data
//   provider does not.

const STUDENT_MENTION =
  'Vos données seront récupérées avec des API FranceConnectées : Statut étudiant (Ministère de l’Enseignement supérieur, de la Recherche et de l’Innovation) et Statut étudiant boursier (Centre national des œuvres universitaires et scolaires).';
const LEISURE_MENTION =
  'Vos données seront récupérées avec des API FranceConnectées : Quotient familial CAF & MSA (Caisse nationale des allocations familiales & Mutualité sociale agricole) et Complémentaire santé solidaire (C2S) (Sécurité sociale).';
const NOT_FOUND =
  'Aucun dossier à votre nom n’a été trouvé chez le fournisseur de données. Remplissez le formulaire vous-même.';
const UNAVAILABLE =
  'Le fournisseur de données n’a pas pu être joint. Vos données n’ont pas été récupérées : réessayez dans quelques instants, ou remplissez le formulaire vous-même.';

/** The accessible description of the page's link named `name`, as Chromium computes it. */
async function descriptionOf(page: Page, name: string): Promise<string | undefined> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: Array<{ role?: { value?: string }; name?: { value?: string }; description?: { value?: string } }>;
  };
  await cdp.detach();
  return nodes.find((node) => node.role?.value === 'link' && node.name?.value === name)?.description?.value;
}

describe('the démarches built on API FranceConnectées', () => {
  let kit: Kit;
  let browser: Browser;

  before(async () => {
    [kit, browser] = await Promise.all([startKit(), launchChromium()]);
  });

  after(async () => {
    await browser?.close();
    await kit?.stop();
  });

  /** Authorization requests the browser sent to FranceConnect (not the resumes of its own screens). */
  function authorizations(context: BrowserContext): string[] {
    const seen: string[] = [];
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === kit.franceconnect && url.pathname === '/api/v2/authorize') seen.push(request.url());
    });
    return seen;
  }

  /** « Récupérer ses données avec FranceConnect » on « Tarif étudiant »: the screen FranceConnect showed first. */
  async function retrieve(page: Page): Promise<string | null> {
    await franceConnectLink(page, 'Récupérer ses données avec FranceConnect').click();
    await page.waitForURL((url) => url.origin === kit.franceconnect);
    const screen = await page.locator('main').getAttribute('data-screen');
    await page.locator('#consent-form button').click();
    await page.waitForURL((url) => url.origin === kit.demo && url.pathname === '/tarif-etudiant');
    await elementsReady(page);
    return screen;
  }

  it('« Tarif étudiant »: the mention under the button, then both statuses filled after consent only', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUpWithFranceConnect(page, kit, 'etudiant_boursier');
    await page.goto(`${kit.demo}/tarif-etudiant`);
    await elementsReady(page);
    assert.equal(await page.locator('h1').textContent(), 'Pass culture et sport : tarif étudiant');
    const mention = page.locator('franceconnect-data-mention p');
    assert.equal(await mention.textContent(), STUDENT_MENTION);
    assert.equal(await descriptionOf(page, 'Récupérer ses données avec FranceConnect'), STUDENT_MENTION);
    // The help link stays 8 px under the button; the mention comes under it.
    const [control, help, below] = await Promise.all([
      page.locator('franceconnect-button[variant="data"] a.button').boundingBox(),
      page.locator('franceconnect-button[variant="data"] .help').boundingBox(),
      mention.boundingBox(),
    ]);
    assert.ok(control && help && below);
    assert.equal(help.y - (control.y + control.height), 8);
    assert.ok(below.y >= help.y + help.height);
    assert.deepEqual(await axeViolations(page), [], 'axe, before retrieval');

    assert.equal(await retrieve(page), 'consent', 'within FranceConnect’s session, the person only confirms');
    await page.waitForFunction(
      () => (document.querySelector<HTMLInputElement>('#etablissement')?.value ?? '') !== '',
    );
    assert.equal(await page.getByLabel('Établissement d’études').inputValue(), 'UNIVERSITE DE LILLE');
    assert.equal(await page.getByLabel('Oui').isChecked(), true);
    assert.equal(
      await page.getByLabel('Je suis boursier ou boursière sur critères sociaux').isChecked(),
      true,
    );
    assert.equal(await page.getByLabel('Échelon de la bourse').inputValue(), '5');
    assert.equal(await page.getByLabel('Date de rentrée').inputValue(), '2026-09-01');
    assert.equal(
      await page.locator('franceconnect-prefill [role="status"]').first().textContent(),
      'Informations récupérées avec FranceConnect et renseignées : Établissement d’études, Êtes-vous inscrit ou inscrite pour l’année universitaire ?, Je suis boursier ou boursière sur critères sociaux, Échelon de la bourse, Date de rentrée. Vérifiez-les avant d’envoyer le formulaire.',
    );
    assert.equal(await page.locator('franceconnect-prefill [role="alert"]').isHidden(), true);
    assert.deepEqual(await axeViolations(page), [], 'axe, after retrieval');

    await page.getByRole('button', { name: 'Calculer mon tarif' }).click();
    assert.equal(await page.locator('#tarif').textContent(), 'Étudiant boursier : le pass est gratuit.');
    assert.equal(context.pages().length, 1, 'no pop-up (qualification #13)');
    await context.close();
  });

  it('« Tarif étudiant »: a student without a scholarship gets the student status, and is told why the rest is empty', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUpWithFranceConnect(page, kit, 'etudiante');
    await page.goto(`${kit.demo}/tarif-etudiant`);
    await elementsReady(page);
    assert.equal(await retrieve(page), 'consent');
    const alert = page.locator('franceconnect-prefill [role="alert"]');
    await alert.waitFor();
    assert.equal(await alert.textContent(), `Statut étudiant boursier : ${NOT_FOUND}`);
    assert.equal(await page.getByLabel('Établissement d’études').inputValue(), 'UNIVERSITE DE RENNES');
    assert.equal(await page.getByLabel('Oui').isChecked(), true);
    assert.equal(
      await page.getByLabel('Je suis boursier ou boursière sur critères sociaux').isChecked(),
      false,
    );
    assert.equal(await page.getByLabel('Échelon de la bourse').inputValue(), '');
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole('button', { name: 'Calculer mon tarif' }).click();
    assert.match(
      (await page.locator('#tarif').textContent()) ?? '',
      /^Étudiant inscrit : le pass coûte 15,00\s€\.$/,
    );
    await context.close();
  });

  it('« Accueil de loisirs »: the data comes with the sign-in, the form is filled on return, one trip to FranceConnect', async () => {
    const context = await browser.newContext();
    const seen = authorizations(context);
    const page = await context.newPage();
    await page.goto(`${kit.demo}/accueil-loisirs`);
    await elementsReady(page);
    assert.equal(await page.locator('franceconnect-data-mention p').first().textContent(), LEISURE_MENTION);
    assert.equal(await descriptionOf(page, 'S’identifier avec FranceConnect'), LEISURE_MENTION);
    assert.deepEqual(await axeViolations(page), [], 'axe, signed out');
    await page.getByLabel('Nombre de journées').fill('4');

    await franceConnectLink(page).click();
    await signInAtFranceConnect(page, kit, 'beneficiaire_css');
    // A first sign-in: the sign-up to confirm, then back to the démarche.
    await page.waitForURL((url) => url.pathname === '/finaliser-inscription');
    await profileForm(page).getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL((url) => url.pathname === '/accueil-loisirs');
    await elementsReady(page);
    await page.waitForFunction(
      () => (document.querySelector<HTMLInputElement>('#quotient')?.value ?? '') !== '',
    );
    assert.equal(await page.getByLabel('Quotient familial (en euros)').inputValue(), '410');
    assert.equal(await page.getByLabel('Organisme qui l’a calculé').inputValue(), 'CNAF');
    assert.equal(
      await page.getByLabel('Je bénéficie de la complémentaire santé solidaire (C2S)').isChecked(),
      true,
    );
    assert.equal(await page.getByLabel('Nombre de journées').inputValue(), '4', 'what was typed is back');
    assert.equal(seen.length, 1, 'one authorization: the data came with the sign-in');
    assert.deepEqual(new URL(seen[0] ?? '').searchParams.get('scope')?.split(' ').slice(-2), [
      'cnaf_quotient_familial',
      'complementaire_sante_solidaire',
    ]);
    assert.deepEqual(await axeViolations(page), [], 'axe, signed in and filled');

    await page.getByRole('button', { name: 'Calculer le prix' }).click();
    assert.match(
      (await page.locator('#prix').textContent()) ?? '',
      /une journée coûte 2,00\s€, soit 8,00\s€ pour 4 journées\.$/,
    );
    const apis = await page.evaluate(async () => {
      const body = (await (await fetch('/api/data')).json()) as { apis: Record<string, { status: string }> };
      return Object.fromEntries(Object.entries(body.apis).map(([name, api]) => [name, api.status]));
    });
    assert.deepEqual(apis, { quotient_familial: 'retrieved', complementaire_sante_solidaire: 'retrieved' });
    await context.close();
  });

  it('« Accueil de loisirs »: when the data provider fails, the sign-in still succeeds and says why the form is empty', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${kit.demo}/accueil-loisirs`);
    await elementsReady(page);
    await franceConnectLink(page).click();
    await signInAtFranceConnect(page, kit, 'fournisseur_indisponible');
    await page.waitForURL((url) => url.pathname === '/finaliser-inscription');
    await profileForm(page).getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL((url) => url.pathname === '/accueil-loisirs');
    await elementsReady(page);
    const alert = page.locator('franceconnect-prefill [role="alert"]');
    await alert.waitFor();
    assert.equal(
      await alert.textContent(),
      `Quotient familial CAF & MSA : ${UNAVAILABLE} Complémentaire santé solidaire (C2S) : ${UNAVAILABLE}`,
    );
    assert.equal(await page.getByLabel('Quotient familial (en euros)').inputValue(), '');
    // Signed in all the same: the header shows the person, the data button offers to try again.
    assert.equal(await page.locator('header franceconnect-user').count(), 1);
    assert.equal(await franceConnectLink(page, 'Récupérer ses données avec FranceConnect').isVisible(), true);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});
