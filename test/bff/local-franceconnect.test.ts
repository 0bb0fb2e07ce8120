import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MeResponse, OutboundInterceptor } from '@franceconnect-kit/bff';
import {
  demoClient,
  startMockFranceConnect,
  type RunningMockFranceConnect,
} from '@franceconnect-kit/mock-franceconnect';
import { FranceConnectUser } from '../helpers/franceconnect-user.js';
import { freePort } from '../helpers/processes.js';
import { assertNotLogged, tamperLast } from './helpers/attempt.js';
import { startTestBff, type TestBff } from './helpers/bff.js';

// The whole journey against the local FranceConnect (the real OpenID Provider of the kit, as strict
// as FranceConnect v2): qualification #8 (sign-in works), #9 (logout ends the FranceConnect
// session), #20 (state tampering), and security.md's "tokens never reach the browser" and "logs
// without secrets".

describe('against the local FranceConnect', () => {
  let fc: RunningMockFranceConnect;
  let app: TestBff;
  let folder: string;
  /** Everything FranceConnect handed to the BFF server-side (tokens), seen through the outbound layer. */
  const issuedTokens: string[] = [];
  const observe: OutboundInterceptor = async (url, request, send) => {
    const response = await send(url, request);
    if (url.endsWith('/token') && response.status === 200) {
      const body = (await response.clone().json()) as Record<string, unknown>;
      for (const name of ['access_token', 'id_token']) {
        if (typeof body[name] === 'string') issuedTokens.push(body[name]);
      }
    }
    return response;
  };

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'bff-mock-'));
    const port = await freePort();
    const client = demoClient(`http://127.0.0.1:${port}`);
    fc = await startMockFranceConnect({ port: 0, clients: [client] });
    app = await startTestBff(port, {
      issuer: fc.issuer,
      clientId: client.client_id,
      clientSecret: client.client_secret,
      sessionStore: 'sqlite',
      databasePath: join(folder, 'sessions.sqlite'),
      interceptOutbound: observe,
    });
  });
  after(async () => {
    await app.close();
    await fc.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const user = () => new FranceConnectUser({ franceConnectUrl: fc.url });

  async function me(agent: FranceConnectUser): Promise<{ status: number; body: MeResponse | undefined }> {
    const response = await agent.fetch(`${app.url}/api/me`, { headers: { accept: 'application/json' } });
    return {
      status: response.status,
      body: response.status === 200 ? ((await response.json()) as MeResponse) : undefined,
    };
  }

  async function signIn(agent: FranceConnectUser, returnTo = '/profil') {
    const departure = await agent.signIn(`${app.url}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    assert.equal(`${departure.url.origin}${departure.url.pathname}`, `${app.url}/auth/callback`);
    const back = await agent.navigate(departure.url);
    return { departure, back };
  }

  async function logout(agent: FranceConnectUser) {
    const { body } = await me(agent);
    const response = await agent.fetch(`${app.url}/auth/logout`, {
      method: 'POST',
      headers: {
        'x-csrf-token': body?.csrfToken ?? '',
        'content-type': 'application/x-www-form-urlencoded',
        origin: app.url,
      },
      body: '',
    });
    assert.equal(response.status, 303);
    return new URL(response.headers.get('location') ?? '');
  }

  it('signs in through the FranceConnect screens and lands back signed in (qualification #8)', async () => {
    const agent = user();
    const { departure, back } = await signIn(agent);
    assert.deepEqual(departure.screens, ['identity-provider', 'login', 'consent']);
    assert.equal(back.url.pathname, '/profil');
    const { status, body } = await me(agent);
    assert.equal(status, 200);
    assert.match(body?.identity?.sub ?? '', /^[0-9a-f]{64}v1$/);
    assert.deepEqual(
      { ...body?.identity, sub: undefined },
      {
        sub: undefined,
        given_name: 'Marie Anne',
        given_name_array: ['Marie', 'Anne'],
        family_name: 'DUPUIS',
        preferred_username: '',
        birthdate: '1980-04-12',
        gender: 'female',
        birthplace: '75112',
        birthcountry: '99100',
        email: 'marie.dupuis@example.com',
      },
    );
    assert.equal(body?.account, null);
    assert.match(body?.csrfToken ?? '', /^[A-Za-z0-9]{32,}$/);
    assert.ok(Date.parse(body?.expiresAt ?? '') > Date.now());
  });

  it('logs out of FranceConnect too: signing in again asks for the password (qualification #9)', async () => {
    const agent = user();
    await signIn(agent);
    // Control: within FranceConnect's session, a second sign-in shows only the consent screen.
    const again = await signIn(agent);
    assert.deepEqual(again.departure.screens, ['consent']);
    const oldCookie = agent.jar.header(new URL(app.url));

    const endSession = await logout(agent);
    assert.equal(`${endSession.origin}${endSession.pathname}`, `${fc.issuer}/session/end`);
    assert.ok(endSession.searchParams.get('id_token_hint'));
    assert.match(endSession.searchParams.get('state') ?? '', /^[A-Za-z0-9]{32,}$/);
    assert.equal(endSession.searchParams.get('post_logout_redirect_uri'), `${app.url}/auth/logout/callback`);
    const departure = await agent.signOut(endSession);
    assert.equal(departure.url.pathname, '/auth/logout/callback');
    assert.equal(departure.params.get('state'), endSession.searchParams.get('state'));
    const home = await agent.navigate(departure.url);
    assert.equal(`${home.url.pathname}${home.url.search}`, '/');
    assert.equal((await me(agent)).status, 204);

    // The cookie of the ended session is worth nothing.
    const replay = await fetch(`${app.url}/api/me`, { headers: { cookie: oldCookie ?? '' } });
    assert.equal(replay.status, 204);

    const afterLogout = await signIn(agent);
    assert.deepEqual(afterLogout.departure.screens, ['identity-provider', 'login', 'consent']);
  });

  it('shows « Connexion annulée » when the user goes back from FranceConnect, with a retry link', async () => {
    for (const screen of ['login', 'consent'] as const) {
      const agent = user();
      const departure = await agent.signIn(`${app.url}/auth/login?returnTo=/profil`, { cancelAt: screen });
      assert.equal(departure.params.get('error'), 'access_denied');
      const response = await agent.fetch(departure.url);
      assert.equal(response.status, 200);
      const html = await response.text();
      assert.match(html, /<h1>Connexion annulée<\/h1>/);
      assert.match(html, /href="\/auth\/login\?returnTo=%2Fprofil"/);
      assert.equal((await me(agent)).status, 204);
    }
  });

  it('stops the journey when the state is tampered with (qualification #20)', async () => {
    const agent = user();
    const departure = await agent.signIn(`${app.url}/auth/login?returnTo=/profil`);
    const tampered = new URL(departure.url);
    tampered.searchParams.set('state', tamperLast(tampered.searchParams.get('state') ?? ''));
    const response = await agent.fetch(tampered);
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/?notice=login-interrupted');
    assert.equal((await me(agent)).status, 204);
  });

  it('never lets a token or the code reach the browser, and logs none of them nor the identity', async () => {
    const agent = user();
    const seen: string[] = [];
    const record = async (response: Response) => {
      response.headers.forEach((value, name) => seen.push(`${name}: ${value}`));
      seen.push(await response.clone().text());
    };
    const login = await agent.fetch(`${app.url}/auth/login?returnTo=/profil`);
    await record(login);
    const departure = await agent.signIn(login.headers.get('location') ?? '');
    const code = departure.params.get('code') ?? '';
    const callback = await agent.fetch(departure.url);
    await record(callback);
    const meResponse = await agent.fetch(`${app.url}/api/me`);
    await record(meResponse);
    const { identity } = (await meResponse.json()) as MeResponse;
    assert.ok(identity, 'signed in through FranceConnect');
    const endSession = await logout(agent);
    await record(
      await agent.fetch(
        new URL(`/auth/logout/callback?state=${endSession.searchParams.get('state') ?? ''}`, app.url),
      ),
    );

    assert.ok(issuedTokens.length >= 2, 'the token response was observed');
    const browser = seen.join('\n');
    for (const token of issuedTokens) {
      if (browser.includes(token)) {
        // The ID token goes back to FranceConnect as id_token_hint: that redirect is the one exception.
        assert.ok(endSession.searchParams.get('id_token_hint') === token, 'a token reached the browser');
      }
    }
    assert.equal(browser.includes(code), false, 'the code was echoed back');
    assert.doesNotMatch(browser, /access_token|id_token"|"code"/);

    const cookieValues =
      agent.jar
        .header(new URL(app.url))
        ?.split('; ')
        .map((pair) => pair.split('=')[1]) ?? [];
    assertNotLogged(app.lines, [
      ...issuedTokens,
      code,
      departure.params.get('state') ?? undefined,
      endSession.searchParams.get('state') ?? undefined,
      ...cookieValues.map((value) => decodeURIComponent(value ?? '')),
      identity.sub,
      identity.given_name,
      identity.family_name,
      identity.birthdate,
      identity.email,
      fc.clients[0]?.client_secret,
    ]);
    const entries = app.entries();
    assert.ok(entries.some((entry) => entry.event === 'login.succeeded'));
    assert.ok(
      entries
        .filter((entry) => entry.event === 'http.request')
        .every((entry) => typeof entry.reqId === 'string'),
    );
    assert.ok(
      entries
        .filter((entry) => entry.event === 'http.request')
        .every((entry) => !String(entry.path).includes('?')),
      'a logged path carries its query',
    );
  });
});
