#!/usr/bin/env node
// Runs node:test files (`*.test.ts`) under the given folders through tsx. Node 20's `--test` has no
// glob support, so the files are collected here. `--serial` runs one file at a time (end-to-end tests
// start real servers and a browser). Extra arguments after `--` go to node (e.g. --test-name-pattern).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const args = process.argv.slice(2);
const separator = args.indexOf('--');
const own = separator === -1 ? args : args.slice(0, separator);
const passThrough = separator === -1 ? [] : args.slice(separator + 1);
const serial = own.includes('--serial');
const roots = own.filter((arg) => !arg.startsWith('--'));

/** @param {string} path @returns {string[]} */
function collect(path) {
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((name) => (name === 'node_modules' ? [] : collect(join(path, name))));
}

const files = roots.flatMap(collect).map((file) => relative(process.cwd(), file));
if (files.length === 0) {
  console.error(`No *.test.ts file under ${roots.join(', ')}`);
  process.exit(1);
}

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    ...(serial ? ['--test-concurrency=1'] : []),
    ...passThrough,
    ...files,
  ],
  { stdio: 'inherit' },
);
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
