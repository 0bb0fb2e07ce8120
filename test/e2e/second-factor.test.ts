import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import {
  axeViolations,
  elementsReady,
  me,
  profileForm,
  signInAtFranceConnectPlus,
  signUpWithFranceConnect,
  startKit,
  userBadge,
  type Kit,
} from '../helpers/demo.js';

// Qualification #22 through the demo as `npm start` runs it, in Chromium: FranceConnect+ sign-in
// through the local FranceConnect+'s screens; « Mes coordonnées bancaires », whose IBAN changes only
// after a second factor of the same person (a passkey, with Chromium's virtual authenticator through
// the DevTools protocol, or FranceConnect+), never on a password alone nor with someone else's factor.

const PASSWORD = 'Démoville, ma commune 2026';
const IBAN = 'FR76 3000 6000 0112 3456 7890 189';
const IBAN_2 = 'FR14 2004 1010 0505 0001 3M02 606';

/** The IBAN saved for an account, read in the demo's SQLite file (what matters, not what the page says). */
function savedIban(kit: Kit, email: string): string | undefined {
  const db = new Database(join(kit.state, 'demo-sessions.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare(
        `SELECT iban FROM demo_bank_details JOIN accounts ON accounts.id = demo_bank_details.account_id
         WHERE accounts.email = ?`,
      )
      .get(email) as { iban: string } | undefined;
    return row?.iban;
  } finally {
    db.close();
  }
}

/** A passkey authenticator in this page's browser: Chromium's virtual one, always present and verifying. */
async function addPasskeyAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/** « Créer mon compte » with an email and a password; ends home, signed in. */
async function localSignUp(page: Page, kit: Kit, email: string): Promise<void> {
  await page.goto(`${kit.demo}/inscription`);
  await page.getByRole('textbox', { name: 'Adresse électronique' }).fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.waitForURL(`${kit.demo}/`);
}

async function localSignIn(page: Page, kit: Kit, email: string, returnTo: string): Promise<void> {
  await page.goto(`${kit.demo}/connexion?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByRole('textbox', { name: 'Adresse électronique' }).fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
}

async function logOut(page: Page, kit: Kit): Promise<void> {
  await userBadge(page).getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL((url) => url.origin === kit.demo && url.pathname === '/');
  await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).waitFor();
}

/** Types an IBAN on « Mes coordonnées bancaires » and saves it. */
async function submitIban(page: Page, iban: string): Promise<void> {
  await page.getByLabel('Nouvel IBAN').fill(iban);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
}

/** `PUT /api/coordonnees-bancaires` from the page, as its script would send it. */
async function putIban(page: Page, iban: string): Promise<{ status: number; error?: string }> {
  return page.evaluate(async (value) => {
    const session = (await (await fetch('/api/me')).json()) as { csrfToken: string };
    const response = await fetch('/api/coordonnees-bancaires', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({ iban: value }),
    });
    const body = (await response.json()) as { error?: string };
    return { status: response.status, ...(body.error ? { error: body.error } : {}) };
  }, iban);
}

/**
 * Makes the page's session authentications 10 minutes old, in the demo's session store: a person who
 * confirmed a while ago, without waiting.
 */
async function ageSession(page: Page, kit: Kit): Promise<void> {
  const cookie = (await page.context().cookies(kit.demo)).find(
    (candidate) => candidate.name === 'bff_session',
  );
  assert.ok(cookie, 'a session cookie');
  const value = decodeURIComponent(cookie.value);
  const sid = value.slice(2, value.lastIndexOf('.'));
  const db = new Database(join(kit.state, 'demo-sessions.sqlite'), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const row = db.prepare('SELECT sess FROM sessions WHERE sid = ?').get(sid) as { sess: string };
    const session = JSON.parse(row.sess) as {
      franceconnect: { signedIn: { authentications: Array<{ at: number }> } };
    };
    for (const event of session.franceconnect.signedIn.authentications) event.at -= 10 * 60_000;
    db.prepare('UPDATE sessions SET sess = ? WHERE sid = ?').run(JSON.stringify(session), sid);
  } finally {
    db.close();
  }
}

describe('a second factor for sensitive acts (qualification #22)', { concurrency: true }, () => {
  let kit: Kit;
  let browser: Browser;

  before(async () => {
    [kit, browser] = await Promise.all([startKit(), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await kit?.stop();
  });

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    return { context, page: await context.newPage() };
  }

  it('signs in with FranceConnect+ through its screens: its sentence, a verification code, then the sign-up', async () => {
    const { page } = await newPage();
    await page.goto(`${kit.demo}/connexion`);
    await elementsReady(page);
    const plus = page.locator('franceconnect-button[variant="plus"]');
    assert.equal(
      await plus
        .getByRole('link', { name: 'Qu’est-ce que FranceConnect+ ?', exact: true })
        .getAttribute('href'),
      'https://franceconnect.gouv.fr/france-connect-plus',
    );
    await plus.getByRole('link', { name: 'S’identifier avec FranceConnect+', exact: true }).click();
    await page.waitForURL((url) => url.origin === kit.franceconnectPlus);
    const authorize = new URL(page.url());
    assert.equal(authorize.pathname.startsWith('/interaction/'), true);
    // FranceConnect+'s screens say what it is, with its help link.
    assert.ok(
      (await page.locator('header').textContent())?.includes(
        'FranceConnect+ est la solution proposée par l’État pour renforcer la sécurité de vos services en ligne les plus sensibles.',
      ),
    );
    await page.getByRole('link', { name: 'Qu’est-ce que FranceConnect+ ?' }).waitFor();
    await signInAtFranceConnectPlus(page, kit, 'nom_compose');
    assert.equal(new URL(page.url()).pathname, '/finaliser-inscription');
    await profileForm(page).getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL(`${kit.demo}/`);
    const session = await me(page);
    assert.equal(session.status, 200);
    assert.equal((session.body.identity as { family_name: string }).family_name, 'BRUNET-LACROIX');
    assert.equal((session.body.account as { franceconnectPlus: boolean }).franceconnectPlus, true);
    // Signed in with FranceConnect+: a second factor already, for 5 minutes.
    await page.goto(`${kit.demo}/coordonnees-bancaires`);
    assert.equal(new URL(page.url()).pathname, '/coordonnees-bancaires');
  });

  it('changing the IBAN: refused on a password alone, accepted after a passkey, kept while confirming again', async () => {
    const { context, page } = await newPage();
    await addPasskeyAuthenticator(context, page);
    const email = 'cle-acces@example.fr';
    await localSignUp(page, kit, email);

    // A password is not a second factor: the page leads to « Vérification », which has nothing to offer yet.
    await page.goto(`${kit.demo}/coordonnees-bancaires`);
    await page.waitForURL((url) => url.pathname === '/verification');
    assert.equal(new URL(page.url()).searchParams.get('requirement'), 'second-factor');
    await page.getByText('Aucun second facteur n’est disponible sur votre compte').waitFor();
    assert.deepEqual(await putIban(page, IBAN), { status: 403, error: 'step_up_required' });
    assert.equal(savedIban(kit, email), undefined);

    // A passkey on the profile (the sign-up was a minute ago: a recent authentication).
    await page.goto(`${kit.demo}/profil`);
    const passkeys = page.locator('franceconnect-passkeys');
    await passkeys.getByText('Aucune clé d’accès n’est enregistrée sur votre compte.').waitFor();
    await passkeys.getByLabel('Nom de la nouvelle clé d’accès').fill('Mon ordinateur');
    await passkeys.getByRole('button', { name: 'Ajouter une clé d’accès' }).click();
    await passkeys.getByRole('status').getByText('La clé d’accès « Mon ordinateur » est ajoutée.').waitFor();
    await passkeys.getByRole('button', { name: 'Renommer « Mon ordinateur »' }).waitFor();

    // Another day: signed in with the password, the passkey as the second factor.
    await logOut(page, kit);
    await localSignIn(page, kit, email, '/coordonnees-bancaires');
    await page.waitForURL((url) => url.pathname === '/verification');
    await page.getByRole('button', { name: 'Utiliser ma clé d’accès' }).click();
    await page.waitForURL((url) => url.pathname === '/coordonnees-bancaires');
    assert.deepEqual(await axeViolations(page), []);

    // A wrong IBAN is refused by name, then the right one is saved.
    await submitIban(page, 'FR76 3000 6000 0112 3456 7890 188');
    await page.getByText('Cet IBAN n’est pas valide : sa clé de contrôle ne correspond pas.').waitFor();
    assert.equal(await page.getByLabel('Nouvel IBAN').getAttribute('aria-invalid'), 'true');
    await submitIban(page, IBAN);
    await page.getByText('Votre nouvel IBAN est enregistré.').waitFor();
    assert.equal(await page.locator('[data-iban]').textContent(), 'FR76 •••• •••• •••• •••• •••• 189');
    assert.equal(savedIban(kit, email), IBAN.replaceAll(' ', ''));

    // Ten minutes later, typing a new IBAN: the save asks for the passkey again, in place, and goes on.
    await ageSession(page, kit);
    await submitIban(page, IBAN_2);
    await page.getByText('Par sécurité, confirmez votre identité pour enregistrer ce nouvel IBAN').waitFor();
    assert.equal(await page.getByLabel('Nouvel IBAN').inputValue(), IBAN_2, 'nothing typed is lost');
    assert.equal(savedIban(kit, email), IBAN.replaceAll(' ', ''), 'not saved yet');
    await page.locator('[data-step-up]').getByRole('button', { name: 'Utiliser ma clé d’accès' }).click();
    await page.locator('[data-step-up]').waitFor({ state: 'hidden' });
    await page.getByText('Votre nouvel IBAN est enregistré.').waitFor();
    assert.equal(savedIban(kit, email), IBAN_2.replaceAll(' ', ''));
  });

  it('changing the IBAN after FranceConnect+ of the same person, what was typed kept on the way', async () => {
    const { page } = await newPage();
    const email = 'plus-meme@example.fr';
    await signUpWithFranceConnect(page, kit, 'ne_en_corse');
    // The account's email, to find its bank details.
    await page.goto(`${kit.demo}/profil`);
    const emailField = profileForm(page).getByRole('textbox', { name: 'Adresse électronique' });
    await emailField.fill(email);
    await profileForm(page).getByRole('button', { name: 'Enregistrer' }).click();
    await profileForm(page).getByText('Vos modifications sont enregistrées.').waitFor();

    // Signed in with FranceConnect (eidas1): « Vérification » offers FranceConnect+.
    await page.goto(`${kit.demo}/coordonnees-bancaires`);
    await page.waitForURL((url) => url.pathname === '/verification');
    const stepUp = page.locator('franceconnect-step-up');
    await stepUp
      .getByText(
        'FranceConnect+ est la solution proposée par l’État pour renforcer la sécurité de vos services en ligne les plus sensibles.',
      )
      .waitFor();
    await stepUp.getByRole('link', { name: 'S’identifier avec FranceConnect+', exact: true }).click();
    await signInAtFranceConnectPlus(page, kit, 'ne_en_corse');
    await page.waitForURL((url) => url.pathname === '/coordonnees-bancaires');
    await submitIban(page, IBAN);
    await page.getByText('Votre nouvel IBAN est enregistré.').waitFor();
    assert.equal(savedIban(kit, email), IBAN.replaceAll(' ', ''));

    // Later, a new IBAN typed: FranceConnect+ again, the IBAN put back on return.
    await ageSession(page, kit);
    await submitIban(page, IBAN_2);
    const inPlace = page.locator('[data-step-up] franceconnect-step-up');
    await inPlace.getByRole('link', { name: 'S’identifier avec FranceConnect+', exact: true }).click();
    await signInAtFranceConnectPlus(page, kit, 'ne_en_corse');
    await page.waitForURL((url) => url.pathname === '/coordonnees-bancaires');
    await page.getByText('Votre saisie a été conservée : vérifiez-la, puis enregistrez.').waitFor();
    assert.equal(await page.getByLabel('Nouvel IBAN').inputValue(), IBAN_2);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Votre nouvel IBAN est enregistré.').waitFor();
    assert.equal(savedIban(kit, email), IBAN_2.replaceAll(' ', ''));
  });

  it('refuses the second factor of another person: FranceConnect+ of someone else changes nothing', async () => {
    const { page } = await newPage();
    await signUpWithFranceConnect(page, kit, 'date_presumee_jour');
    await page.goto(`${kit.demo}/coordonnees-bancaires`);
    await page.waitForURL((url) => url.pathname === '/verification');
    await page
      .locator('franceconnect-step-up')
      .getByRole('link', { name: 'S’identifier avec FranceConnect+', exact: true })
      .click();
    // Someone else at FranceConnect+ on this computer.
    await signInAtFranceConnectPlus(page, kit, 'nom_long');
    await page.waitForURL((url) => url.origin === kit.demo && url.pathname === '/');
    await page
      .getByText(
        'L’identité utilisée pour confirmer n’est pas celle de votre compte : l’action n’a pas été autorisée.',
      )
      .waitFor();
    assert.equal((await me(page)).status, 200, 'still signed in');
    assert.deepEqual(await putIban(page, IBAN), { status: 403, error: 'step_up_required' });
    await page.goto(`${kit.demo}/coordonnees-bancaires`);
    await page.waitForURL((url) => url.pathname === '/verification');
  });
});
