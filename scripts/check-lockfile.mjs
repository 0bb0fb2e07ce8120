#!/usr/bin/env node
// `npm test -- lockfile`: package-lock.json must be what npm would write for the package.json files, and
// complete for every platform, so that `npm ci` installs the same tree on Linux (glibc and musl), macOS and
// Windows. Exits 1 naming what disagrees.
//   1. Every optional dependency of every locked package is locked too: npm leaves out the native
//      packages of other platforms (rollup's, esbuild's…) when a lockfile is written on one, and `npm ci`
//      elsewhere then installs a tree that cannot run.
//   2. npm, asked to update the lockfile from the package.json files (`--package-lock-only`, in a copy),
//      changes nothing.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));

/** @typedef {{ version?: string, link?: boolean, optionalDependencies?: Record<string, string> }} LockedPackage */
/** @type {{ packages: Record<string, LockedPackage> }} */
const lockfile = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));

/** Where npm finds `name` from the package at `location`: its own node_modules, then its parents'. */
function resolve(/** @type {string} */ location, /** @type {string} */ name) {
  for (let base = location; ;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (candidate in lockfile.packages) return candidate;
    if (base === '') return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent === -1 ? '' : base.slice(0, parent);
  }
}

const problems = [];
for (const [location, locked] of Object.entries(lockfile.packages)) {
  for (const name of Object.keys(locked.optionalDependencies ?? {})) {
    if (resolve(location, name) === undefined) {
      problems.push(
        `${location || '(root)'}: its optional dependency ${name} is not in package-lock.json, so \`npm ci\` on the platform it serves would leave it out`,
      );
    }
  }
}

// A copy of the manifests and the lockfile, where npm may rewrite the lockfile.
const copy = mkdtempSync(join(tmpdir(), 'lockfile-check-'));
try {
  /** @type {{ workspaces?: string[] }} */
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const file of [
    'package.json',
    'package-lock.json',
    '.npmrc',
    ...(manifest.workspaces ?? []).map((workspace) => `${workspace}/package.json`),
  ]) {
    try {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(join(root, file), join(copy, file));
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT' || file !== '.npmrc') throw error;
    }
  }
  const npm = spawnSync(
    process.platform === 'win32' ? 'npm.cmd' : 'npm',
    ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
    { cwd: copy, encoding: 'utf8', shell: process.platform === 'win32' },
  );
  if (npm.status !== 0) {
    problems.push(`npm could not bring package-lock.json up to date:\n${npm.stderr.trim()}`);
  } else {
    /** @type {{ packages: Record<string, unknown> }} */
    const updated = JSON.parse(readFileSync(join(copy, 'package-lock.json'), 'utf8'));
    const locations = new Set([...Object.keys(lockfile.packages), ...Object.keys(updated.packages)]);
    const differing = [...locations].filter(
      (location) => !isDeepStrictEqual(lockfile.packages[location], updated.packages[location]),
    );
    for (const location of differing.slice(0, 20)) {
      const was = location in lockfile.packages;
      const is = location in updated.packages;
      problems.push(
        `${location || '(root)'}: ${!was ? 'missing from' : !is ? 'no longer needed in' : 'differs in'} package-lock.json`,
      );
    }
    if (differing.length > 20) problems.push(`… and ${differing.length - 20} more`);
  }
} finally {
  rmSync(copy, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(
    `package-lock.json does not match the package.json files:\n${problems.map((line) => `  - ${line}`).join('\n')}\n` +
      'Run `npm install` and commit package-lock.json.',
  );
  process.exit(1);
}
console.log(
  `package-lock.json matches the package.json files, with every platform's optional packages (${Object.keys(lockfile.packages).length} entries).`,
);
