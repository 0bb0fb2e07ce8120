import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { PASSWORD, startAccountsWorld, type AccountsWorld } from './helpers/accounts.js';

// Accounts work out of the box (`accounts: true`, no page of the site's own): a first FranceConnect
// sign-in lands on the BFF's own sign-up confirmation, and the profile is there too, in French, built
// from the kit's elements under the page security headers (no inline script). A site's own pages
// replace them.

const require = createRequire(import.meta.url);
const bundle = readFileSync(require.resolve('@franceconnect-kit/button/cdn/franceconnect.js'));

/** What a page must be: French HTML, the page security headers, never cached, no inline script. */
async function assertPage(response: Response): Promise<string> {
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  const csp = response.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(response.headers.get('x-frame-options'), 'DENY');
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const html = await response.text();
  assert.match(html, /^<!doctype html>\n<html lang="fr">/);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.deepEqual(
    scripts.map(([, attributes, body]) => [attributes?.trim(), body]),
    [['type="module" src="/compte/franceconnect.js"', '']],
    'the elements’ bundle is the only script',
  );
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handler');
  return html;
}

describe('the BFF’s own account pages (accounts: true, no page of the site)', () => {
  let world: AccountsWorld;
  before(async () => {
    world = await startAccountsWorld({ accounts: true });
  });
  after(() => world.close());

  it('serves the kit’s bundle and stylesheet for them', async () => {
    const script = await fetch(`${world.app.url}/compte/franceconnect.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    assert.deepEqual(Buffer.from(await script.arrayBuffer()), bundle);
    const css = await fetch(`${world.app.url}/compte/franceconnect.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    assert.match(await css.text(), /franceconnect-button:not\(:defined\)/);
  });

  it('sends a first FranceConnect sign-in to its sign-up confirmation, which creates the account', async () => {
    const user = world.browser();
    const signedOut = await assertPage(await user.fetch(`${world.app.url}/compte/inscription`));
    assert.match(signedOut, /<h1>Finaliser votre inscription<\/h1>/);
    assert.match(signedOut, /Aucune inscription n’est en cours/);
    assert.match(signedOut, /<franceconnect-login href="\/auth\/login\?returnTo=%2F">/);

    const landed = await world.signInWithFranceConnect(user, 'test', '/mes-demarches');
    assert.equal(`${landed.pathname}${landed.search}`, '/compte/inscription?returnTo=%2Fmes-demarches');
    const page = await assertPage(await user.fetch(landed));
    const { csrfToken } = (await world.me(user)).body;
    assert.ok(
      page.includes(`<franceconnect-profile-form mode="signup" csrf-token="${csrfToken}">`),
      'the sign-up form, with the session’s CSRF token',
    );
    await world.completeSignUp(user, 'marie.dupuis@example.fr');
    assert.match(
      await assertPage(await user.fetch(`${world.app.url}/compte/inscription`)),
      /votre inscription est terminée/,
    );
  });

  it('shows the profile, and deletes the account with its form, without a script', async () => {
    const user = world.browser();
    const signedOut = await assertPage(await user.fetch(`${world.app.url}/compte/profil`));
    assert.match(signedOut, /<h1>Mon profil<\/h1>/);
    assert.match(signedOut, /<franceconnect-login href="\/auth\/login\?returnTo=%2Fcompte%2Fprofil">/);

    await world.signInWithFranceConnect(user, 'nom_usage', '/');
    const pending = await assertPage(await user.fetch(`${world.app.url}/compte/profil`));
    assert.match(
      pending,
      /href="\/compte\/inscription\?returnTo=%2Fcompte%2Fprofil">Finaliser mon inscription/,
    );
    const account = await world.completeSignUp(user, 'julien.martin@example.fr');

    const profile = await assertPage(await user.fetch(`${world.app.url}/compte/profil`));
    const { csrfToken } = (await world.me(user)).body;
    assert.ok(profile.includes(`<franceconnect-profile-form csrf-token="${csrfToken}">`));
    assert.match(profile, /Votre compte est lié à FranceConnect/);
    assert.match(profile, /<franceconnect-user profile-href="\/compte\/profil">/);
    const form =
      /<form method="post" action="(?<action>[^"]+)">\s*<input type="hidden" name="_csrf" value="(?<token>[^"]+)">/.exec(
        profile,
      );
    assert.equal(form?.groups?.action, '/api/account/delete');
    assert.equal(form?.groups?.token, csrfToken);

    // What the browser sends when the person confirms: the account is gone from the store.
    const deleted = await user.fetch(`${world.app.url}/api/account/delete`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: world.app.url,
        'sec-fetch-site': 'same-origin',
      },
      body: new URLSearchParams({ _csrf: form?.groups?.token ?? '', confirm: 'on' }).toString(),
      redirect: 'manual',
    });
    assert.equal(deleted.status, 303);
    assert.equal(await world.app.bff.accounts?.store.findById(account.id), undefined);
  });

  it('offers « Lier mon compte FranceConnect » to a local account', async () => {
    const user = world.browser();
    const created = await world.localSignUp(user, { email: 'local@example.fr', password: PASSWORD });
    assert.equal(created.status, 201);
    const profile = await assertPage(await user.fetch(`${world.app.url}/compte/profil`));
    assert.match(
      profile,
      /<a href="\/auth\/link\?returnTo=%2Fcompte%2Fprofil">Lier mon compte FranceConnect<\/a>/,
    );
  });
});

describe('a site’s own account pages', () => {
  let world: AccountsWorld;
  before(async () => {
    world = await startAccountsWorld({ accounts: { signUpPage: '/inscription', profilePage: '/profil' } });
  });
  after(() => world.close());

  it('replace the BFF’s, which it no longer serves', async () => {
    const user = world.browser();
    const landed = await world.signInWithFranceConnect(user, 'test', '/');
    assert.equal(landed.pathname, '/inscription');
    for (const path of ['/compte/inscription', '/compte/profil', '/compte/franceconnect.js']) {
      const response = await fetch(`${world.app.url}${path}`);
      assert.equal(response.status, 404, path);
      await response.body?.cancel();
    }
  });
});
