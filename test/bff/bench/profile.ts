// `npm run profile`: a CPU profile of the BFF (SQLite sessions) during complete sign-ins against the
// local FranceConnect, written as a .cpuprofile (open it in Chrome DevTools › Performance, or
// https://www.speedscope.app), with a summary of where the time went. Only the BFF's process is
// profiled, and only while the sign-ins run (not its start-up nor the warm-up).
// PROFILE_SIGN_INS (default 300), PROFILE_CONCURRENCY (default 1) and PROFILE_OUT (default
// profiles/bff-sign-in.cpuprofile) change it. PROFILE_TARGET=login profiles 5 s of GET /auth/login
// under load (autocannon, 10 connections) instead, per 1000 requests. PROFILE_SERVER profiles another
// server of server.ts than the BFF with SQLite sessions, to compare: `minimal` (sign-ins or login),
// `bare`, `floor` or `eoc` (login only).
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fork } from 'node:child_process';
import { demoClient, startMockFranceConnect } from '@franceconnect-kit/mock-franceconnect';
import autocannon from 'autocannon';
import { freePort } from '../../helpers/processes.js';
import { signIns } from './sign-in.js';

const SIGN_INS = Number(process.env.PROFILE_SIGN_INS ?? 300);
const SERVER = process.env.PROFILE_SERVER ?? 'sqlite';
const CONCURRENCY = Number(process.env.PROFILE_CONCURRENCY ?? 1);
const out = resolve(process.env.PROFILE_OUT ?? 'profiles/bff-sign-in.cpuprofile');
mkdirSync(dirname(out), { recursive: true });

const port = await freePort();
const client = demoClient(`http://127.0.0.1:${port}`);
const franceconnect = await startMockFranceConnect({ port: 0, clients: [client] });
const child = fork(new URL('./server.ts', import.meta.url), [], {
  execArgv: ['--import', 'tsx'],
  env: {
    ...process.env,
    BENCH_SERVER: SERVER,
    BENCH_LOCATION: `${franceconnect.issuer}/authorize?client_id=${client.client_id}&redirect_uri=${encodeURIComponent(`http://127.0.0.1:${port}/auth/callback`)}&response_type=code&scope=openid%20given_name%20family_name%20birthdate%20gender%20birthplace%20birthcountry%20email%20preferred_username&state=${'s'.repeat(43)}&nonce=${'n'.repeat(43)}&acr_values=eidas1&prompt=login`,
    BENCH_PORT: String(port),
    BENCH_ISSUER: franceconnect.issuer,
    BENCH_CLIENT_ID: client.client_id,
    BENCH_CLIENT_SECRET: client.client_secret,
  },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const next = (type: string) =>
  new Promise<void>((resolveMessage, reject) => {
    const onMessage = (message: { type?: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolveMessage();
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`the BFF exited (${code})`)));
  });

try {
  await next('ready');
  const bff = `http://127.0.0.1:${port}`;
  // warm-up: JIT, connections, SQLite pages
  if (SERVER === 'sqlite' || SERVER === 'minimal') await signIns(bff, franceconnect.url, 30);
  else await autocannon({ url: `${bff}/auth/login?returnTo=/demarches`, connections: 10, duration: 2 });
  const started = next('profile-started');
  child.send({ type: 'profile-start' });
  await started;
  let count: number;
  if (process.env.PROFILE_TARGET === 'login') {
    const result = await autocannon({
      url: `${bff}/auth/login?returnTo=/demarches`,
      connections: 10,
      duration: 5,
    });
    count = result.requests.total / 1000;
  } else {
    count = (await signIns(bff, franceconnect.url, SIGN_INS, CONCURRENCY)).length;
  }
  const stopped = next('profile-stopped');
  child.send({ type: 'profile-stop', path: out });
  await stopped;
  const what = process.env.PROFILE_TARGET === 'login' ? 'thousand logins' : 'sign-in';
  console.log(`Profile of the BFF → ${out}\n(per ${what})\n`);
  summarize(out, count);
} finally {
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.send({ type: 'stop' });
  await exited;
  await franceconnect.close();
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Self time per function and per package, in ms per sign-in: where to look first. */
function summarize(path: string, count: number): void {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of selfTime) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
    busy += micros;
    const where = packageOf(frame.url) || frame.functionName;
    const name = `${frame.functionName || '(anonymous)'}  ${where}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    byPackage.set(where, (byPackage.get(where) ?? 0) + micros);
  }
  const perSignIn = (micros: number) => `${(micros / 1000 / count).toFixed(3)} ms`.padStart(10);
  console.log(`JavaScript and GC: ${perSignIn(busy)} (idle and native "(program)" left out)\n`);
  console.log('By package or part (self time):');
  for (const [name, micros] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`${perSignIn(micros)}  ${name}`);
  }
  console.log('\nBy function (self time):');
  for (const [name, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${perSignIn(micros)}  ${name}`);
  }
}

/** `undici`, `express-session`, `bff/src/…` or `node:internal/…`: the part of the code a URL is in. */
function packageOf(url: string): string {
  if (!url) return '';
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const [scope = '', name = ''] = url.slice(modules + 'node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  const packages = url.indexOf('/packages/');
  if (packages !== -1) {
    const parts = url.slice(packages + '/packages/'.length).split('/');
    return parts.slice(0, 3).join('/');
  }
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return url.replace(/^file:\/\//, '');
}
