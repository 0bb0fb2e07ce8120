// `npm run bench`: what the BFF costs, measured against baselines in the same run.
//  1. GET /auth/login requests per second of the BFF with SQLite and with Redis sessions, against a
//     bare Express app answering the same 302 (target: SQLite ≥ 50 %), and against the "floor" of the
//     session-based login (Express + helmet + express-session + the same store and session content);
//  2. the BFF's CPU time per complete sign-in against the local FranceConnect, and how many times it
//     fetched FranceConnect's discovery document and keys per sign-in (target: 0).
// Each server runs in its own process; autocannon and the simulated users run in this one.
// Not part of `npm test`: timings depend on the machine. BENCH_ROUNDS, BENCH_DURATION (seconds),
// BENCH_CONNECTIONS and BENCH_SIGN_INS change the effort.
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { demoClient, startMockFranceConnect } from '@franceconnect-kit/mock-franceconnect';
import { FranceConnectUser } from '../../helpers/franceconnect-user.js';
import { freePort } from '../../helpers/processes.js';
import { startRedis } from '../helpers/redis.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 100);

type Kind = 'bare' | 'floor' | 'sqlite' | 'redis';

interface Stats {
  cpu: NodeJS.CpuUsage;
  fetchCounts: { discovery: number; jwks: number } | null;
}

interface Worker {
  url: string;
  stats(): Promise<Stats>;
  stop(): Promise<void>;
}

async function startWorker(kind: Kind, env: Record<string, string>, port?: number): Promise<Worker> {
  const listenOn = port ?? (await freePort());
  const child = fork(new URL('./server.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env, BENCH_SERVER: kind, BENCH_PORT: String(listenOn) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the ${kind} server exited (${code})`)));
    });
  await next('ready');
  return {
    url: `http://127.0.0.1:${listenOn}`,
    stats: async () => {
      const reply = next('stats');
      child.send({ type: 'stats' });
      return (await reply) as unknown as Stats;
    },
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

interface Throughput {
  /** Requests per second, as autocannon measured them. */
  rate: number;
  /** The server's CPU time per request, in microseconds (insensitive to the load generator's share). */
  cpuPerRequest: number;
}

async function measure(worker: Worker): Promise<Throughput> {
  const run = (duration: number) =>
    autocannon({ url: `${worker.url}/auth/login?returnTo=/demarches`, connections: CONNECTIONS, duration });
  await run(1); // warm-up: JIT, connection pools, SQLite pages
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
const percent = (value: number) => `${(value * 100).toFixed(0)} %`;

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
  ];
  const samples = new Map<string, Throughput[]>(servers.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, worker] of servers) samples.get(name)?.push(await measure(worker));
  }
  for (const [, worker] of servers) await worker.stop();
  const summary = [...samples].map(([name, list]) => ({
    name,
    rate: median(list.map((item) => item.rate)),
    cpu: median(list.map((item) => item.cpuPerRequest)),
  }));
  const bare = summary[0] ?? { rate: 1, cpu: 1 };
  console.log('GET /auth/login, medians       req/s   vs bare   CPU/request   vs bare');
  for (const { name, rate, cpu } of summary) {
    const cpuText = `${cpu.toFixed(0)} µs`;
    console.log(
      `  ${name.padEnd(26)} ${rate.toFixed(0).padStart(7)}   ${percent(rate / bare.rate).padStart(7)}   ${cpuText.padStart(11)}   ${`×${(cpu / bare.cpu).toFixed(1)}`.padStart(7)}`,
    );
  }
  const ratio = (summary[2]?.rate ?? 0) / bare.rate;
  console.log(
    `  target: BFF with SQLite ≥ 50 % of bare Express → ${percent(ratio)}, ${ratio >= 0.5 ? 'met' : 'NOT met'}\n`,
  );

  // 2. Complete sign-ins through the local FranceConnect's screens, on the port it knows the callback of.
  const signInBff = await startWorker('sqlite', bffEnv, bffPort);
  const before = await signInBff.stats();
  const started = Date.now();
  for (let i = 0; i < SIGN_INS; i++) {
    const user = new FranceConnectUser({ franceConnectUrl: franceconnect.url });
    const departure = await user.signIn(`${signInBff.url}/auth/login?returnTo=/demarches`);
    const back = await user.fetch(departure.url);
    if (back.status !== 303) throw new Error(`sign-in ${i} ended with ${back.status}`);
    const me = await user.fetch(`${signInBff.url}/api/me`);
    if (me.status !== 200) throw new Error(`sign-in ${i}: /api/me answered ${me.status}`);
    await me.body?.cancel();
  }
  const elapsed = Date.now() - started;
  const after = await signInBff.stats();
  await signInBff.stop();
  const cpuMs = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000;
  const perSignIn = (name: 'discovery' | 'jwks') =>
    ((after.fetchCounts?.[name] ?? 0) - (before.fetchCounts?.[name] ?? 0)) / SIGN_INS;
  console.log(
    `Complete sign-ins against the local FranceConnect: ${SIGN_INS}, ${(elapsed / SIGN_INS).toFixed(0)} ms each end to end`,
  );
  console.log(
    `  BFF CPU time per sign-in (login, callback with token + userinfo, /api/me): ${(cpuMs / SIGN_INS).toFixed(2)} ms`,
  );
  console.log(`  discovery fetches per sign-in: ${perSignIn('discovery')} (target 0)`);
  console.log(`  JWKS fetches per sign-in:      ${perSignIn('jwks')} (target 0)`);
  console.log(
    `  (the BFF fetched them ${after.fetchCounts?.discovery ?? 0} and ${after.fetchCounts?.jwks ?? 0} time(s) in all, at start)`,
  );
} finally {
  await redis.stop();
  await franceconnect.close();
}
