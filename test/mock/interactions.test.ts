import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningMockFranceConnect } from '@franceconnect-kit/mock-franceconnect';
import { authorizeUrl, startFranceConnect, userOf, validParameters } from './support.js';

describe('the screens refuse steps out of order', () => {
  let fc: RunningMockFranceConnect;

  before(async () => {
    fc = await startFranceConnect();
  });
  after(() => fc.close());

  /** Starts a sign-in and returns the user and the interaction's path (the identity-provider screen). */
  async function started() {
    const user = userOf(fc);
    const response = await user.fetch(authorizeUrl(fc, validParameters()));
    await response.body?.cancel();
    return { user, path: response.headers.get('location') ?? '' };
  }

  const form = (body: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });

  async function assertPage(response: Response, status: number, code: string): Promise<void> {
    assert.equal(response.status, status);
    assert.match(await response.text(), new RegExp(`id="error-code">${code}<`));
  }

  it('shows Y190001 without the interaction cookie (another browser, or an expired sign-in)', async () => {
    const { path } = await started();
    await assertPage(await fetch(new URL(path, fc.url)), 400, 'Y190001');
    await assertPage(
      await fetch(new URL(`${path}/login`, fc.url), form({ login: 'test', password: '123' })),
      400,
      'Y190001',
    );
  });

  it('does not let consent be given before the login', async () => {
    const { user, path } = await started();
    await assertPage(await user.fetch(new URL(`${path}/consent`, fc.url), form({})), 400, 'Y190001');
  });

  it('refuses an unknown identity provider and the wrong methods', async () => {
    const { user, path } = await started();
    await assertPage(
      await user.fetch(
        new URL(`${path}/identity-provider`, fc.url),
        form({ identity_provider: 'impots.gouv' }),
      ),
      400,
      'Y000400',
    );
    await assertPage(await user.fetch(new URL(`${path}/abort`, fc.url)), 405, 'Y000400');
    await assertPage(await user.fetch(new URL(`${path}/elsewhere`, fc.url)), 404, 'Y000404');
  });

  it('refuses a login form that is not a form', async () => {
    const { user, path } = await started();
    const response = await user.fetch(new URL(`${path}/login`, fc.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'test', password: '123' }),
    });
    await assertPage(response, 400, 'Y000400');
  });

  it('keeps the typed login and explains a refused password, with the fields labelled', async () => {
    const { user, path } = await started();
    const response = await user.fetch(
      new URL(`${path}/login`, fc.url),
      form({ login: 'test', password: 'nope' }),
    );
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /role="alert"[^>]*>\s*Identifiant ou mot de passe incorrect/);
    assert.match(html, /<label for="login">Identifiant<\/label>/);
    assert.match(html, /<input[^>]*id="login"[^>]*value="test"/);
    assert.match(html, /<label for="password">Mot de passe<\/label>/);
  });
});
