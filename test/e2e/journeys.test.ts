import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { E2E_CONCURRENCY, launchChromium } from '../helpers/browser.js';
import {
  franceConnectLink,
  lockedIdentity,
  me,
  profileForm,
  signInAtFranceConnect,
  signInWithFranceConnect,
  signUpWithFranceConnect,
  startedAuthorization,
  startKit,
  userBadge,
  type Kit,
} from '../helpers/demo.js';

// The journeys of the qualification through the demo as `npm start` runs it (the demo and its BFF, the
// local FranceConnect and its screens, the data provider), in Chromium, as a person takes them. Each
// journey has its own browser contexts and test identity, so they run side by side.

/** At FranceConnect after clicking its button: whether it asks for the password (no session there). */
async function asksForPassword(page: Page, kit: Kit): Promise<boolean> {
  await page.goto(`${kit.demo}/connexion`);
  await franceConnectLink(page).click();
  await page.waitForURL((url) => url.origin === kit.franceconnect);
  await page.locator('#identity-provider-form button').click();
  await page.locator('#login').waitFor();
  return page.locator('#password').isVisible();
}

const emailField = (page: Page) => page.getByRole('textbox', { name: 'Adresse électronique' });

/** « Se déconnecter » in the header, then back on the demo's home page signed out. */
async function logOut(page: Page, kit: Kit): Promise<void> {
  await userBadge(page).getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(`${kit.demo}/`);
  await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).waitFor();
  assert.equal((await me(page)).status, 204);
}

describe('journeys through the demo', { concurrency: E2E_CONCURRENCY }, () => {
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

  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  }

  it('1. a new person signs up with FranceConnect, edits the profile, logs out of FranceConnect too (qualification #8, #10, #14, #15, #16, #9)', async () => {
    const page = await newPage();
    await signInWithFranceConnect(page, kit, 'test');

    // #8: signed in, one tab all along; the session cookie is HttpOnly and SameSite=Lax in the browser.
    assert.equal(page.context().pages().length, 1, 'no pop-up was opened (qualification #13)');
    const session = (await page.context().cookies(kit.demo)).find((cookie) => cookie.name === 'bff_session');
    assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
    assert.equal(session.sameSite, 'Lax');
    assert.equal((await me(page)).body.identity !== null, true, 'signed in with FranceConnect');

    // #10: the first sign-in leads to the sign-up confirmation, the pivot identity locked.
    assert.equal(new URL(page.url()).pathname, '/finaliser-inscription');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Finaliser votre inscription');
    assert.deepEqual(await lockedIdentity(page), {
      'Prénom(s)': 'Marie Anne',
      'Nom de naissance': 'DUPUIS',
      'Date de naissance': '12 avril 1980',
      Sexe: 'Féminin',
      'Lieu de naissance': 'Paris 12e Arrondissement',
      'Pays de naissance': 'France',
    });
    const form = profileForm(page);
    assert.deepEqual(
      await form.locator('input').evaluateAll((inputs) => inputs.map((i) => i.getAttribute('name'))),
      ['preferred_username', 'email'],
    );
    assert.equal(await form.getByLabel('Adresse électronique').inputValue(), 'marie.dupuis@example.com');
    assert.deepEqual((await me(page)).body.account, null, 'no account before confirming');

    await form.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL(`${kit.demo}/`);
    // #14: the header shows who is signed in, with the profile and the logout.
    const badge = userBadge(page);
    await badge.getByText('Marie Anne DUPUIS', { exact: true }).waitFor();
    assert.equal(
      await page.getByText('Bonjour').textContent(),
      'Bonjour Marie Anne DUPUIS, bienvenue dans votre espace.',
    );

    // #15, #16: on the profile, the identity is text; the email is changed and kept.
    await badge.getByRole('link', { name: 'Mon profil' }).click();
    await page.waitForURL(`${kit.demo}/profil`);
    assert.equal((await lockedIdentity(page))['Nom de naissance'], 'DUPUIS');
    await form.getByLabel('Adresse électronique').fill('marie.anne.dupuis@example.fr');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await form.getByRole('status').getByText('Vos modifications sont enregistrées.').waitFor();
    await page.reload();
    assert.equal(await form.getByLabel('Adresse électronique').inputValue(), 'marie.anne.dupuis@example.fr');

    // #9: logging out of the demo ends the FranceConnect session: the next sign-in asks for the password.
    await logOut(page, kit);
    assert.equal(await asksForPassword(page, kit), true);
  });

  it('2. a returning person signs in, and data retrieval within 30 minutes only asks for consent (qualification #8, #8d)', async () => {
    const page = await newPage();
    await signUpWithFranceConnect(page, kit, 'nom_usage');
    await logOut(page, kit);

    await signInWithFranceConnect(page, kit, 'nom_usage');
    assert.equal(page.url(), `${kit.demo}/`, 'a known person goes straight home');
    await userBadge(page).getByText('Julien BERNARD', { exact: true }).waitFor();

    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Mes aides' })
      .click();
    await page.waitForURL(`${kit.demo}/mes-aides`);
    const quotient = page.getByLabel('Quotient familial (en euros)');
    assert.equal(await quotient.inputValue(), '');
    await franceConnectLink(page, 'Récupérer ses données avec FranceConnect').click();
    await page.waitForURL((url) => url.origin === kit.franceconnect);
    assert.equal(await page.locator('main').getAttribute('data-screen'), 'consent', 'consent only');
    await page.locator('#consent-form button').click();
    await page.waitForURL((url) => url.origin === kit.demo && url.pathname === '/mes-aides');
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('#quotient')?.value !== '');
    assert.equal(await quotient.inputValue(), '1450');
    await page.getByRole('button', { name: 'Calculer mon tarif' }).click();
    assert.match((await page.locator('#tarif').textContent()) ?? '', /le repas coûte 4,30\s€/);
  });

  it('3. a local account is linked with « Lier mon compte FranceConnect »; another, which declared the identity, once its password is typed at the sign-up (qualification #11)', async () => {
    // Linked by the person: a local account, then « Lier mon compte FranceConnect » on the profile.
    const page = await newPage();
    await page.goto(`${kit.demo}/inscription`);
    await emailField(page).fill('antoine.santoni@example.fr');
    await page.getByLabel('Mot de passe').fill('correct horse battery');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL(`${kit.demo}/`);
    await userBadge(page).getByText('antoine.santoni@example.fr', { exact: true }).waitFor();
    await page.goto(`${kit.demo}/profil`);
    assert.equal(await profileForm(page).locator('dl').count(), 0, 'no certified identity yet');
    await page.getByRole('link', { name: 'Lier mon compte FranceConnect' }).click();
    await signInAtFranceConnect(page, kit, 'ne_en_corse');
    assert.equal(page.url(), `${kit.demo}/profil`);
    await page.getByText('Votre compte est lié à FranceConnect').waitFor();
    assert.equal((await lockedIdentity(page))['Lieu de naissance'], 'Ajaccio');
    await userBadge(page).getByText('Antoine SANTONI', { exact: true }).waitFor();
    const linked = (await me(page)).body.account as { email: string; franceconnect: boolean };
    assert.deepEqual([linked.email, linked.franceconnect], ['antoine.santoni@example.fr', true]);

    // A local account that declared the identity of `nom_compose`: at the first FranceConnect sign-in
    // with that identity, the sign-up page says an account exists, and links it once its password is
    // typed (a declared identity is never trusted alone).
    const other = await newPage();
    await other.goto(`${kit.demo}/inscription`);
    await emailField(other).fill('sophie.brunet@example.fr');
    await other.getByLabel('Mot de passe').fill('correct horse battery');
    await other.getByLabel('Prénom(s)').fill('Sophie Claire');
    await other.getByLabel('Nom de naissance').fill('Brunet-Lacroix');
    await other.getByLabel('Date de naissance').fill('1988-11-23');
    await other.getByLabel('Sexe').selectOption('female');
    await other.getByLabel('Pays de naissance').selectOption('99100');
    await other.getByLabel('Commune de naissance').fill('33063');
    await other.getByRole('button', { name: 'Créer mon compte' }).click();
    await other.waitForURL(`${kit.demo}/`);
    await logOut(other, kit);
    await signInWithFranceConnect(other, kit, 'nom_compose');
    assert.equal(new URL(other.url()).pathname, '/finaliser-inscription', 'not linked by the identity alone');
    await other.getByText('Un compte à votre identité existe déjà sur ce site').waitFor();
    assert.equal((await me(other)).body.account, null);
    const existing = other.locator('#relier');
    await existing.getByLabel('Adresse électronique').fill('sophie.brunet@example.fr');
    await existing.getByLabel('Mot de passe').fill('correct horse battery');
    await existing.getByRole('button', { name: 'Relier mon compte' }).click();
    await other.waitForURL(`${kit.demo}/`);
    const reconciled = (await me(other)).body.account as {
      email: string;
      franceconnect: boolean;
      localCredentials: boolean;
    };
    assert.deepEqual(
      [reconciled.email, reconciled.franceconnect, reconciled.localCredentials],
      ['sophie.brunet@example.fr', true, true],
    );
    await other.goto(`${kit.demo}/profil`);
    assert.equal((await lockedIdentity(other))['Nom de naissance'], 'BRUNET-LACROIX');
  });

  it('4. deleting the account on one device ends the session on another and at FranceConnect (qualification #12)', async () => {
    const first = await newPage();
    const second = await newPage();
    await signUpWithFranceConnect(first, kit, 'caracteres_speciaux');
    await signInWithFranceConnect(second, kit, 'caracteres_speciaux');
    assert.equal(second.url(), `${kit.demo}/`);
    assert.equal((await me(second)).status, 200);

    await first.goto(`${kit.demo}/profil`);
    const remove = first.getByRole('button', { name: 'Supprimer mon compte' });
    assert.equal(await remove.getAttribute('aria-expanded'), 'false');
    await remove.click();
    assert.equal(await remove.getAttribute('aria-expanded'), 'true');
    // The confirmation step takes the focus; « Annuler » gives it back and closes it.
    assert.equal(await first.evaluate(() => document.activeElement?.textContent), 'Confirmez la suppression');
    await first.getByRole('button', { name: 'Annuler' }).click();
    assert.equal(await remove.getAttribute('aria-expanded'), 'false');
    assert.equal((await me(first)).status, 200, 'cancelling deletes nothing');
    await remove.click();
    await first.getByRole('button', { name: 'Oui, supprimer définitivement mon compte' }).click();
    await first.waitForURL((url) => url.origin === kit.demo && url.pathname === '/');
    await first.getByRole('alert').getByText('Votre compte a été supprimé et vous êtes déconnecté').waitFor();
    assert.equal((await me(first)).status, 204);

    // The other device is signed out.
    await second.goto(`${kit.demo}/profil`);
    await second.getByText('Connectez-vous pour consulter et modifier votre profil.').waitFor();
    assert.equal((await me(second)).status, 204);
    assert.equal(await userBadge(second).count(), 0);
    // And FranceConnect's session on the first device ended too.
    assert.equal(await asksForPassword(first, kit), true);
  });

  it('5. cancelling at FranceConnect shows a friendly page; a tampered state leads home with a notice (qualification #20)', async () => {
    const page = await newPage();
    await page.goto(`${kit.demo}/connexion`);
    await franceConnectLink(page).click();
    await page.waitForURL((url) => url.origin === kit.franceconnect);
    await page.getByRole('button', { name: 'Revenir sur Mairie de Démoville' }).click();
    await page.waitForURL((url) => url.origin === kit.demo);
    assert.equal(new URL(page.url()).pathname, '/connexion-annulee');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Connexion annulée');
    assert.equal(await franceConnectLink(page).getAttribute('href'), '/auth/login', 'try again');
    assert.equal(
      await page
        .getByRole('link', { name: 'Se connecter avec mon adresse électronique' })
        .getAttribute('href'),
      '/connexion#compte-existant',
    );
    assert.equal((await me(page)).status, 204);

    // A sign-in whose state is not the one the demo sent: FranceConnect sends back an altered state.
    const authorize = await startedAuthorization(page, kit);
    const state = authorize.searchParams.get('state') ?? '';
    authorize.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`);
    await page.goto(authorize.href);
    await signInAtFranceConnect(page, kit, 'date_presumee');
    assert.equal(page.url(), `${kit.demo}/`, 'back home (the notice is taken out of the address once shown)');
    await page
      .getByRole('alert')
      .getByText(
        'Votre connexion avec FranceConnect n’a pas pu être vérifiée : par sécurité, elle a été interrompue.',
      )
      .waitFor();
    assert.equal((await me(page)).status, 204, 'not signed in');
  });

  it('6. a returnTo that would leave the site is not followed after a local sign-up or sign-in', async () => {
    const page = await newPage();
    // Were the demo to follow it, the browser would leave for evil.example: refused at once here.
    await page.context().route(/^https?:\/\/evil\.example\//, (route) => route.abort());
    // `%09` arrives as a tab, which browsers drop: `/<tab>/evil.example/x` is read as `//evil.example/x`.
    await page.goto(`${kit.demo}/inscription?returnTo=/%09/evil.example/x`);
    await emailField(page).fill('retour@example.fr');
    await page.getByLabel('Mot de passe').fill('correct horse battery');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL((url) => url.pathname !== '/inscription');
    assert.equal(page.url(), `${kit.demo}/`, 'home, on the site');
    await logOut(page, kit);

    await page.goto(`${kit.demo}/connexion?returnTo=${encodeURIComponent('/.//evil.example/x')}`);
    await emailField(page).fill('retour@example.fr');
    await page.getByLabel('Mot de passe').fill('correct horse battery');
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.waitForURL((url) => url.pathname !== '/connexion');
    assert.equal(page.url(), `${kit.demo}/`, 'home, on the site');
  });
});
