import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoClient, type RunningMockFranceConnect } from '@franceconnect-kit/mock-franceconnect';
import { FranceConnectUser } from '../helpers/franceconnect-user.js';
import { authorizeUrl, CALLBACK, SERVICE, startFranceConnect, validParameters } from './support.js';

/** GET /authorize with exactly these parameters, redirects not followed. */
async function authorize(
  fc: RunningMockFranceConnect,
  parameters: Record<string, string>,
): Promise<Response> {
  return fetch(authorizeUrl(fc, parameters), { redirect: 'manual' });
}

/** The answer must be FranceConnect's error page: HTTP 400, HTML, the code, and no redirect. */
async function assertErrorPage(response: Response, code: string, mentions?: RegExp): Promise<void> {
  const body = await response.text();
  assert.equal(response.status, 400, body.slice(0, 200));
  assert.equal(response.headers.get('location'), null);
  assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(body, /<html lang="fr">/);
  assert.match(body, new RegExp(`id="error-code">${code}<`));
  if (mentions) assert.match(body, mentions);
}

/** The answer must send the browser to the service's callback with this error. */
function assertErrorRedirect(
  response: Response,
  error: string,
  state: string,
  issuer: string,
): URLSearchParams {
  assert.ok(response.status >= 300 && response.status < 400, `status ${response.status}`);
  const location = new URL(response.headers.get('location') ?? '');
  assert.equal(`${location.origin}${location.pathname}`, CALLBACK);
  assert.equal(location.searchParams.get('error'), error);
  assert.ok(location.searchParams.get('error_description'));
  assert.equal(location.searchParams.get('state'), state);
  assert.equal(location.searchParams.get('iss'), issuer);
  return location.searchParams;
}

function assertAccepted(response: Response): void {
  assert.equal(response.status, 303);
  assert.match(response.headers.get('location') ?? '', /^\/interaction\/[\w-]+$/);
}

describe('/authorize is as strict as FranceConnect', () => {
  let fc: RunningMockFranceConnect;
  const restricted = {
    ...demoClient('http://127.0.0.1:4996'),
    client_id: 'restricted-service',
    scopes: ['openid', 'given_name', 'family_name'],
  };

  before(async () => {
    fc = await startFranceConnect({ clients: [SERVICE, restricted] });
  });
  after(() => fc.close());

  it('accepts a request with exactly FranceConnect’s parameters (and sends the browser to the screens)', async () => {
    assertAccepted(await authorize(fc, validParameters()));
    assertAccepted(
      await authorize(
        fc,
        validParameters({
          prompt: 'login consent',
          claims: JSON.stringify({ id_token: { amr: { essential: true } } }),
          ui_locales: 'fr',
          idp_hint: 'demonstration',
        }),
      ),
    );
  });

  for (const name of [
    'acr_values',
    'state',
    'nonce',
    'response_type',
    'client_id',
    'redirect_uri',
    'scope',
  ]) {
    it(`shows error Y030007 when ${name} is missing`, async () => {
      await assertErrorPage(
        await authorize(fc, validParameters({ [name]: undefined })),
        'Y030007',
        new RegExp(name),
      );
    });
  }

  it('shows error Y030007 for a nonce under 22 characters, and accepts 22', async () => {
    await assertErrorPage(
      await authorize(fc, validParameters({ nonce: 'n'.repeat(21) })),
      'Y030007',
      /nonce/,
    );
    assertAccepted(await authorize(fc, validParameters({ nonce: 'n'.repeat(22) })));
  });

  for (const prompt of ['none', 'select_account', 'login none', '']) {
    it(`shows error Y030007 for prompt=${JSON.stringify(prompt)}`, async () => {
      await assertErrorPage(await authorize(fc, validParameters({ prompt })), 'Y030007', /prompt/);
    });
  }

  for (const extra of [
    { code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' },
    { code_challenge_method: 'S256' },
    { response_mode: 'form_post' },
    { max_age: '0' },
    { login_hint: 'test' },
    { request: 'eyJhbGciOiJub25lIn0.e30.' },
    { foo: 'bar' },
  ]) {
    it(`shows error Y030007 for a parameter FranceConnect does not list: ${Object.keys(extra).join(', ')}`, async () => {
      await assertErrorPage(
        await authorize(fc, validParameters(extra)),
        'Y030007',
        new RegExp(Object.keys(extra)[0] ?? ''),
      );
    });
  }

  it('shows error Y030007 for a repeated parameter', async () => {
    const url = authorizeUrl(fc, validParameters());
    url.searchParams.append('state', 'another');
    await assertErrorPage(await fetch(url, { redirect: 'manual' }), 'Y030007', /state/);
  });

  for (const responseType of ['token', 'id_token', 'code id_token', 'none']) {
    it(`shows error Y030007 for response_type=${responseType}`, async () => {
      await assertErrorPage(
        await authorize(fc, validParameters({ response_type: responseType })),
        'Y030007',
        /response_type/,
      );
    });
  }

  it('shows error Y030007 for a scope without openid', async () => {
    await assertErrorPage(
      await authorize(fc, validParameters({ scope: 'given_name family_name' })),
      'Y030007',
      /openid/,
    );
  });

  it('shows an error page, not a redirect, for an unknown client', async () => {
    await assertErrorPage(
      await authorize(fc, validParameters({ client_id: 'f'.repeat(64) })),
      'Y000400',
      /invalid_client/,
    );
  });

  it('shows an error page, not a redirect, for an unregistered redirect_uri', async () => {
    for (const redirect of [
      'https://evil.example/callback',
      `${CALLBACK}/`,
      `${CALLBACK}?x=1`,
      CALLBACK.toUpperCase(),
    ]) {
      await assertErrorPage(
        await authorize(fc, validParameters({ redirect_uri: redirect })),
        'Y000400',
        /redirect_uri/,
      );
    }
  });

  it('sends invalid_acr back to the service for acr_values other than eidas1', async () => {
    for (const acr of ['eidas2', 'eidas3', 'anything']) {
      const parameters = validParameters({ acr_values: acr });
      const params = assertErrorRedirect(
        await authorize(fc, parameters),
        'invalid_acr',
        parameters.state ?? '',
        fc.issuer,
      );
      assert.match(params.get('error_description') ?? '', new RegExp(`expected eidas1, got ${acr}`));
    }
  });

  it('sends invalid_scope back for a scope outside the client’s habilitation, known or not', async () => {
    for (const scope of [
      'openid given_name email',
      'openid given_name cnaf_quotient_familial',
      'openid unknown_scope',
    ]) {
      const parameters = validParameters({
        client_id: restricted.client_id,
        redirect_uri: restricted.redirect_uris[0],
        scope,
      });
      const response = await authorize(fc, parameters);
      assert.equal(response.status, 303, scope);
      const location = new URL(response.headers.get('location') ?? '');
      assert.equal(`${location.origin}${location.pathname}`, restricted.redirect_uris[0]);
      assert.equal(location.searchParams.get('error'), 'invalid_scope', scope);
      assert.ok(location.searchParams.get('error_description'), scope);
      assert.equal(location.searchParams.get('state'), parameters.state);
      assert.equal(location.searchParams.get('iss'), fc.issuer);
    }
    assertAccepted(
      await authorize(
        fc,
        validParameters({
          client_id: restricted.client_id,
          redirect_uri: restricted.redirect_uris[0],
          scope: 'openid given_name',
        }),
      ),
    );
  });

  it('sends invalid_request back for a claims parameter that is not JSON', async () => {
    const parameters = validParameters({ claims: '{not json' });
    assertErrorRedirect(
      await authorize(fc, parameters),
      'invalid_request',
      parameters.state ?? '',
      fc.issuer,
    );
  });

  it('shows error Y030016 for an idp_hint that is not an allowed identity provider', async () => {
    await assertErrorPage(
      await authorize(fc, validParameters({ idp_hint: 'impots.gouv' })),
      'Y030016',
      /idp_hint/,
    );
  });

  it('skips the identity-provider choice when idp_hint names « Démonstration »', async () => {
    const user = new FranceConnectUser({ franceConnectUrl: fc.url });
    const departure = await user.signIn(authorizeUrl(fc, validParameters({ idp_hint: 'demonstration' })));
    assert.deepEqual(departure.screens, ['login', 'consent']);
  });

  it('accepts a POSTed form with the same rules', async () => {
    const post = (parameters: Record<string, string>) =>
      fetch(`${fc.issuer}/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(parameters),
      });
    assertAccepted(await post(validParameters()));
    await assertErrorPage(
      await post(validParameters({ code_challenge: 'x'.repeat(43) })),
      'Y030007',
      /code_challenge/,
    );
    await assertErrorPage(await post(validParameters({ nonce: 'short' })), 'Y030007', /nonce/);
    const acr = validParameters({ acr_values: 'eidas2' });
    assertErrorRedirect(await post(acr), 'invalid_acr', acr.state ?? '', fc.issuer);

    const user = new FranceConnectUser({ franceConnectUrl: fc.url });
    const attempt = await user.fetch(`${fc.issuer}/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(validParameters()),
    });
    const departure = await user.signIn(new URL(attempt.headers.get('location') ?? '', fc.url));
    assert.ok(departure.params.get('code'));
  });

  it('refuses a POSTed body that is not a form', async () => {
    const response = await fetch(`${fc.issuer}/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(validParameters()),
    });
    await assertErrorPage(response, 'Y030007');
  });
});
