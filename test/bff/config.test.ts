import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  BffConfigurationError,
  configFromEnv,
  createFranceConnectBff,
  DEFAULTS,
  FRANCECONNECT_ISSUERS,
  parseDuration,
} from '@franceconnect-kit/bff';
import { DEFAULT_SCOPES } from '@franceconnect-kit/protocol';
import { freePort, startProcess } from '../helpers/processes.js';
import { startForgingProvider } from './helpers/forging-provider.js';

// One zod schema for the environment and the options: defaults, FC_ENV presets, and a bad
// configuration reported one line per bad variable (exit code 2 for the server).

const REQUIRED = {
  FC_CLIENT_ID: 'client-id',
  FC_CLIENT_SECRET: 'client-secret',
  PUBLIC_URL: 'https://demarches.example.fr',
  SESSION_SECRET: 'x'.repeat(32),
};

describe('configFromEnv', () => {
  it('applies the documented defaults', () => {
    const result = configFromEnv(REQUIRED);
    assert.ok(result.ok);
    assert.equal(result.settings.issuer, FRANCECONNECT_ISSUERS.local);
    assert.equal(result.settings.sessionStore, 'sqlite');
    assert.equal(result.settings.databasePath, DEFAULTS.databasePath);
    assert.deepEqual(result.settings.scopes, [...DEFAULT_SCOPES]);
    assert.equal(result.settings.acrValues, 'eidas1');
    assert.equal(result.settings.signingAlgorithm, 'ES256');
    assert.equal(result.settings.sessionIdleTimeout, 1800);
    assert.equal(result.settings.sessionAbsoluteTimeout, 43_200);
    assert.equal(result.settings.httpTimeout, 10);
    assert.deepEqual(result.settings.sessionSecret, ['x'.repeat(32)]);
    assert.equal(result.settings.publicUrl, 'https://demarches.example.fr');
    assert.equal(result.server.port, 3000);
    assert.equal(result.server.host, '127.0.0.1');
    assert.equal(result.server.staticDir, undefined);
  });

  it('presets the issuer with FC_ENV, and lets FC_ISSUER override it', () => {
    const issuers = Object.fromEntries(
      (['local', 'sandbox', 'production'] as const).map((env) => {
        const result = configFromEnv({ ...REQUIRED, FC_ENV: env });
        assert.ok(result.ok);
        return [env, result.settings.issuer];
      }),
    );
    assert.deepEqual(issuers, {
      local: 'http://127.0.0.1:3001/api/v2',
      sandbox: 'https://fcp-low.sbx.dev-franceconnect.fr/api/v2',
      production: 'https://oidc.franceconnect.gouv.fr/api/v2',
    });
    const custom = configFromEnv({
      ...REQUIRED,
      FC_ENV: 'production',
      FC_ISSUER: 'https://fc.example/api/v2/',
    });
    assert.ok(custom.ok);
    assert.equal(custom.settings.issuer, 'https://fc.example/api/v2');
  });

  it('reads every variable', () => {
    const result = configFromEnv({
      ...REQUIRED,
      SESSION_STORE: 'redis',
      REDIS_URL: 'redis://cache:6380',
      DATABASE_PATH: '/data/s.sqlite',
      FC_SCOPES: 'openid  given_name family_name',
      FC_ACR_VALUES: 'eidas2',
      FC_SIGNING_ALG: 'RS256',
      SESSION_IDLE_TIMEOUT: '15m',
      SESSION_ABSOLUTE_TIMEOUT: '8h',
      FC_HTTP_TIMEOUT: '5',
      PORT: '8080',
      HOST: '0.0.0.0',
      STATIC_DIR: 'public',
      TRUST_PROXY: '1',
      ACCOUNTS: 'on',
      LOG_LEVEL: 'warn',
      METRICS_PORT: '9464',
      METRICS_HOST: '0.0.0.0',
      SHUTDOWN_TIMEOUT: '30s',
    });
    assert.ok(result.ok);
    assert.equal(result.settings.sessionStore, 'redis');
    assert.equal(result.settings.redisUrl, 'redis://cache:6380');
    assert.equal(result.settings.databasePath, '/data/s.sqlite');
    assert.deepEqual(result.settings.scopes, ['openid', 'given_name', 'family_name']);
    assert.equal(result.settings.acrValues, 'eidas2');
    assert.equal(result.settings.signingAlgorithm, 'RS256');
    assert.equal(result.settings.sessionIdleTimeout, 900);
    assert.equal(result.settings.sessionAbsoluteTimeout, 28_800);
    assert.equal(result.settings.httpTimeout, 5);
    assert.deepEqual(result.server, {
      port: 8080,
      host: '0.0.0.0',
      staticDir: 'public',
      trustProxy: '1',
      accounts: true,
      logLevel: 'warn',
      metricsPort: 9464,
      metricsHost: '0.0.0.0',
      shutdownTimeout: 30,
    });
  });

  it('names every bad variable, one line each', () => {
    const result = configFromEnv({
      FC_ENV: 'staging',
      FC_ISSUER: 'ftp://fc.example',
      FC_CLIENT_SECRET: 'secret',
      PUBLIC_URL: 'http://demarches.example.fr',
      SESSION_SECRET: 'short',
      SESSION_STORE: 'postgres',
      REDIS_URL: 'http://cache',
      FC_SCOPES: 'given_name',
      FC_ACR_VALUES: 'eidas9',
      FC_SIGNING_ALG: 'HS256',
      SESSION_IDLE_TIMEOUT: 'soon',
      SESSION_ABSOLUTE_TIMEOUT: '0',
      FC_HTTP_TIMEOUT: '-1',
      PORT: '70000',
      LOG_LEVEL: 'verbose',
    });
    assert.equal(result.ok, false);
    const problems = result.ok ? [] : result.problems;
    const variables = problems.map((line) => line.split(':')[0]);
    assert.deepEqual(
      [...variables].sort(),
      [
        'FC_ACR_VALUES', 'FC_CLIENT_ID', 'FC_ENV', 'FC_HTTP_TIMEOUT', 'FC_ISSUER', 'FC_SCOPES', 'FC_SIGNING_ALG', 'LOG_LEVEL',
        'PORT', 'PUBLIC_URL', 'REDIS_URL', 'SESSION_ABSOLUTE_TIMEOUT', 'SESSION_IDLE_TIMEOUT', 'SESSION_SECRET', 'SESSION_STORE',
      ], // prettier-ignore
    );
    assert.match(problems.find((line) => line.startsWith('SESSION_SECRET')) ?? '', /32 characters/);
    assert.match(problems.find((line) => line.startsWith('PUBLIC_URL')) ?? '', /https/);
    assert.match(problems.find((line) => line.startsWith('FC_SCOPES')) ?? '', /openid/);
  });

  it('refuses an absolute lifetime shorter than the idle timeout', () => {
    const result = configFromEnv({ ...REQUIRED, SESSION_IDLE_TIMEOUT: '2h', SESSION_ABSOLUTE_TIMEOUT: '1h' });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.problems[0]?.startsWith('SESSION_ABSOLUTE_TIMEOUT:'));
  });

  it('parses durations', () => {
    assert.equal(parseDuration('90'), 90);
    assert.equal(parseDuration('90s'), 90);
    assert.equal(parseDuration('30m'), 1800);
    assert.equal(parseDuration('12h'), 43_200);
    assert.equal(parseDuration('7d'), 604_800);
    for (const bad of ['', 'm', '1.5h', '-1', '1w', '10 minutes'])
      assert.equal(parseDuration(bad), undefined, bad);
  });
});

describe('createFranceConnectBff options', () => {
  it('throws one BffConfigurationError listing every bad option', () => {
    assert.throws(
      () =>
        createFranceConnectBff({
          clientId: '',
          clientSecret: 'secret',
          publicUrl: 'https://demarches.example.fr/app',
          sessionSecret: 'short',
          home: 'https://evil.example',
          pages: { cancelled: '//evil.example' },
          onSignIn: 'not a function' as never,
        }),
      (error: unknown) => {
        assert.ok(error instanceof BffConfigurationError);
        const options = error.problems.map((line) => line.split(':')[0]);
        assert.deepEqual(options.sort(), [
          'clientId',
          'home',
          'onSignIn',
          'pages.cancelled',
          'publicUrl',
          'sessionSecret',
        ]);
        return true;
      },
    );
  });
});

describe('the franceconnect-bff command', () => {
  const cli = join(import.meta.dirname, '../../packages/bff/dist/cli.js');

  it('exits with code 2 and one line per bad variable', async () => {
    const child = spawn(process.execPath, [cli], {
      env: {
        PATH: process.env.PATH,
        FC_CLIENT_ID: 'id',
        PUBLIC_URL: 'http://demarches.example.fr',
        SESSION_SECRET: 'short',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
    assert.deepEqual(
      stderr
        .trim()
        .split('\n')
        .map((line) => line.split(':')[0]),
      ['FC_CLIENT_SECRET', 'PUBLIC_URL', 'SESSION_SECRET'],
    );
  });

  it('serves the BFF and a static folder from the environment, and stops cleanly on SIGTERM', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bff-cli-'));
    writeFileSync(join(folder, 'index.html'), '<!doctype html><title>Accueil</title><h1>Mon service</h1>');
    const port = await freePort();
    const provider = await startForgingProvider({
      redirectUri: `http://127.0.0.1:${port}/auth/callback`,
      postLogoutRedirectUri: `http://127.0.0.1:${port}/auth/logout/callback`,
    });
    const server = await startProcess(process.execPath, [cli], {
      env: {
        FC_ISSUER: provider.issuer,
        FC_CLIENT_ID: provider.clientId,
        FC_CLIENT_SECRET: provider.clientSecret,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        SESSION_SECRET: 'x'.repeat(40),
        DATABASE_PATH: join(folder, 'var', 'sessions.sqlite'),
        PORT: String(port),
        STATIC_DIR: folder,
      },
      ready: /listening on/,
    });
    try {
      const page = await fetch(`http://127.0.0.1:${port}/`);
      assert.match(await page.text(), /Mon service/);
      const login = await fetch(`http://127.0.0.1:${port}/auth/login`, { redirect: 'manual' });
      assert.equal(login.status, 302);
      assert.ok(login.headers.get('location')?.startsWith(`${provider.issuer}/authorize?`));
      const lines = server.output().trim().split('\n');
      assert.ok(
        lines.every((line) => JSON.parse(line) as unknown),
        'the server logs JSON lines',
      );
      const exit = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
      server.child.kill('SIGTERM');
      assert.equal(await exit, 0);
    } finally {
      await server.stop();
      await provider.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
