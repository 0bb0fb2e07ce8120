import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FranceConnectUser } from '../helpers/franceconnect-user.js';
import { startProcess } from '../helpers/processes.js';

// What `npm pack` ships is what users get: every public package of the kit is packed, and the tarballs
// are installed, with the registry's third-party packages (from npm's cache when it has them), into a
// new project outside this repository. From there, an Express app mounts the BFF and signs in against
// the local FranceConnect over HTTP, and React 19 and Vue 3 files are typechecked with the packages' own
// declarations. Needs `npm run build` first.
//
// The consumer keeps its sessions in memory: better-sqlite3 builds its native module at install time,
// which takes minutes on a busy machine without its prebuilt binaries; the SQLite store has its tests.

const root = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const INSTALL_TIMEOUT_MS = 15 * 60_000;

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  workspaces?: string[];
  exports?: unknown;
  bin?: Record<string, string>;
  types?: string;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** The workspaces that are published: every one not private, whatever their number. */
const packages = (readJson<Manifest>(join(root, 'package.json')).workspaces ?? [])
  .map((folder) => ({
    folder: join(root, folder),
    manifest: readJson<Manifest>(join(root, folder, 'package.json')),
  }))
  .filter(({ manifest }) => manifest.private !== true);

function run(command: string, args: string[], cwd: string, timeout = 5 * 60_000): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout,
    shell: process.platform === 'win32',
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' },
  });
}

function files(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}

/** Every string target of an `exports` map. */
function targets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(targets);
  return [];
}

const SERVER = `// An Express app of a team, with the kit installed from npm.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createFranceConnectBff, pageSecurityHeaders, signedInOf } from '@franceconnect-kit/bff';
import { demoClient, startMockFranceConnect } from '@franceconnect-kit/mock-franceconnect';

const server = createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const publicUrl = \`http://127.0.0.1:\${(server.address() as AddressInfo).port}\`;
const client = demoClient(publicUrl);
const franceconnect = await startMockFranceConnect({ port: 0, clients: [client] });
const bff = createFranceConnectBff({
  issuer: franceconnect.issuer,
  clientId: client.client_id,
  clientSecret: client.client_secret,
  publicUrl,
  sessionSecret: 'a-session-secret-of-at-least-32-characters',
  sessionStore: 'memory',
});
const app = express();
app.use(bff);
app.get('/api/dossiers', ...bff.requireSignIn, (req, res) => {
  res.json({ nom: signedInOf(req)?.identity?.family_name ?? null });
});
app.use(pageSecurityHeaders({ franceconnectOrigin: new URL(franceconnect.url).origin, https: false }));
app.get('/', (_req, res) => {
  res.type('html').send('<h1>Accueil</h1>');
});
server.on('request', app);
console.log(JSON.stringify({ ready: publicUrl, franceconnect: franceconnect.url }));
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void Promise.all([bff.close(), franceconnect.close()]).then(() => process.exit(0));
});
`;

const REACT = (variant: string) => `import '@franceconnect-kit/button/react';

export const Retrieve = () => (
  <franceconnect-prefill apis="quotient_familial">
    <franceconnect-button variant="${variant}" onfranceconnect-click={(event) => console.log(event.detail.href)} />
    <franceconnect-data-mention apis="quotient_familial" />
  </franceconnect-prefill>
);

export const Confirm = () => (
  <>
    <franceconnect-step-up requirement="second-factor" return-to="/iban" onfranceconnect-confirmed={(event) => console.log(event.detail)} />
    <franceconnect-passkeys endpoint="/api/passkeys" />
  </>
);
`;

const VUE = (variant: string) => `<script setup lang="ts">
import type { FranceConnectClickEvent } from '@franceconnect-kit/button/vue';

function track(event: FranceConnectClickEvent): void {
  console.log(event.detail.href);
}
</script>

<template>
  <franceconnect-button variant="${variant}" @franceconnect-click="track" />
  <franceconnect-user profile-href="/profil" />
  <franceconnect-data-mention apis="quotient_familial" />
  <franceconnect-step-up requirement="recent-authentication" return-to="/profil" />
  <franceconnect-passkeys endpoint="/api/passkeys" />
</template>
`;

const compilerOptions = {
  target: 'ES2022',
  strict: true,
  noEmit: true,
  // The packages' own declarations are checked too: a type they import must be installed with them.
  skipLibCheck: false,
};

describe('the packages, installed from their tarballs outside the repository', () => {
  let project: string;

  before(() => {
    assert.ok(packages.length >= 4, 'the public packages');
    for (const { folder } of packages) {
      assert.ok(
        existsSync(join(folder, 'dist')),
        `${relative(root, folder)}/dist is missing: run \`npm run build\``,
      );
    }
    project = mkdtempSync(join(tmpdir(), 'franceconnect-kit-consumer-'));
    assert.ok(!resolve(project).startsWith(resolve(root)), 'outside the repository');
    const tarballs = join(project, 'tarballs');
    mkdirSync(tarballs);
    const dependencies: Record<string, string> = { express: '^5.3.0' };
    for (const { folder, manifest } of packages) {
      const packed = run(npm, ['pack', '--pack-destination', tarballs, '--json'], folder);
      assert.equal(packed.status, 0, packed.stderr);
      const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
      dependencies[manifest.name] = `file:tarballs/${filename}`;
    }
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify(
        {
          name: 'une-demarche-en-ligne',
          private: true,
          type: 'module',
          dependencies,
          devDependencies: {
            typescript: '^5.9.3',
            react: '^19.0.0',
            '@types/react': '^19.0.0',
            vue: '^3.5.0',
            'vue-tsc': '^3.0.0',
          },
          // The kit's packages depend on each other by range: here, each one is its tarball.
          overrides: Object.fromEntries(packages.map(({ manifest }) => [manifest.name, `$${manifest.name}`])),
        },
        null,
        2,
      ),
    );
    const installed = run(
      npm,
      ['install', '--prefer-offline', '--no-audit', '--no-fund'],
      project,
      INSTALL_TIMEOUT_MS,
    );
    assert.equal(installed.status, 0, `npm install failed:\n${installed.stderr}`);
  });

  after(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  const installedFolder = (name: string) => join(project, 'node_modules', ...name.split('/'));

  it('ship what users need, and nothing that points outside: README, LICENSE, exports, bins, maps, the manifest', () => {
    const licence = readFileSync(join(root, 'LICENSE'), 'utf8');
    for (const { manifest } of packages) {
      const folder = installedFolder(manifest.name);
      const shipped = files(folder);
      const name = manifest.name;
      assert.equal(readFileSync(join(folder, 'LICENSE'), 'utf8'), licence, `${name}: the kit's LICENSE`);
      assert.match(readFileSync(join(folder, 'README.md'), 'utf8'), new RegExp(`^# ${name}\\n`), name);
      assert.ok(existsSync(join(folder, 'CHANGELOG.md')), `${name}: CHANGELOG.md`);
      assert.deepEqual(
        shipped.filter((file) => file.endsWith('.tsbuildinfo')),
        [],
        `${name}: a .tsbuildinfo`,
      );
      for (const target of [
        ...targets(manifest.exports),
        ...Object.values(manifest.bin ?? {}),
        manifest.types ?? 'package.json',
      ]) {
        assert.ok(existsSync(join(folder, target)), `${name}: ${target} is in exports but not shipped`);
      }
      for (const bin of Object.values(manifest.bin ?? {})) {
        assert.match(readFileSync(join(folder, bin), 'utf8'), /^#!\/usr\/bin\/env node\n/, `${name}: ${bin}`);
      }
      // A map whose sources are not shipped sends debuggers and « Go to definition » nowhere.
      const maps = shipped.filter((file) => file.endsWith('.map'));
      assert.ok(maps.length > 0, `${name}: source maps`);
      for (const map of maps) {
        const { sources, sourceRoot = '' } = readJson<{ sources: string[]; sourceRoot?: string }>(map);
        for (const source of sources) {
          const file = resolve(dirname(map), sourceRoot, source);
          assert.ok(
            existsSync(file) && file.startsWith(folder),
            `${relative(folder, map)}: ${source} is not shipped`,
          );
        }
      }
    }
    const button = installedFolder('@franceconnect-kit/button');
    const manifest = readFileSync(join(button, 'custom-elements.json'), 'utf8');
    const paths = [...manifest.matchAll(/"(?:path|module)": "([^"]+)"/g)].map((match) => match[1] ?? '');
    assert.ok(paths.length > 20, 'the manifest names its modules');
    for (const path of new Set(paths)) {
      assert.ok(
        existsSync(join(button, path)) && statSync(join(button, path)).isFile(),
        `custom-elements.json: ${path}`,
      );
      assert.doesNotMatch(path, /^src\/|(?<!\.d)\.ts$/, `custom-elements.json names a source: ${path}`);
    }
  });

  it('run their commands: franceconnect-bff names a bad variable, mock-franceconnect prints its usage', () => {
    const bff = spawnSync(join(project, 'node_modules', '.bin', 'franceconnect-bff'), {
      cwd: project,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, PUBLIC_URL: 'demarches.example.fr' },
    });
    assert.equal(bff.status, 2, bff.stderr);
    assert.match(bff.stderr, /^PUBLIC_URL: the public URL must be an absolute URL/m);
    const mock = spawnSync(join(project, 'node_modules', '.bin', 'mock-franceconnect'), ['--help'], {
      cwd: project,
      encoding: 'utf8',
    });
    assert.equal(mock.status, 0, mock.stderr);
    assert.match(mock.stdout, /^Usage: mock-franceconnect/);
  });

  it('type and serve a sign-in: createFranceConnectBff in Express, against startMockFranceConnect, over HTTP', async () => {
    writeFileSync(join(project, 'server.ts'), SERVER);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          ...compilerOptions,
          noEmit: false,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          outDir: 'build',
          types: ['node'],
        },
        files: ['server.ts'],
      }),
    );
    const compiled = run(
      process.execPath,
      [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'],
      project,
    );
    assert.equal(compiled.status, 0, `tsc:\n${compiled.stdout}${compiled.stderr}`);

    const server = await startProcess(process.execPath, [join(project, 'build/server.js')], {
      ready: /"ready":"http:\/\/127\.0\.0\.1:\d+".*\n/,
      timeoutMs: 120_000,
    });
    try {
      const line =
        server
          .output()
          .split('\n')
          .find((text) => text.includes('"ready"')) ?? '';
      const { ready: app, franceconnect } = JSON.parse(line) as { ready: string; franceconnect: string };
      const user = new FranceConnectUser({ franceConnectUrl: franceconnect });
      const before = await user.fetch(`${app}/api/dossiers`);
      assert.equal(before.status, 401);
      await before.body?.cancel();
      const departure = await user.signIn(`${app}/auth/login?returnTo=%2Fdossiers`, { login: 'test' });
      const back = await user.navigate(departure.url);
      assert.equal(back.url.href, `${app}/dossiers`);
      await back.response.body?.cancel();
      const dossiers = await user.fetch(`${app}/api/dossiers`);
      assert.equal(dossiers.status, 200);
      assert.deepEqual(await dossiers.json(), { nom: 'DUPUIS' });
    } finally {
      await server.stop();
    }
  });

  /**
   * Typechecks, with `command`, one project of a file using the tags rightly and one using
   * `variant="google"`: the compiler must report exactly one error, that one, in the second file.
   */
  function typecheckRightAndWrong(
    kind: string,
    files: (variant: string) => Record<string, string>,
    command: string,
    options: object,
  ) {
    const folder = mkdtempSync(join(project, `${kind}-`));
    for (const [name, text] of [...Object.entries(files('data')), ...Object.entries(files('google'))]) {
      writeFileSync(join(folder, name), text);
    }
    writeFileSync(
      join(folder, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { ...compilerOptions, ...options }, include: ['*'] }),
    );
    const result = run(
      process.execPath,
      [join(project, 'node_modules', command), '-p', join(folder, 'tsconfig.json')],
      folder,
    );
    const output = `${result.stdout}${result.stderr}`.trim();
    assert.notEqual(result.status, 0, output);
    const errors = output.split('\n').filter((line) => line.includes('error TS'));
    assert.equal(errors.length, 1, output);
    assert.match(
      errors[0] ?? '',
      /^Wrong\.(tsx|vue)\(\d+,\d+\): error TS2322: Type '"google"' is not assignable to type 'ButtonVariant \| undefined'\./,
    );
  }

  it('type the tags in React 19 JSX: variant="data" passes, variant="google" is an error', () => {
    typecheckRightAndWrong(
      'react',
      (variant) => ({ [variant === 'data' ? 'Right.tsx' : 'Wrong.tsx']: REACT(variant) }),
      'typescript/bin/tsc',
      {
        module: 'ESNext',
        moduleResolution: 'Bundler',
        jsx: 'react-jsx',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: [],
      },
    );
  });

  it('type the tags in Vue 3 templates (vue-tsc): variant="data" passes, variant="google" is an error', () => {
    typecheckRightAndWrong(
      'vue',
      (variant) => ({
        'env.d.ts': "import '@franceconnect-kit/button/vue';\n",
        [variant === 'data' ? 'Right.vue' : 'Wrong.vue']: VUE(variant),
      }),
      'vue-tsc/bin/vue-tsc.js',
      {
        module: 'ESNext',
        moduleResolution: 'Bundler',
        jsx: 'preserve',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: [],
      },
    );
  });
});
