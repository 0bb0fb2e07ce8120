import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { demoClient, QUOTIENT_FAMILIAL_PATH } from '@franceconnect-kit/mock-franceconnect';
import { freePort, startProcess } from '../helpers/processes.js';
import { validParameters } from './support.js';

const CLI = createRequire(import.meta.url)
  .resolve('@franceconnect-kit/mock-franceconnect/package.json')
  .replace(/package\.json$/, 'dist/cli.js');

/** Runs the CLI to its end (for the ones that must refuse to start). */
async function run(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) =>
    child.once('exit', (exitCode) => resolve(exitCode)),
  );
  return { code, output };
}

describe('the mock-franceconnect command', () => {
  const directory = mkdtempSync(join(tmpdir(), 'mock-cli-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('starts FranceConnect, the data provider and FranceConnect+ on the given ports, prints only their URLs, stops on SIGTERM', async () => {
    const fcPort = await freePort();
    const dpPort = await freePort();
    const plusPort = await freePort();
    const cli = await startProcess(process.execPath, [CLI], {
      env: {
        MOCK_FC_PORT: String(fcPort),
        DATA_PROVIDER_PORT: String(dpPort),
        MOCK_FC_PLUS_PORT: String(plusPort),
      },
      ready: /Ready\./,
    });
    try {
      const output = cli.output();
      assert.match(
        output,
        new RegExp(
          `Local FranceConnect: http://127\\.0\\.0\\.1:${fcPort} \\(issuer http://127\\.0\\.0\\.1:${fcPort}/api/v2\\)`,
        ),
      );
      assert.match(output, new RegExp(`Data provider: +http://127\\.0\\.0\\.1:${dpPort}`));
      assert.match(
        output,
        new RegExp(
          `Local FranceConnect\\+: http://127\\.0\\.0\\.1:${plusPort} \\(issuer http://127\\.0\\.0\\.1:${plusPort}/api/v2\\)`,
        ),
      );
      const unexpected = output
        .split('\n')
        .filter((line) => line.trim() !== '')
        .filter(
          (line) =>
            !/^(oidc-provider WARNING: Unsupported runtime|Local FranceConnect\+?: |Data provider: |Test identities: |Ready\.)/.test(
              line,
            ),
        );
      assert.deepEqual(unexpected, []);
      assert.doesNotMatch(output, /@example\.com|DUPUIS/, 'no personal data in the output');

      const discovery = await fetch(`http://127.0.0.1:${fcPort}/api/v2/.well-known/openid-configuration`);
      assert.equal(
        ((await discovery.json()) as { issuer: string }).issuer,
        `http://127.0.0.1:${fcPort}/api/v2`,
      );
      const data = await fetch(
        `http://127.0.0.1:${dpPort}${QUOTIENT_FAMILIAL_PATH}?recipient=13002526500013`,
      );
      assert.equal(data.status, 401);
    } finally {
      const exit = new Promise<number | null>((resolve) => cli.child.once('exit', (code) => resolve(code)));
      cli.child.kill('SIGTERM');
      assert.equal(await exit, 0);
    }
  });

  it('registers extra clients from a file, and the demo client for --demo-url', async () => {
    const extra = { ...demoClient('http://127.0.0.1:4990'), client_id: 'extra-service' };
    const clients = join(directory, 'clients.json');
    writeFileSync(clients, JSON.stringify([extra]));
    const port = await freePort();
    const cli = await startProcess(
      process.execPath,
      [
        CLI,
        '--port',
        String(port),
        '--no-data-provider',
        '--no-plus',
        '--clients',
        clients,
        '--demo-url',
        'http://127.0.0.1:4991',
      ],
      { ready: /Ready\./ },
    );
    try {
      assert.doesNotMatch(cli.output(), /Data provider|FranceConnect\+/);
      for (const [clientId, redirect] of [
        ['extra-service', 'http://127.0.0.1:4990/auth/callback'],
        [demoClient('').client_id, 'http://127.0.0.1:4991/auth/callback'],
      ]) {
        const url = new URL(`http://127.0.0.1:${port}/api/v2/authorize`);
        url.search = new URLSearchParams(
          validParameters({ client_id: clientId, redirect_uri: redirect }),
        ).toString();
        const response = await fetch(url, { redirect: 'manual' });
        assert.equal(response.status, 303, clientId);
      }
    } finally {
      await cli.stop();
    }
  });

  it('refuses bad settings, naming the variable, with exit code 2', async () => {
    const { code, output } = await run([], {
      MOCK_FC_PORT: 'abc',
      DATA_PROVIDER_PORT: '70000',
      MOCK_FC_PLUS_PORT: 'trois',
    });
    assert.equal(code, 2);
    assert.match(output, /--port \/ MOCK_FC_PORT/);
    assert.match(output, /--plus-port \/ MOCK_FC_PLUS_PORT/);
    assert.match(output, /--data-provider-port \/ DATA_PROVIDER_PORT/);
    assert.equal((await run(['--unknown-flag'])).code, 2);
  });

  it('refuses an invalid identities file, naming the field, with exit code 2', async () => {
    const file = join(directory, 'identities.json');
    writeFileSync(file, JSON.stringify({ identities: [{ login: 'x' }] }));
    const { code, output } = await run(['--port', '0', '--no-data-provider', '--identities', file]);
    assert.equal(code, 2);
    assert.match(output, /identities\[0\]\.family_name/);
  });

  it('refuses, with exit code 2, a clients file FranceConnect would refuse or that is not JSON', async () => {
    const clients = join(directory, 'two-hosts.json');
    const client = demoClient('http://127.0.0.1:4990');
    writeFileSync(
      clients,
      JSON.stringify([
        { ...client, redirect_uris: [...client.redirect_uris, 'http://localhost:4990/auth/callback'] },
      ]),
    );
    const twoHosts = await run(['--port', '0', '--no-data-provider', '--clients', clients]);
    assert.equal(twoHosts.code, 2);
    assert.match(
      twoHosts.output,
      /clients\[0\]\.redirect_uris: the callbacks are on 2 hosts \(127\.0\.0\.1:4990, localhost:4990\)/,
    );
    assert.match(twoHosts.output, /sector_identifier_uri/);
    assert.doesNotMatch(twoHosts.output, /\n\s+at /, 'no stack trace');
    writeFileSync(clients, '[{ "client_id": ');
    const broken = await run(['--port', '0', '--no-data-provider', '--clients', clients]);
    assert.equal(broken.code, 2);
    assert.match(broken.output, /cannot be read as JSON/);
  });

  it('prints its usage with --help', async () => {
    const { code, output } = await run(['--help']);
    assert.equal(code, 0);
    assert.match(output, /Usage: mock-franceconnect/);
  });
});
