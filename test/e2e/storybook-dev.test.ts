import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { freePort, startProcess } from '../helpers/processes.js';

// `npm run storybook` for designers: the dev server on the port STORYBOOK_PORT names (two engineers, or
// a busy 6006, on one machine), and a clear error for a bad value.

const script = fileURLToPath(new URL('../../scripts/storybook.mjs', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run storybook', () => {
  it('serves Storybook on STORYBOOK_PORT, and stops with its command', async () => {
    const port = await freePort();
    const storybook = await startProcess(process.execPath, [script, '--no-build'], {
      env: { STORYBOOK_PORT: String(port) },
      ready: new RegExp(`127\\.0\\.0\\.1:${port}`),
      timeoutMs: 180_000,
    });
    try {
      const index = await fetch(`http://127.0.0.1:${port}/index.json`);
      assert.equal(index.status, 200);
      const { entries } = (await index.json()) as { entries: Record<string, { id: string }> };
      assert.ok(Object.keys(entries).some((id) => id.startsWith('elements-franceconnect-button')));
    } finally {
      await storybook.stop();
    }
    await assert.rejects(fetch(`http://127.0.0.1:${port}/`), 'nothing listens once stopped');
  });

  it('refuses a STORYBOOK_PORT that is not a port, naming it, with exit code 2', () => {
    const result = spawnSync(process.execPath, [script, '--no-build'], {
      cwd: root,
      env: { ...process.env, STORYBOOK_PORT: 'six' },
      encoding: 'utf8',
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^STORYBOOK_PORT must be a port number/);
  });
});
