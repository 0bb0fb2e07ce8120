// A benchmark server (server.ts) in its own process, driven over IPC: so that the CPU time and memory
// it reports are its own, not the load generator's nor the local FranceConnect's.
import { fork } from 'node:child_process';
import { freePort } from '../../helpers/processes.js';

export type Kind = 'bare' | 'floor' | 'sqlite' | 'redis' | 'eoc' | 'minimal';

export interface Stats {
  cpu: NodeJS.CpuUsage;
  /** Peak resident set size of the server process so far, in bytes. */
  maxRss: number;
  fetchCounts: { discovery: number; jwks: number } | null;
}

export interface Worker {
  url: string;
  stats(): Promise<Stats>;
  stop(): Promise<void>;
}

export async function startWorker(
  kind: Kind,
  env: Record<string, string>,
  options: { port?: number; execArgv?: string[] } = {},
): Promise<Worker> {
  const listenOn = options.port ?? (await freePort());
  const child = fork(new URL('./server.ts', import.meta.url), [], {
    execArgv: [...(options.execArgv ?? []), '--import', 'tsx'],
    env: { ...process.env, ...env, BENCH_SERVER: kind, BENCH_PORT: String(listenOn) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      void exit.then(() => reject(new Error(`the ${kind} server exited`)));
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
      if (!exited) child.send({ type: 'stop' });
      await exit;
    },
  };
}
