// `npm run bench`: what the BFF costs, measured against baselines in the same run.
//  1. GET /auth/login requests per second of the BFF with SQLite and with Redis sessions, against a
//     bare Express app answering the same 302 (target: ≥ 60 % with both), the "floor" of the
//     session-based login (Express + helmet + express-session + the same store and session content),
//     and express-openid-connect configured as close as it allows;
//  2. the BFF's CPU time per complete sign-in against the local FranceConnect (target ≤ 3 ms), how
//     many times it fetched FranceConnect's discovery document and keys per sign-in (target: 0), the
//     50th and 99th percentile latency of a complete sign-in under 20 concurrent users, and the peak
//     memory (RSS) of the BFF's process.
// Each server runs in its own process; autocannon, the simulated users and the local FranceConnect run
// in this one, so that the CPU time a server reports is its own.
// Not part of `npm test`: timings depend on the machine. BENCH_ROUNDS, BENCH_DURATION (seconds),
// BENCH_WARM_UP (seconds of load before a server's first measure), BENCH_CONNECTIONS, BENCH_SIGN_INS
// (per round) and BENCH_CONCURRENT_SIGN_INS change the effort;
// BENCH_PARTS=login or BENCH_PARTS=sign-in runs one part only.
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { demoClient, startMockFranceConnect } from '@franceconnect-kit/mock-franceconnect';
import { freePort } from '../../helpers/processes.js';
import { startRedis } from '../helpers/redis.js';
import { signIns } from './sign-in.js';
import { startWorker, type Stats, type Worker } from './worker.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 4);
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 100);
const CONCURRENT_SIGN_INS = Number(process.env.BENCH_CONCURRENT_SIGN_INS ?? 400);
const PARTS = process.env.BENCH_PARTS ?? 'login,sign-in';
const USERS = 20;
const LOGIN_TARGET = 0.6;
const SIGN_IN_CPU_TARGET_MS = 3;

interface Throughput {
  /** Requests per second, as autocannon measured them. */
  rate: number;
  /** The server's CPU time per request, in microseconds (insensitive to the load generator's share). */
  cpuPerRequest: number;
}

async function measure(worker: Worker, warmUp: number): Promise<Throughput> {
  const run = (duration: number) =>
    autocannon({ url: `${worker.url}/auth/login?returnTo=/demarches`, connections: CONNECTIONS, duration });
  await run(warmUp); // warm-up: JIT, connection pools, SQLite pages (a server runs for days)
  const before = await worker.stats();
  const result = await run(DURATION);
  const after = await worker.stats();
  const non3xx = result.non2xx - result['3xx'];
  if (result.errors > 0 || non3xx > 0) {
    throw new Error(`${worker.url}: ${result.errors} errors, ${non3xx} answers other than 3xx`);
  }
  const cpu = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
  return { rate: result.requests.average, cpuPerRequest: cpu / result.requests.total };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)] ?? 0;
const percent = (value: number) => `${(value * 100).toFixed(0)} %`;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const cpuMs = (before: { cpu: NodeJS.CpuUsage }, after: { cpu: NodeJS.CpuUsage }) =>
  (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000;

const bffPort = await freePort();
const client = demoClient(`http://127.0.0.1:${bffPort}`);
const franceconnect = await startMockFranceConnect({ port: 0, clients: [client] });
const redis = await startRedis();
const bffEnv = {
  BENCH_ISSUER: franceconnect.issuer,
  BENCH_CLIENT_ID: client.client_id,
  BENCH_CLIENT_SECRET: client.client_secret,
  BENCH_REDIS_URL: redis.url,
};

try {
  console.log(
    `Node ${process.version}, ${cpus().length} CPU, autocannon ${CONNECTIONS} connections, ${ROUNDS} rounds × ${DURATION} s per server\n`,
  );

  if (PARTS.includes('login')) await loginPart();
  if (PARTS.includes('sign-in')) await signInPart();
} finally {
  await redis.stop();
  await franceconnect.close();
}

async function loginPart(): Promise<void> {
  // 1. The servers take turns, ROUNDS times, so that a passing load on the machine weighs on all of
  // them alike; medians are compared.
  const sqlite = await startWorker('sqlite', bffEnv);
  const login = await fetch(`${sqlite.url}/auth/login?returnTo=/demarches`, { redirect: 'manual' });
  const location = { BENCH_LOCATION: login.headers.get('location') ?? '' };
  const servers: Array<[string, Worker]> = [
    ['bare Express, same 302', await startWorker('bare', location)],
    ['server-side attempt (SQLite)', await startWorker('floor', location)],
    ['BFF, SQLite sessions', sqlite],
    ['BFF, Redis sessions', await startWorker('redis', bffEnv)],
    ['express-openid-connect 3.4', await startWorker('eoc', bffEnv)],
    ['Express + openid-client alone', await startWorker('minimal', bffEnv)],
  ];
  const samples = new Map<string, Throughput[]>(servers.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, worker] of servers)
      samples.get(name)?.push(await measure(worker, round === 0 ? WARM_UP : 1));
  }
  for (const [, worker] of servers) await worker.stop();
  const summary = [...samples].map(([name, list]) => ({
    name,
    rate: median(list.map((item) => item.rate)),
    cpu: median(list.map((item) => item.cpuPerRequest)),
  }));
  const bare = summary[0] ?? { rate: 1, cpu: 1 };
  console.log('GET /auth/login, medians         req/s   vs bare   CPU/request   vs bare');
  for (const { name, rate, cpu } of summary) {
    const cpuText = `${cpu.toFixed(0)} µs`;
    console.log(
      `  ${name.padEnd(28)} ${rate.toFixed(0).padStart(7)}   ${percent(rate / bare.rate).padStart(7)}   ${cpuText.padStart(11)}   ${`×${(cpu / bare.cpu).toFixed(1)}`.padStart(7)}`,
    );
  }
  console.log(
    '  (express-openid-connect always adds PKCE, which FranceConnect refuses: it cannot complete a sign-in\n' +
      '   with FranceConnect, so only its /auth/login is compared)',
  );
  for (const [index, name] of [
    [2, 'SQLite'],
    [3, 'Redis'],
  ] as const) {
    const ratio = (summary[index]?.rate ?? 0) / bare.rate;
    console.log(
      `  target: BFF with ${name} ≥ ${percent(LOGIN_TARGET)} of bare Express → ${percent(ratio)}, ${met(ratio >= LOGIN_TARGET)}`,
    );
  }
  console.log();
}

/**
 * The CPU time a bare Express server spends per request when requests come one at a time (as in a
 * sign-in, where each waits for the previous one): the floor under which no HTTP exchange goes.
 */
async function bareSequentialCpu(): Promise<number> {
  const bare = await startWorker('bare', { BENCH_LOCATION: `${franceconnect.issuer}/authorize` });
  try {
    const one = async () => {
      const response = await fetch(`${bare.url}/auth/login?returnTo=/demarches`, { redirect: 'manual' });
      await response.body?.cancel();
    };
    for (let i = 0; i < 100; i++) await one();
    const before = await bare.stats();
    const count = 500;
    for (let i = 0; i < count; i++) await one();
    return (cpuMs(before, await bare.stats()) * 1000) / count;
  } finally {
    await bare.stop();
  }
}

/** CPU per sign-in of `worker` under USERS concurrent users, with the sign-ins' durations. */
async function concurrentSignIns(
  worker: Worker,
): Promise<{ cpu: number; latencies: number[]; elapsed: number; end: Stats }> {
  const before = await worker.stats();
  const started = performance.now();
  const latencies = await signIns(worker.url, franceconnect.url, CONCURRENT_SIGN_INS, USERS);
  const elapsed = performance.now() - started;
  const end = await worker.stats();
  return { cpu: cpuMs(before, end) / CONCURRENT_SIGN_INS, latencies, elapsed, end };
}

/** CPU per sign-in of `worker`, one user at a time: a median of ROUNDS rounds, and every duration. */
async function sequentialSignIns(
  worker: Worker,
): Promise<{ cpu: number; rounds: number[]; durations: number[] }> {
  await signIns(worker.url, franceconnect.url, 20); // warm-up: JIT, connections, SQLite pages
  const rounds: number[] = [];
  const durations: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const before = await worker.stats();
    durations.push(...(await signIns(worker.url, franceconnect.url, SIGN_INS)));
    rounds.push(cpuMs(before, await worker.stats()) / SIGN_INS);
  }
  return { cpu: median(rounds), rounds, durations };
}

async function signInPart(): Promise<void> {
  const floor = await bareSequentialCpu();
  // 2. Complete sign-ins through the local FranceConnect's screens, on the port it knows the callback
  // of: first the least a sign-in can cost with Express and openid-client (the same exchanges and
  // signatures, nothing else), then the BFF.
  const minimalWorker = await startWorker('minimal', bffEnv, { port: bffPort });
  const minimal = await sequentialSignIns(minimalWorker);
  const minimalConcurrent = await concurrentSignIns(minimalWorker);
  await minimalWorker.stop();
  const signInBff = await startWorker('sqlite', bffEnv, { port: bffPort });
  const start = await signInBff.stats();
  const { cpu, rounds: perSignIn, durations: endToEnd } = await sequentialSignIns(signInBff);
  const sequential = await signInBff.stats();
  const concurrent = await concurrentSignIns(signInBff);
  const { latencies, end } = concurrent;
  await signInBff.stop();
  const counted = (name: 'discovery' | 'jwks') =>
    ((end.fetchCounts?.[name] ?? 0) - (start.fetchCounts?.[name] ?? 0)) /
    (ROUNDS * SIGN_INS + CONCURRENT_SIGN_INS);
  console.log(
    `Complete sign-ins against the local FranceConnect (login, its screens, callback with token + userinfo, /api/me)`,
  );
  console.log(
    `  one user at a time: ${ROUNDS} × ${SIGN_INS}, ${median(endToEnd).toFixed(0)} ms each end to end (median)`,
  );
  console.log(
    `  BFF CPU time per sign-in, median of rounds: ${cpu.toFixed(2)} ms (rounds: ${perSignIn.map((value) => value.toFixed(2)).join(', ')})`,
  );
  console.log(
    `  the same exchanges with Express and openid-client alone (no headers, log, signed cookie nor store): ${minimal.cpu.toFixed(2)} ms (rounds: ${minimal.rounds.map((value) => value.toFixed(2)).join(', ')});\n` +
      `   the BFF costs ${(cpu / minimal.cpu).toFixed(1)}× that floor`,
  );
  console.log(`  target: ≤ ${SIGN_IN_CPU_TARGET_MS} ms → ${met(cpu <= SIGN_IN_CPU_TARGET_MS)}`);
  console.log(
    `  (reference: bare Express spends ${floor.toFixed(0)} µs of CPU per request when requests come one at a time;\n` +
      `   the five HTTP exchanges of a sign-in at that cost alone: ${((5 * floor) / 1000).toFixed(2)} ms)`,
  );
  console.log(
    `  ${Math.min(USERS, CONCURRENT_SIGN_INS)} concurrent users, ${CONCURRENT_SIGN_INS} sign-ins: p50 ${quantile(latencies, 0.5).toFixed(0)} ms, p99 ${quantile(latencies, 0.99).toFixed(0)} ms, ` +
      `${((CONCURRENT_SIGN_INS / concurrent.elapsed) * 1000).toFixed(0)} sign-ins/s, BFF CPU ${concurrent.cpu.toFixed(2)} ms per sign-in ` +
      `(Express and openid-client alone: ${minimalConcurrent.cpu.toFixed(2)} ms, p50 ${quantile(minimalConcurrent.latencies, 0.5).toFixed(0)} ms)`,
  );
  console.log(
    `  peak memory (RSS) of the BFF process: ${(end.maxRss / 1024 / 1024).toFixed(0)} MB (${(sequential.maxRss / 1024 / 1024).toFixed(0)} MB before the concurrent users; ` +
      `Express and openid-client alone, started the same way: ${(minimalConcurrent.end.maxRss / 1024 / 1024).toFixed(0)} MB)`,
  );
  console.log(`  discovery fetches per sign-in: ${counted('discovery')} (target 0)`);
  console.log(`  JWKS fetches per sign-in:      ${counted('jwks')} (target 0)`);
  console.log(
    `  (the BFF fetched them ${end.fetchCounts?.discovery ?? 0} and ${end.fetchCounts?.jwks ?? 0} time(s) in all, at start)`,
  );
}
