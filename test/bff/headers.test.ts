import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBffApp } from '@franceconnect-kit/bff';
import { freePort } from '../helpers/processes.js';
import { attemptSignIn } from './helpers/attempt.js';
import { SESSION_SECRET, startForgedPair } from './helpers/bff.js';
import { CookieAgent } from './helpers/cookie-agent.js';
import { capturingLogger } from './helpers/logs.js';

// security.md "CSRF and headers", qualification #13 (no iframes).

function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((tokens) => tokens[0])
      .map(([name = '', ...values]) => [name, values]),
  );
}

function assertNoFraming(response: Response, what: string): void {
  assert.deepEqual(
    directives(response.headers.get('content-security-policy')).get('frame-ancestors'),
    ["'none'"],
    what,
  );
  assert.equal(response.headers.get('x-frame-options'), 'DENY', what);
}

describe('BFF response headers', () => {
  let pair: Awaited<ReturnType<typeof startForgedPair>>;
  before(async () => {
    pair = await startForgedPair();
  });
  after(async () => {
    await pair.close();
  });

  it('forbid framing, referrers and caching on every BFF route', async () => {
    const attempt = await attemptSignIn(pair.app);
    const { csrfToken } = (await (await attempt.agent.fetch(`${pair.app.url}/api/me`)).json()) as {
      csrfToken: string;
    };
    const responses: Array<[string, Response]> = [
      ['login', await attempt.agent.fetch(`${pair.app.url}/auth/login`)],
      ['callback', attempt.response],
      [
        'callback with a bad state',
        await attempt.agent.fetch(`${pair.app.url}/auth/callback?state=x&code=y`),
      ],
      ['me', await attempt.agent.fetch(`${pair.app.url}/api/me`)],
      ['me anonymous', await fetch(`${pair.app.url}/api/me`)],
      ['healthz', await fetch(`${pair.app.url}/healthz`)],
      ['logout callback', await attempt.agent.fetch(`${pair.app.url}/auth/logout/callback?state=x`)],
      [
        'logout',
        await attempt.agent.fetch(`${pair.app.url}/auth/logout`, {
          method: 'POST',
          headers: { 'x-csrf-token': csrfToken },
        }),
      ],
      ['refused logout', await fetch(`${pair.app.url}/auth/logout`, { method: 'POST', redirect: 'manual' })],
    ];
    for (const [what, response] of responses) {
      assertNoFraming(response, what);
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer', what);
      assert.equal(response.headers.get('cache-control'), 'no-store', what);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', what);
      assert.equal(response.headers.get('x-powered-by'), null, what);
    }
  });

  it('send redirects as a Location and an empty body, through the redirect guard', async () => {
    const agent = new CookieAgent();
    const { origin } = new URL(pair.provider.issuer);
    for (const method of ['GET', 'HEAD']) {
      const login = await agent.fetch(`${pair.app.url}/auth/login?returnTo=/demarches`, { method });
      assert.equal(login.status, 302, method);
      assert.equal(new URL(login.headers.get('location') ?? '').origin, origin, method);
      assert.equal(login.headers.get('content-length'), '0', method);
      assert.equal(await login.text(), '', method);
      assertNoFraming(login, method);
    }
    // A 303 of the callback (no pending attempt): home, empty too.
    const back = await agent.fetch(`${pair.app.url}/auth/callback?state=${'x'.repeat(43)}&code=y`);
    assert.equal(back.status, 303);
    assert.equal(back.headers.get('content-length'), '0');
    assert.equal(await back.text(), '');
  });

  it('allow a BFF page nothing but its own stylesheet', async () => {
    const response = await new CookieAgent().fetch(`${pair.app.url}/auth/login?prompt=none`);
    const html = await response.text();
    const csp = directives(response.headers.get('content-security-policy'));
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('base-uri'), ["'none'"]);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
    assert.deepEqual(csp.get('style-src'), [hash], 'the inline stylesheet is not the one the policy allows');
    assert.equal(/<script/i.test(html), false);
  });
});

describe('the standalone server’s static pages', () => {
  it('cannot be framed and may post forms to FranceConnect (logout)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bff-static-'));
    writeFileSync(join(folder, 'index.html'), '<!doctype html><title>Accueil</title><h1>Accueil</h1>');
    const port = await freePort();
    const { app, bff } = createBffApp({
      issuer: 'https://oidc.franceconnect.gouv.fr/api/v2',
      clientId: 'client',
      clientSecret: 'secret',
      publicUrl: `http://127.0.0.1:${port}`,
      sessionSecret: SESSION_SECRET,
      sessionStore: 'memory',
      logger: capturingLogger().logger,
      staticDir: folder,
    });
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(port, '127.0.0.1', () => resolve(listening));
    });
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /<h1>Accueil<\/h1>/);
      assertNoFraming(response, 'static page');
      const csp = directives(response.headers.get('content-security-policy'));
      assert.deepEqual(csp.get('form-action'), ["'self'", 'https://oidc.franceconnect.gouv.fr']);
      assert.equal(
        csp.has('upgrade-insecure-requests'),
        false,
        'an http development URL must not be upgraded',
      );
      // Only what the kit's elements and the demo use: nothing inline, nothing from elsewhere.
      assert.deepEqual(Object.fromEntries(csp), {
        'default-src': ["'none'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'"],
        'style-src-attr': ["'none'"],
        'img-src': ["'self'"],
        'connect-src': ["'self'"],
        'manifest-src': ["'self'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'", 'https://oidc.franceconnect.gouv.fr'],
        'frame-ancestors': ["'none'"],
      });
      const sources = [...csp.values()].flat();
      for (const loose of ["'unsafe-inline'", "'unsafe-eval'", 'https:', 'data:', '*']) {
        assert.equal(sources.includes(loose), false, `${loose} is allowed`);
      }
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await bff.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
