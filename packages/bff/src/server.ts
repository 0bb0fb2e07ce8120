import type { Server } from 'node:http';
import express, { type Express } from 'express';
import { createFranceConnectBff, type FranceConnectBff, type FranceConnectBffOptions } from './create-bff.js';
import { SchemaTooNewError } from './accounts/migrations.js';
import { findCause } from './franceconnect/errors.js';
import { pageSecurityHeaders } from './http/security-headers.js';

export interface BffAppOptions extends FranceConnectBffOptions {
  /** A folder of static files served next to the BFF (your front end), with page security headers. */
  staticDir?: string | undefined;
  /** Express's `trust proxy`: `loopback` (default), `true`, a hop count, or addresses. */
  trustProxy?: string | number | boolean | undefined;
}

/** `trust proxy` from its environment form: `true`/`false`, a hop count, or Express's address list. */
export function parseTrustProxy(value: string | number | boolean): string | number | boolean {
  if (typeof value !== 'string') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** The standalone app: the BFF router and, optionally, a static folder. */
export function createBffApp(options: BffAppOptions): { app: Express; bff: FranceConnectBff } {
  const { staticDir, trustProxy = 'loopback', ...bffOptions } = options;
  const bff = createFranceConnectBff(bffOptions);
  const app = express();
  app.disable('x-powered-by');
  // Behind a TLS-terminating proxy, req.secure (hence the Secure cookie) comes from X-Forwarded-Proto.
  app.set('trust proxy', parseTrustProxy(trustProxy));
  app.use(bff);
  if (staticDir !== undefined) {
    const publicUrl = new URL(bff.settings.publicUrl);
    app.use(
      pageSecurityHeaders({
        franceconnectOrigin: new URL(bff.settings.issuer).origin,
        https: publicUrl.protocol === 'https:',
      }),
      express.static(staticDir, { index: 'index.html', redirect: false }),
    );
  }
  return { app, bff };
}

export interface RunningBff {
  server: Server;
  bff: FranceConnectBff;
  /** `http://host:port` actually listened on. */
  url: string;
  /** `http://host:port/metrics` when `metricsPort` is set. */
  metricsUrl: string | undefined;
  /**
   * Graceful shutdown: `/readyz` answers 503, no new connection is accepted, requests in flight finish
   * (at most `shutdownTimeout` seconds), then the stores and outbound connections close.
   */
  close(): Promise<void>;
}

export interface ServerOptions {
  port: number;
  host?: string | undefined;
  /** Prometheus metrics on their own port (`GET /metrics`); default: not served. */
  metricsPort?: number | undefined;
  /** The metrics' address; default `127.0.0.1`. */
  metricsHost?: string | undefined;
  /** Seconds requests in flight may take to finish at shutdown; default 10. */
  shutdownTimeout?: number | undefined;
}

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, host, () => resolve(listening));
    listening.once('error', reject);
  });
}

function urlOf(server: Server, host: string): string {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Stops accepting connections and resolves once every request in flight has finished (or `timeoutMs`). */
function drained(server: Server, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    // A keep-alive connection becomes idle once its request is answered: close it then.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * `bff.ready()`, tried again for a while: a database that is still starting (or a busy machine) must
 * not stop an instance for good. A schema newer than the code does at once.
 */
async function readyWithin(bff: FranceConnectBff, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 250; ; delay = Math.min(delay * 2, 2000)) {
    try {
      await bff.ready();
      return;
    } catch (error) {
      if (findCause(error, SchemaTooNewError) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Starts the standalone server; resolves once the stores are ready and it listens. */
export async function startBffServer(options: BffAppOptions & ServerOptions): Promise<RunningBff> {
  const {
    port,
    host = '127.0.0.1',
    metricsPort,
    metricsHost = '127.0.0.1',
    shutdownTimeout = 10,
    ...appOptions
  } = options;
  const { app, bff } = createBffApp(appOptions);
  let metricsServer: Server | undefined;
  const server = await (async () => {
    // Migrations first: an instance serves once its accounts' schema is the code's.
    await readyWithin(bff, 30_000);
    if (metricsPort !== undefined) {
      const metricsApp = express();
      metricsApp.disable('x-powered-by');
      metricsApp.get('/metrics', bff.metrics.handler);
      metricsServer = await listen(metricsApp, metricsPort, metricsHost);
    }
    return listen(app, port, host);
  })().catch(async (error: unknown) => {
    metricsServer?.close();
    await bff.close();
    throw error;
  });
  let closing: Promise<void> | undefined;
  return {
    server,
    bff,
    url: urlOf(server, host),
    metricsUrl: metricsServer && `${urlOf(metricsServer, metricsHost)}/metrics`,
    close: () =>
      (closing ??= (async () => {
        bff.drain();
        await drained(server, shutdownTimeout * 1000);
        await bff.close();
        if (metricsServer) await drained(metricsServer, 1000);
      })()),
  };
}
