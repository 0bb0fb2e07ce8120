import express from 'express';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';

export interface DemoOptions {
  port: number;
  host?: string;
}

const staticDir = fileURLToPath(new URL('./dist', import.meta.url));

/** Starts the demo service (the pages built by Vite). Resolves once it listens. */
export async function startDemo({ port, host = '127.0.0.1' }: DemoOptions): Promise<Server> {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.static(staticDir));
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once('error', reject);
  });
}
