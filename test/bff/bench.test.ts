import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

// `npm run bench` is not part of `npm test` (its figures depend on the machine), but it must keep
// working and printing what it promises: every row, the floor it is compared to, the targets, and
// the sign-in's fetches of FranceConnect's discovery document and keys (none after start-up). Run
// here with the least effort; no timing is asserted.

const root = fileURLToPath(new URL('../..', import.meta.url));

function runBench(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/bff/bench/bench.ts'], {
      cwd: root,
      env: {
        ...process.env,
        BENCH_ROUNDS: '1',
        BENCH_DURATION: '1',
        BENCH_WARM_UP: '1',
        BENCH_SIGN_INS: '3',
        BENCH_CONCURRENT_SIGN_INS: '4',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('npm run bench', () => {
  it('prints every row, the floor, the targets and no FranceConnect fetch per sign-in', async () => {
    const { code, output } = await runBench();
    assert.equal(code, 0, output);
    for (const row of [
      'bare Express, same 302',
      'server-side attempt (SQLite)',
      'BFF, SQLite sessions',
      'BFF, Redis sessions',
      'express-openid-connect 3.4',
      'Express + openid-client alone',
      'express-openid-connect always adds PKCE',
      'target: BFF with SQLite ≥ 60 % of bare Express',
      'target: BFF with Redis ≥ 60 % of bare Express',
      'BFF CPU time per sign-in, median of rounds',
      'the same exchanges with Express and openid-client alone',
      'target: ≤ 3 ms',
      'peak memory (RSS) of the BFF process',
    ]) {
      assert.ok(output.includes(row), `the output lacks « ${row} »:\n${output}`);
    }
    // Rows print a rate and a CPU time; the floor and the BFF print a CPU time per sign-in.
    assert.match(output, /BFF, SQLite sessions\s+\d+\s+\d+ %\s+\d+ µs/);
    assert.match(output, /Express \+ openid-client alone\s+\d+\s+\d+ %\s+\d+ µs/);
    assert.match(output, /BFF CPU time per sign-in, median of rounds: \d+\.\d\d ms/);
    assert.match(output, /openid-client alone \(no headers, log, signed cookie nor store\): \d+\.\d\d ms/);
    assert.match(output, /4 concurrent users, 4 sign-ins: p50 \d+ ms, p99 \d+ ms/);
    assert.match(output, /discovery fetches per sign-in: 0 \(target 0\)/);
    assert.match(output, /JWKS fetches per sign-in: +0 \(target 0\)/);
  });
});
