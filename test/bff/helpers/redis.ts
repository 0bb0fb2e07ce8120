import { freePort, startProcess, type Started } from '../../helpers/processes.js';

/** A throw-away redis-server on a free port, without persistence. */
export interface TestRedis {
  port: number;
  url: string;
  /** Stops the server (SIGTERM), e.g. to test an outage. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let running: Started | undefined;
  const start = async () => {
    running = await startProcess(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { ready: /Ready to accept connections/ },
    );
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      await running?.stop();
      running = undefined;
    },
    restart: async () => {
      await running?.stop();
      await start();
    },
  };
}
