#!/usr/bin/env node
// `npm run storybook`: builds the elements, then serves Storybook on http://127.0.0.1:$STORYBOOK_PORT
// (default 6006), rebuilt as the stories change; `--no-build` skips the build (the tests use it). A script
// rather than a shell line, so that the port variable works with every shell npm may use (Windows' too).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const raw = process.env.STORYBOOK_PORT ?? '';
const port = raw === '' ? 6006 : Number(raw);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`STORYBOOK_PORT must be a port number (1-65535), got ${JSON.stringify(raw)}`);
  process.exit(2);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (!process.argv.includes('--no-build')) {
  const build = spawnSync(npm, ['run', '--silent', 'build', '-w', '@franceconnect-kit/button'], {
    stdio: 'inherit',
    cwd: root,
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Storybook's own command file, run by this Node: signals reach it (no npm or shell in between).
const require = createRequire(import.meta.url);
const manifest = /** @type {{ bin: string | Record<string, string> }} */ (require('storybook/package.json'));
const bin = typeof manifest.bin === 'string' ? manifest.bin : (manifest.bin.storybook ?? '');
const storybook = spawn(
  process.execPath,
  [
    join(dirname(require.resolve('storybook/package.json')), bin),
    'dev',
    '-c',
    'stories/.storybook',
    '-p',
    String(port),
    '--host',
    '127.0.0.1',
    '--exact-port',
    '--no-open',
    '--disable-telemetry',
  ],
  { stdio: 'inherit', cwd: root },
);
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => storybook.kill(signal));
}
storybook.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
