import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BffConfigurationError,
  configFromEnv,
  createBffApp,
  createFranceConnectBff,
  createLogger,
  ENVIRONMENT_VARIABLES,
  generateEncryptionKey,
  startBffServer,
  type FranceConnectBffOptions,
} from '@franceconnect-kit/bff';
import { demoClient, startMockFranceConnect } from '@franceconnect-kit/mock-franceconnect';
import { FranceConnectUser } from '../helpers/franceconnect-user.js';
import { freePort, startProcess } from '../helpers/processes.js';
import { FUZZ_SEED, seededRandom } from './helpers/fuzz.js';

// The BFF's first hour: every bad setting, of the environment or of the options, is one line naming it
// (exit code 2 for the server, `BffConfigurationError` in code), never a stack trace nor a TypeError; a
// port in use ends the server with an error; the `local` preset follows the local FranceConnect's port.

const cli = join(import.meta.dirname, '../../packages/bff/dist/cli.js');
const SECRET = 'a-session-secret-of-at-least-32-characters';
const REQUIRED = {
  FC_CLIENT_ID: 'client-id',
  FC_CLIENT_SECRET: 'client-secret',
  PUBLIC_URL: 'https://demarches.example.fr',
  SESSION_SECRET: SECRET,
};
/** What FranceConnect+ needs with any of its variables: its client and, outside development, its keys. */
const PLUS = {
  FC_PLUS_CLIENT_ID: 'plus-client-id',
  FC_PLUS_CLIENT_SECRET: 'plus-client-secret',
  FC_PLUS_ENCRYPTION_KEYS: JSON.stringify({ keys: [generateEncryptionKey('ECDH-ES')] }),
};
/** Variables read besides the table: the local FranceConnect's ports. */
const LOCAL_VARIABLES = ['MOCK_FC_PORT', 'DATA_PROVIDER_PORT'];

/** Values a person, a shell or a template engine may leave in a variable. */
const HOSTILE = [
  'nope',
  'demarches.example.fr',
  'http://',
  'https://',
  'http://[::1',
  'http://%zz',
  '://x',
  '//evil.example',
  'javascript:alert(1)',
  'redis://',
  '-1',
  '0',
  '1e309',
  '99999999999999999999',
  'NaN',
  'true',
  'on',
  ' ',
  '\t\n',
  '${PUBLIC_URL}',
  '"https://demarches.example.fr"',
  'é'.repeat(300),
  'a,b,,c',
  '10.0.0.0/99',
  '\u0000',
  '{}',
  '[]',
];

/** Runs the server with this environment until it exits; its code and output. */
async function runCli(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [cli], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stderr, stdout };
}

/** The variables an error output names, one per line, and no stack trace. */
function namedVariables(stderr: string): string[] {
  const lines = stderr.trim().split('\n');
  assert.ok(!/\n\s+at /.test(stderr) && !stderr.includes('TypeError'), `a stack trace:\n${stderr}`);
  return lines.map((line) => line.split(':')[0] ?? '');
}

describe('configFromEnv, whatever the environment holds', () => {
  const known = new Set([...Object.keys(ENVIRONMENT_VARIABLES), ...LOCAL_VARIABLES]);

  it('never throws; a bad value is one line naming its variable', () => {
    for (const variable of [...Object.keys(ENVIRONMENT_VARIABLES), ...LOCAL_VARIABLES]) {
      for (const value of HOSTILE) {
        // Data variables only count with a recipient SIRET, the pages with accounts.
        // FranceConnect+'s variables count as a group: the others of the group are given.
        const plus = variable.startsWith('FC_PLUS_') ? PLUS : {};
        const env = {
          ...REQUIRED,
          ...plus,
          RECIPIENT_SIRET: '21990000000015',
          ACCOUNTS: 'on',
          [variable]: value,
        };
        let result;
        assert.doesNotThrow(() => (result = configFromEnv(env)), `${variable}=${JSON.stringify(value)}`);
        const config = result as unknown as ReturnType<typeof configFromEnv>;
        if (config.ok) continue;
        for (const line of config.problems) {
          const [name] = line.split(':');
          assert.ok(known.has(name ?? ''), `${variable}=${JSON.stringify(value)} gave ${line}`);
          assert.ok(!line.includes('Invalid URL') && !line.includes('TypeError'), line);
        }
        // A data scope without an endpoint is reported where the endpoint is missing.
        const names = variable === 'FC_DATA_SCOPES' ? [variable, 'DATA_ENDPOINTS'] : [variable];
        assert.ok(
          config.problems.some((line) => names.some((name) => line.startsWith(`${name}:`))),
          `${variable}=${JSON.stringify(value)}: ${config.problems.join(' | ')}`,
        );
      }
    }
  });

  it('names the URL that is not one, the proxy setting, the local port and a page without accounts', () => {
    const result = configFromEnv({
      ...REQUIRED,
      PUBLIC_URL: 'demarches.example.fr',
      FC_ISSUER: 'nope',
      RECIPIENT_SIRET: '21990000000015',
      DATA_PROVIDER_URL: 'nope',
      TRUST_PROXY: 'banana',
      SIGN_UP_PAGE: '/inscription',
    });
    assert.equal(result.ok, false);
    const problems = result.ok ? [] : result.problems;
    assert.deepEqual(problems.map((line) => line.split(':')[0]).sort(), [
      'DATA_PROVIDER_URL',
      'FC_ISSUER',
      'PUBLIC_URL',
      'SIGN_UP_PAGE',
      'TRUST_PROXY',
    ]);
    assert.match(
      problems.find((line) => line.startsWith('PUBLIC_URL')) ?? '',
      /absolute URL.*"demarches\.example\.fr"/,
    );
    assert.match(problems.find((line) => line.startsWith('TRUST_PROXY')) ?? '', /banana/);
    assert.match(problems.find((line) => line.startsWith('SIGN_UP_PAGE')) ?? '', /ACCOUNTS=on/);
    const port = configFromEnv({ ...REQUIRED, MOCK_FC_PORT: 'abc' });
    assert.deepEqual(port.ok ? [] : port.problems, [
      'MOCK_FC_PORT: must be a port number between 1 and 65535 (got "abc")',
    ]);
  });

  it('accepts what Express accepts for TRUST_PROXY', () => {
    for (const value of [
      'loopback',
      'true',
      'false',
      '2',
      '10.0.0.0/8, loopback',
      '::1',
      'uniquelocal,linklocal',
    ]) {
      const result = configFromEnv({ ...REQUIRED, TRUST_PROXY: value });
      assert.ok(result.ok, `${value}: ${result.ok ? '' : result.problems.join(' | ')}`);
    }
  });

  it('points the local preset at MOCK_FC_PORT and DATA_PROVIDER_PORT, as the local FranceConnect reads them', () => {
    const result = configFromEnv({
      ...REQUIRED,
      FC_ENV: 'local',
      MOCK_FC_PORT: '4101',
      DATA_PROVIDER_PORT: '4102',
      RECIPIENT_SIRET: '21990000000015',
    });
    assert.ok(result.ok);
    assert.equal(result.settings.issuer, 'http://127.0.0.1:4101/api/v2');
    assert.equal(result.settings.data?.providerUrl, 'http://127.0.0.1:4102');
    // Given URLs win; the sandbox ignores the local ports.
    const explicit = configFromEnv({
      ...REQUIRED,
      MOCK_FC_PORT: '4101',
      FC_ISSUER: 'http://127.0.0.1:5000/api/v2',
    });
    assert.ok(explicit.ok);
    assert.equal(explicit.settings.issuer, 'http://127.0.0.1:5000/api/v2');
    const sandbox = configFromEnv({ ...REQUIRED, FC_ENV: 'sandbox', MOCK_FC_PORT: 'abc' });
    assert.ok(sandbox.ok);
    assert.equal(sandbox.settings.issuer, 'https://fcp-low.sbx.dev-franceconnect.fr/api/v2');
  });
});

describe('createFranceConnectBff, createBffApp and startBffServer, whatever the options hold', () => {
  const logger = createLogger('silent');
  const base: FranceConnectBffOptions = {
    clientId: 'client-id',
    clientSecret: 'client-secret',
    publicUrl: 'http://127.0.0.1:4100',
    sessionSecret: SECRET,
    sessionStore: 'memory',
    logger,
  };

  it('throws BffConfigurationError naming a URL that is not one, never a TypeError', () => {
    for (const [option, value] of [
      ['publicUrl', 'nope'],
      ['publicUrl', 'demarches.example.fr'],
      ['issuer', 'nope'],
      ['issuer', 'http://[::1'],
    ] as const) {
      assert.throws(
        () => createFranceConnectBff({ ...base, [option]: value }),
        (error: unknown) => {
          assert.ok(error instanceof BffConfigurationError, `${option}=${value}: ${String(error)}`);
          assert.deepEqual(
            error.problems.map((line) => line.split(':')[0]),
            [option],
          );
          return true;
        },
      );
    }
    assert.throws(
      () => createFranceConnectBff({ ...base, recipientSiret: '21990000000015', dataProviderUrl: 'nope' }),
      (error: unknown) =>
        error instanceof BffConfigurationError && error.problems[0]?.startsWith('dataProviderUrl:') === true,
    );
    assert.throws(() => createFranceConnectBff(undefined as never), BffConfigurationError);
  });

  it(`throws only BffConfigurationError for random options (FUZZ_SEED=${FUZZ_SEED})`, async () => {
    const random = seededRandom(FUZZ_SEED);
    const values: unknown[] = [
      ...HOSTILE,
      0,
      -1,
      1.5,
      Number.NaN,
      true,
      false,
      null,
      {},
      [],
      ['x'],
      () => 1,
      { toString: 1 },
    ];
    const options = [
      // Not databasePath: a valid random path would be a file written in the working directory.
      'environment', 'issuer', 'clientId', 'clientSecret', 'publicUrl', 'sessionSecret', 'sessionStore', 'redisUrl', 'scopes', 'acrValues', 'signingAlgorithm', 'sessionIdleTimeout', 'sessionAbsoluteTimeout', 'httpTimeout',
      'recipientSiret', 'dataProviderUrl', 'dataScopes', 'dataEndpoints', 'dataHttpTimeout', 'dataRetention', 'home',
      'pages', 'accounts', 'onSignIn', 'purposes', 'trustedCertificates', 'retrievedDataStore', 'logger',
    ]; // prettier-ignore
    for (let i = 0; i < 300; i++) {
      const input: Record<string, unknown> = { ...base, databasePath: ':memory:' };
      for (let n = 1 + random.int(3); n > 0; n--) input[random.pick(options)] = random.pick(values);
      try {
        const bff = createFranceConnectBff(input as unknown as FranceConnectBffOptions);
        await bff.close();
      } catch (error) {
        assert.ok(error instanceof BffConfigurationError, `${JSON.stringify(input)}: ${String(error)}`);
      }
    }
  });

  it('createBffApp names a trust proxy setting Express refuses and a static folder that does not exist', () => {
    assert.throws(
      () =>
        createBffApp({
          ...base,
          trustProxy: 'banana',
          staticDir: join(tmpdir(), 'no-such-folder-of-the-kit'),
        }),
      (error: unknown) => {
        assert.ok(error instanceof BffConfigurationError, String(error));
        assert.deepEqual(
          error.problems.map((line) => line.split(':')[0]),
          ['staticDir', 'trustProxy'],
        );
        return true;
      },
    );
  });

  it('startBffServer rejects for a port in use, with Node’s EADDRINUSE, having closed what it opened', async () => {
    const taken = await occupy();
    try {
      const folder = mkdtempSync(join(tmpdir(), 'bff-port-'));
      await assert.rejects(
        startBffServer({
          ...base,
          sessionStore: 'sqlite',
          databasePath: join(folder, 's.sqlite'),
          port: taken.port,
        }),
        (error: NodeJS.ErrnoException) => error.code === 'EADDRINUSE',
      );
      rmSync(folder, { recursive: true, force: true });
    } finally {
      taken.server.close();
    }
  });
});

/** A port something else listens on. */
async function occupy(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

describe('the franceconnect-bff command, at start', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'bff-start-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('exits with code 2 and one line per bad variable: malformed URLs, TRUST_PROXY, MOCK_FC_PORT', async () => {
    const { code, stderr } = await runCli({
      ...REQUIRED,
      PUBLIC_URL: 'demarches.example.fr',
      FC_ISSUER: 'nope',
      RECIPIENT_SIRET: '21990000000015',
      DATA_PROVIDER_URL: 'nope',
      TRUST_PROXY: 'banana',
      FC_ENV: 'local',
      HOST: 'bad host',
    });
    assert.equal(code, 2);
    assert.deepEqual(namedVariables(stderr).sort(), [
      'DATA_PROVIDER_URL',
      'FC_ISSUER',
      'HOST',
      'PUBLIC_URL',
      'TRUST_PROXY',
    ]);
    const local = await runCli({ ...REQUIRED, MOCK_FC_PORT: 'abc' });
    assert.equal(local.code, 2);
    assert.deepEqual(namedVariables(local.stderr), ['MOCK_FC_PORT']);
  });

  it('exits with code 2 and one line for what only the start finds: the accounts’ scopes, the folders, the address', async () => {
    const notAFolder = join(folder, 'a-file');
    writeFileSync(notAFolder, 'not a folder');
    const port = String(await freePort());
    for (const [env, variable] of [
      [{ ACCOUNTS: 'on', FC_SCOPES: 'openid email' }, 'FC_SCOPES'],
      [{ STATIC_DIR: join(folder, 'missing') }, 'STATIC_DIR'],
      [{ STATIC_DIR: notAFolder }, 'STATIC_DIR'],
      [{ DATABASE_PATH: join(notAFolder, 'sessions.sqlite') }, 'DATABASE_PATH'],
      [{ ACCOUNTS: 'on', SIGN_UP_PAGE: '//evil.example' }, 'SIGN_UP_PAGE'],
      [{ HOST: 'no-such-host.invalid' }, 'HOST'],
    ] as const) {
      const { code, stderr, stdout } = await runCli({
        ...REQUIRED,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATABASE_PATH: join(folder, 'sessions.sqlite'),
        PORT: port,
        ...env,
      });
      assert.equal(code, 2, `${JSON.stringify(env)}: ${stderr}`);
      assert.deepEqual(namedVariables(stderr), [variable], JSON.stringify(env));
      assert.doesNotMatch(stdout, /listening/);
    }
  });

  it('exits with code 1 and one line naming PORT when the port is in use, never « listening »', async () => {
    const taken = await occupy();
    try {
      const { code, stderr, stdout } = await runCli({
        ...REQUIRED,
        PUBLIC_URL: `http://127.0.0.1:${taken.port}`,
        DATABASE_PATH: join(folder, 'in-use.sqlite'),
        PORT: String(taken.port),
      });
      assert.equal(code, 1);
      assert.deepEqual(namedVariables(stderr), ['PORT']);
      assert.match(stderr, new RegExp(`127\\.0\\.0\\.1:${taken.port} is already in use`));
      assert.doesNotMatch(stdout, /listening/);
    } finally {
      taken.server.close();
    }
  });

  it('signs in against a local FranceConnect on MOCK_FC_PORT with FC_ENV=local', async () => {
    const port = await freePort();
    const fcPort = await freePort();
    const client = demoClient(`http://127.0.0.1:${port}`);
    const fc = await startMockFranceConnect({ port: fcPort, clients: [client] });
    const server = await startProcess(process.execPath, [cli], {
      env: {
        FC_ENV: 'local',
        MOCK_FC_PORT: String(fcPort),
        FC_CLIENT_ID: client.client_id,
        FC_CLIENT_SECRET: client.client_secret,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        SESSION_SECRET: SECRET,
        DATABASE_PATH: join(folder, 'local.sqlite'),
        PORT: String(port),
      },
      ready: /listening on/,
    });
    try {
      const user = new FranceConnectUser({ franceConnectUrl: fc.url });
      const departure = await user.signIn(`http://127.0.0.1:${port}/auth/login`, { login: 'test' });
      const back = await user.navigate(departure.url);
      await back.response.body?.cancel();
      const me = await user.fetch(`http://127.0.0.1:${port}/api/me`);
      assert.equal(me.status, 200);
      assert.equal(
        ((await me.json()) as { identity: { family_name: string } }).identity.family_name,
        'DUPUIS',
      );
    } finally {
      await server.stop();
      await fc.close();
    }
  });
});
