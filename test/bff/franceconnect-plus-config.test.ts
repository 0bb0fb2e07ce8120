import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BffConfigurationError,
  configFromEnv,
  createFranceConnectBff,
  FRANCECONNECT_PLUS_ISSUERS,
  generateEncryptionKey,
  parseEncryptionKeys,
  type FranceConnectBffOptions,
} from '@franceconnect-kit/bff';

// FranceConnect+'s configuration: the FC_PLUS_* variables and the `franceconnectPlus` option, checked as
// FranceConnect's own (every bad value named), its issuers per environment, and the service's encryption
// keys: generated once in development (0600, kept), required outside it, each bad key named.

const BASE = {
  FC_CLIENT_ID: 'client',
  FC_CLIENT_SECRET: 'secret',
  PUBLIC_URL: 'https://demarches.example.fr',
  SESSION_SECRET: 'x'.repeat(40),
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  const config = configFromEnv({ ...BASE, ...env });
  return config.ok ? [] : config.problems;
}

describe('FranceConnect+ from the environment', () => {
  it('is off without FC_PLUS_CLIENT_ID, on with it, its issuer following FC_ENV', () => {
    const off = configFromEnv(BASE);
    assert.ok(off.ok);
    assert.equal(off.settings.franceconnectPlus, undefined);
    for (const [environment, issuer] of [
      ['sandbox', 'https://auth.integ01.dev-franceconnect.fr/api/v2'],
      ['production', 'https://auth.franceconnect.gouv.fr/api/v2'],
      ['local', 'http://127.0.0.1:3003/api/v2'],
    ] as const) {
      const config = configFromEnv({
        ...BASE,
        FC_ENV: environment,
        FC_PLUS_CLIENT_ID: 'plus',
        FC_PLUS_CLIENT_SECRET: 'plus-secret',
      });
      assert.ok(config.ok, JSON.stringify(config));
      assert.equal(config.settings.franceconnectPlus?.issuer, issuer);
      assert.equal(FRANCECONNECT_PLUS_ISSUERS[environment], issuer);
      assert.equal(config.settings.franceconnectPlus?.acrValues, 'eidas2');
      assert.equal(config.settings.franceconnectPlus?.clientId, 'plus');
    }
  });

  it('follows MOCK_FC_PLUS_PORT for the local FranceConnect+, unless FC_PLUS_ISSUER says otherwise', () => {
    const env = { ...BASE, FC_PLUS_CLIENT_ID: 'plus', FC_PLUS_CLIENT_SECRET: 's', MOCK_FC_PLUS_PORT: '4103' };
    const local = configFromEnv(env);
    assert.ok(local.ok);
    assert.equal(local.settings.franceconnectPlus?.issuer, 'http://127.0.0.1:4103/api/v2');
    const given = configFromEnv({ ...env, FC_PLUS_ISSUER: 'http://127.0.0.1:4999/api/v2' });
    assert.ok(given.ok);
    assert.equal(given.settings.franceconnectPlus?.issuer, 'http://127.0.0.1:4999/api/v2');
    const sandbox = configFromEnv({ ...env, FC_ENV: 'sandbox' });
    assert.ok(sandbox.ok);
    assert.equal(sandbox.settings.franceconnectPlus?.issuer, FRANCECONNECT_PLUS_ISSUERS.sandbox);
  });

  it('names every bad FC_PLUS_* variable', () => {
    const problems = problemsOf({
      FC_PLUS_CLIENT_ID: 'plus',
      FC_PLUS_ACR_VALUES: 'eidas1',
      FC_PLUS_ISSUER: 'http://auth.example.fr/api/v2',
      FC_PLUS_SCOPES: 'openid dgfip_rfr',
    });
    const named = (variable: string) => problems.find((line) => line.startsWith(`${variable}:`));
    assert.match(named('FC_PLUS_CLIENT_SECRET') ?? '', /FranceConnect\+’s client secret is required/);
    assert.match(named('FC_PLUS_ACR_VALUES') ?? '', /eidas2 or eidas3/);
    assert.match(named('FC_PLUS_ISSUER') ?? '', /must use https/);
    assert.match(named('FC_PLUS_SCOPES') ?? '', /FranceConnect\+’s scopes are/);
  });
});

describe('the service’s encryption keys', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'bff-plus-keys-'));
  });
  after(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  const options = (plus: Partial<NonNullable<FranceConnectBffOptions['franceconnectPlus']>>, extra = {}) =>
    ({
      clientId: 'client',
      clientSecret: 'secret',
      publicUrl: 'http://127.0.0.1:1',
      sessionSecret: 'x'.repeat(40),
      sessionStore: 'memory',
      ...extra,
      franceconnectPlus: { clientId: 'plus', clientSecret: 'plus-secret', ...plus },
    }) as FranceConnectBffOptions;

  function refused(plus: Parameters<typeof options>[0], pattern: RegExp, extra = {}): void {
    assert.throws(
      () => createFranceConnectBff(options(plus, extra)),
      (error: unknown) =>
        error instanceof BffConfigurationError && error.problems.some((line) => pattern.test(line)),
      String(pattern),
    );
  }

  it('are required outside development, with the command that makes them', () => {
    refused(
      { issuer: FRANCECONNECT_PLUS_ISSUERS.production },
      /^franceconnectPlus\.encryptionKeys: .*generate-encryption-key/,
    );
    refused(
      { issuer: FRANCECONNECT_PLUS_ISSUERS.sandbox, encryptionKeysFile: join(folder, 'absent.json') },
      /absent\.json does not exist/,
    );
  });

  it('are made once in development, 0600, and kept across restarts', async () => {
    const databasePath = join(folder, 'dev', 'sessions.sqlite');
    const first = createFranceConnectBff(
      options({ issuer: 'http://127.0.0.1:3003/api/v2' }, { databasePath }),
    );
    await first.close();
    const file = join(folder, 'dev', 'franceconnect-plus-keys.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const kept = JSON.stringify(JSON.parse(readFileSync(file, 'utf8')));
    const second = createFranceConnectBff(
      options({ issuer: 'http://127.0.0.1:3003/api/v2' }, { databasePath }),
    );
    await second.close();
    assert.equal(JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))), kept, 'the same key');
  });

  it('refuses, by position, keys that are not private encryption keys FranceConnect+ can use', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'jwk' });
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'jwk' });
    const good = generateEncryptionKey();
    const { d: _d, ...publicOnly } = good;
    const cases: Array<[unknown, RegExp]> = [
      ['not json', /not JSON/],
      [{ keys: [] }, /at least one private key/],
      [{ keys: [{ ...p384, kid: 'a' }] }, /keys\[0\]: an EC key must be on the P-256 curve/],
      [{ keys: [{ ...small, kid: 'b' }] }, /keys\[0\]: an RSA key must have at least 2048 bits/],
      [{ keys: [publicOnly] }, /keys\[0\]: the private part \(d\) is missing/],
      [{ keys: [good, good] }, /keys\[1\]: kid .* is used twice/],
      [{ keys: [{ ...good, alg: 'RSA-OAEP' }] }, /keys\[0\]: an EC key is for ECDH-ES/],
      [{ keys: [{ ...good, use: 'sig' }] }, /keys\[0\]: use must be enc/],
    ];
    for (const [keys, pattern] of cases) {
      assert.throws(
        () => parseEncryptionKeys(keys),
        (error: unknown) => pattern.test(String((error as Error).message)),
        String(pattern),
      );
      refused({ issuer: FRANCECONNECT_PLUS_ISSUERS.production, encryptionKeys: keys as string }, pattern);
    }
  });

  it('with accounts, FranceConnect+ must release the whole pivot identity', () => {
    refused(
      {
        issuer: FRANCECONNECT_PLUS_ISSUERS.production,
        encryptionKeys: { keys: [generateEncryptionKey()] },
        scopes: 'openid email',
      },
      /^franceconnectPlus\.scopes: accounts need the whole pivot identity/,
      { accounts: true, databasePath: ':memory:' },
    );
  });

  it('`franceconnect-bff generate-encryption-key` prints a private JWKS the BFF takes', () => {
    const cli = createRequire(import.meta.url)
      .resolve('@franceconnect-kit/bff/package.json')
      .replace(/package\.json$/, 'dist/cli.js');
    for (const alg of ['ECDH-ES', 'RSA-OAEP'] as const) {
      const printed = execFileSync(
        process.execPath,
        [cli, 'generate-encryption-key', alg === 'RSA-OAEP' ? 'RSA-OAEP' : ''],
        {
          encoding: 'utf8',
        },
      );
      const [key] = parseEncryptionKeys(printed);
      assert.equal(key?.alg, alg);
      assert.match(key?.kid ?? '', /^enc-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/);
      writeFileSync(join(folder, `${alg}.json`), printed);
      const bff = createFranceConnectBff(
        options({
          issuer: FRANCECONNECT_PLUS_ISSUERS.production,
          encryptionKeysFile: join(folder, `${alg}.json`),
        }),
      );
      void bff.close();
    }
  });
});
