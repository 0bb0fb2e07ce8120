import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  demoClient,
  startMockFranceConnect,
  type RunningMockFranceConnect,
} from '@franceconnect-kit/mock-franceconnect';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { startNginx, type TestNginx } from '../helpers/nginx.js';
import { freePort, startProcess, type Started } from '../helpers/processes.js';

// The gateway: franceconnect-bff beside a site that cannot mount the router (a CMS), both behind a
// real nginx on one origin, configured with the recipe of docs/gateway/nginx.conf as it is written.
// nginx asks the BFF (`auth_request`) before passing a request for /espace-personnel/ to the site,
// with the person in X-Auth-* headers; a client's own X-Auth-* headers never reach the site.

const recipe = readFileSync(join(import.meta.dirname, '../../docs/gateway/nginx.conf'), 'utf8');

/** The recipe with this test's ports in place of the documented ones. */
function configured(ports: { nginx: number; bff: number; site: number }): string {
  const replacements: Array<[string, string]> = [
    ['listen 80;', `listen 127.0.0.1:${ports.nginx};`],
    ['127.0.0.1:3000', `127.0.0.1:${ports.bff}`],
    ['127.0.0.1:8080', `127.0.0.1:${ports.site}`],
  ];
  let text = recipe;
  for (const [from, to] of replacements) {
    assert.ok(text.includes(from), `the recipe has ${from}`);
    text = text.replaceAll(from, to);
  }
  return text;
}

interface SiteRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

/**
 * The site standing in for a CMS: public pages, and /espace-personnel/ greeting the person from the
 * X-Auth-Identity header as a PHP page would (`json_decode(base64_decode(...))`). It records every
 * request it receives, headers included.
 */
async function startSite(): Promise<{ port: number; seen: SiteRequest[]; close(): Promise<void> }> {
  const seen: SiteRequest[] = [];
  const escape = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push({ path, headers: req.headers });
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (path.startsWith('/espace-personnel/')) {
      const header = req.headers['x-auth-identity'];
      const { identity } = JSON.parse(
        Buffer.from(typeof header === 'string' ? header : '', 'base64').toString('utf8') || '{}',
      ) as { identity?: { given_name?: string; family_name?: string } };
      res.end(
        `<!doctype html><html lang="fr"><title>Mon espace</title><h1>Bonjour ${escape(
          `${identity?.given_name ?? '?'} ${identity?.family_name ?? '?'}`,
        )}</h1>`,
      );
      return;
    }
    res.end(
      '<!doctype html><html lang="fr"><title>Mairie de Démoville</title><h1>Accueil</h1><a href="/espace-personnel/">Mon espace</a>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const FORGED = {
  'X-Auth-User': 'intruder',
  'X-Auth-Method': 'franceconnect',
  'X-Auth-Acr': 'eidas3',
  'X-Auth-Identity': Buffer.from(
    JSON.stringify({ identity: { given_name: 'Usurpateur', family_name: 'FORGÉ' } }),
  ).toString('base64'),
  X_Auth_User: 'intruder-underscore',
};

describe('franceconnect-bff as a gateway behind nginx (auth_request)', () => {
  const cli = join(import.meta.dirname, '../../packages/bff/dist/cli.js');
  let folder: string;
  let fc: RunningMockFranceConnect;
  let site: Awaited<ReturnType<typeof startSite>>;
  let bff: Started;
  let nginx: TestNginx;
  let origin: string;
  let browser: Browser;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'fc-kit-gateway-'));
    const ports = { nginx: await freePort(), bff: await freePort(), site: 0 };
    origin = `http://127.0.0.1:${ports.nginx}`;
    site = await startSite();
    ports.site = site.port;
    const client = demoClient(origin);
    fc = await startMockFranceConnect({ port: 0, clients: [client] });
    bff = await startProcess(process.execPath, [cli], {
      env: {
        FC_ISSUER: fc.issuer,
        FC_CLIENT_ID: client.client_id,
        FC_CLIENT_SECRET: client.client_secret,
        PUBLIC_URL: origin,
        SESSION_SECRET: 'a gateway secret of more than thirty-two characters',
        DATABASE_PATH: join(folder, 'sessions.sqlite'),
        PORT: String(ports.bff),
        GATEWAY: 'on',
      },
      ready: /listening on/,
    });
    nginx = await startNginx(configured(ports), ports.nginx);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await nginx?.close();
    await bff?.stop();
    await fc?.close();
    await site?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('signs a person in with Chromium through nginx, and the site greets them from the headers nginx set', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const wanted = `${origin}/espace-personnel/demarches?onglet=cantine&annee=2026`;
      await page.goto(wanted);
      // Signed out: nginx sent the browser to the sign-in, which went on to FranceConnect.
      await page.waitForURL((url) => url.origin === fc.url);
      await page.locator('#identity-provider-form button').click();
      await page.locator('#login').fill('test');
      await page.locator('#password').fill('123');
      await page.locator('#login-form button[type=submit]').click();
      await page.locator('#consent-form button').click();
      await page.waitForURL(wanted);
      assert.equal(await page.locator('h1').textContent(), 'Bonjour Marie Anne DUPUIS');

      const me = (await (await context.request.get(`${origin}/api/me`)).json()) as {
        identity: { sub: string };
      };
      const received = site.seen.filter((request) => request.path.startsWith('/espace-personnel/'));
      assert.equal(received.length, 1, 'the site was reached once, signed in');
      assert.equal(received[0]?.path, '/espace-personnel/demarches?onglet=cantine&annee=2026');
      assert.equal(received[0]?.headers['x-auth-user'], me.identity.sub);
      assert.equal(received[0]?.headers['x-auth-method'], 'franceconnect');
      assert.equal(received[0]?.headers['x-auth-acr'], 'eidas1');
    } finally {
      await context.close();
    }
  });

  it('never lets a client’s own X-Auth-* headers reach the site, signed in or not', async () => {
    site.seen.length = 0;
    // Public page: the headers are removed.
    const home = await fetch(`${origin}/`, { headers: FORGED });
    assert.equal(home.status, 200);
    await home.body?.cancel();
    // Protected page, signed out: the site is not reached at all; the browser goes to the sign-in.
    const signedOut = await fetch(`${origin}/espace-personnel/?a=1&b=2`, {
      headers: FORGED,
      redirect: 'manual',
    });
    assert.equal(signedOut.status, 302);
    assert.equal(
      new URL(signedOut.headers.get('location') ?? '', origin).pathname +
        new URL(signedOut.headers.get('location') ?? '', origin).search,
      `/auth/login?returnTo=${encodeURIComponent('/espace-personnel/?a=1&b=2')}`,
    );
    assert.ok(!site.seen.some((request) => request.path.startsWith('/espace-personnel/')));

    // Protected page, signed in (a browser's session cookie) with forged headers: the BFF's answer wins.
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/auth/login?returnTo=/espace-personnel/`);
      await page.locator('#identity-provider-form button').click();
      await page.locator('#login').fill('nom_usage');
      await page.locator('#password').fill('123');
      await page.locator('#login-form button[type=submit]').click();
      await page.locator('#consent-form button').click();
      await page.waitForURL(`${origin}/espace-personnel/`);
      const cookie = (await context.cookies(origin)).map(({ name, value }) => `${name}=${value}`).join('; ');
      const signedIn = await fetch(`${origin}/espace-personnel/profil`, {
        headers: { ...FORGED, cookie, 'x-auth-user': 'intruder-lower-case' },
      });
      assert.equal(signedIn.status, 200);
      assert.equal(
        await signedIn.text().then((html) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1]),
        'Bonjour Julien MARTIN',
      );
    } finally {
      await context.close();
    }

    assert.ok(site.seen.length >= 3);
    for (const { path, headers } of site.seen) {
      const auth = Object.entries(headers).filter(([name]) => /^x[-_]auth/i.test(name));
      if (!path.startsWith('/espace-personnel/')) {
        assert.deepEqual(auth, [], `no X-Auth-* header on the public ${path}`);
        continue;
      }
      const values = auth.map(([, value]) => String(value)).join('\n');
      assert.ok(!values.includes('intruder'), `${path}: ${values}`);
      assert.ok(!values.includes(FORGED['X-Auth-Identity']), `${path}: forged identity passed`);
      assert.equal(headers['x-auth-method'], 'franceconnect');
      assert.ok(!('x_auth_user' in headers), 'headers with underscores are dropped');
    }
  });

  it('answers 401 to the proxy without a session, with a sign-in that never leaves the site', async () => {
    const direct = new URL(bff.output().match(/listening on (http:\/\/[^"\s]+)/)?.[1] ?? '');
    const anonymous = await fetch(new URL('/auth/verify', direct), {
      headers: { ...FORGED, 'x-original-uri': '//evil.example/phish' },
    });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('x-auth-user'), null);
    assert.equal(anonymous.headers.get('x-auth-login'), '/auth/login?returnTo=%2F', 'never off-site');
    assert.equal(anonymous.headers.get('cache-control'), 'no-store');
    const redirect = await fetch(new URL('/auth/verify?login=redirect', direct), {
      headers: { 'x-forwarded-uri': '/espace-personnel/' },
      redirect: 'manual',
    });
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.get('location'), '/auth/login?returnTo=%2Fespace-personnel%2F');
  });
});
