#!/usr/bin/env node
// `npm test`: every check, in order, stopping at the first failure with a non-zero exit code.
// `npm test -- <step> …` runs only the named steps (e.g. `npm test -- lint node`).
import { spawnSync } from 'node:child_process';

/** @type {Array<{ name: string, title: string, command: string[] }>} */
const steps = [
  { name: 'system', title: 'System dependencies', command: ['bash', 'scripts/check-system-deps.sh'] },
  // package-lock.json as npm would write it, with every platform's packages: `npm ci` works everywhere.
  { name: 'lockfile', title: 'Lockfile', command: ['node', 'scripts/check-lockfile.mjs'] },
  { name: 'lint', title: 'Lint and format', command: ['npm', 'run', '--silent', 'lint'] },
  { name: 'typecheck', title: 'Typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'build', title: 'Build', command: ['npm', 'run', '--silent', 'build'] },
  // Storybook needs the built elements and their custom-elements.json; test/e2e/storybook.test.ts opens it.
  { name: 'storybook', title: 'Storybook build', command: ['npm', 'run', '--silent', 'build-storybook'] },
  { name: 'button', title: 'Component tests (Chromium)', command: ['npm', 'run', '--silent', 'test:button'] },
  { name: 'node', title: 'Node tests', command: ['npm', 'run', '--silent', 'test:node'] },
  // The packed packages installed in a project outside the repository: what users get works.
  {
    name: 'consumer',
    title: 'Packages as installed by users',
    command: ['npm', 'run', '--silent', 'test:consumer'],
  },
  { name: 'e2e', title: 'End-to-end tests (Chromium)', command: ['npm', 'run', '--silent', 'test:e2e'] },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !steps.some((step) => step.name === name));
if (unknown.length > 0) {
  console.error(`Unknown step(s): ${unknown.join(', ')}. Steps: ${steps.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

const results = [];
for (const step of steps) {
  if (wanted.length > 0 && !wanted.includes(step.name)) continue;
  console.log(`\n━━ ${step.title} ━━ ${step.command.join(' ')}`);
  const started = Date.now();
  const [command, ...args] = step.command;
  const { status, signal } = spawnSync(/** @type {string} */ (command), args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push(`${status === 0 ? '✔' : '✖'} ${step.title} (${seconds} s)`);
  if (status !== 0) {
    console.error(`\n${results.join('\n')}\n\n${step.title} failed (${signal ?? `exit code ${status}`}).`);
    process.exit(status || 1);
  }
}
console.log(`\n${results.join('\n')}\n\nAll checks passed.`);
