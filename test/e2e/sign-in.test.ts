import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { startKit, type Kit } from '../helpers/demo.js';

// qualification #8 (the sign-in works), #9 (logging out of the service logs out of FranceConnect),
// #13 (no pop-up: one tab all along), in Chromium, through `npm start`: the demo with the BFF, the
// local FranceConnect and its screens.

describe('signing in and out of the demo with FranceConnect', () => {
  let kit: Kit;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let demo: string;
  let franceconnect: string;

  before(async () => {
    kit = await startKit();
    demo = kit.demo;
    franceconnect = kit.franceconnect;
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    await kit?.stop();
  });

  async function me(): Promise<{
    status: number;
    body: { identity?: { family_name?: string }; account?: unknown; csrfToken?: string };
  }> {
    return page.evaluate(async () => {
      const response = await fetch('/api/me', { headers: { accept: 'application/json' } });
      return { status: response.status, body: response.ok ? ((await response.json()) as object) : {} };
    });
  }

  /** Clicks the FranceConnect button of the demo's Connexion page and waits for FranceConnect's first screen. */
  async function startSignIn(): Promise<void> {
    await page.goto(`${demo}/connexion`);
    await page
      .locator('franceconnect-button')
      .getByRole('link', { name: 'S’identifier avec FranceConnect', exact: true })
      .click();
    await page.waitForURL((url) => url.origin === franceconnect);
  }

  it('signs in: button, FranceConnect’s screens, back on the demo signed in, a first time on the sign-up page (qualification #8)', async () => {
    await startSignIn();
    await page.locator('#identity-provider-form button').click();
    await page.locator('#login').fill('test');
    await page.locator('#password').fill('123');
    await page.locator('#login-form button[type=submit]').click();
    await page.locator('#consent-form button').click();
    // A first FranceConnect sign-in: signed in, the account to be confirmed on the sign-up page.
    await page.waitForURL(`${demo}/finaliser-inscription?returnTo=%2F`);
    const { status, body } = await me();
    assert.equal(status, 200);
    assert.equal(body.identity?.family_name, 'DUPUIS');
    assert.equal(body.account, null);
    assert.equal(context.pages().length, 1, 'no pop-up was opened (qualification #13)');
    const cookies = await context.cookies(demo);
    const session = cookies.find((cookie) => cookie.name === 'bff_session');
    assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
    assert.equal(session.sameSite, 'Lax');
  });

  it('logs out of FranceConnect too: the next sign-in asks for the password again (qualification #9)', async () => {
    const { body } = await me();
    // What the demo's logout button does: POST with the CSRF token, then follow to FranceConnect.
    const redirectTo = await page.evaluate(async (csrfToken) => {
      const response = await fetch('/auth/logout', {
        method: 'POST',
        headers: { 'x-csrf-token': csrfToken, accept: 'application/json' },
      });
      return ((await response.json()) as { redirectTo: string }).redirectTo;
    }, body.csrfToken ?? '');
    assert.ok(redirectTo.startsWith(`${franceconnect}/api/v2/session/end?`));
    await page.goto(redirectTo);
    await page.waitForURL(`${demo}/`);
    await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).waitFor();
    assert.equal((await me()).status, 204);

    await startSignIn();
    await page.locator('#identity-provider-form button').click();
    await page.locator('#login').waitFor();
    assert.ok(await page.locator('#password').isVisible(), 'FranceConnect asks for the password again');
  });
});
