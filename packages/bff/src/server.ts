import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import express, { type Express } from 'express';
import {
  BffConfigurationError,
  createFranceConnectBff,
  type FranceConnectBff,
  type FranceConnectBffOptions,
} from './create-bff.js';
import { SchemaTooNewError } from './accounts/migrations.js';
import { findCause } from './franceconnect/errors.js';
import { pageSecurityHeaders } from './http/security-headers.js';
import { parseTrustProxy, trustProxyProblem, type TrustProxy } from './http/trust-proxy.js';

export { parseTrustProxy };

export interface BffAppOptions extends FranceConnectBffOptions {
  /** A folder of static files served next to the BFF (your front end), with page security headers. */
  staticDir?: string | undefined;
  /** Express's `trust proxy`: `loopback` (default), `true`, a hop count, or addresses. */
  trustProxy?: TrustProxy | undefined;
}

/** Why a static folder cannot be served, or `undefined`. */
function staticDirProblem(staticDir: unknown): string | undefined {
  if (typeof staticDir !== 'string' || staticDir.trim() === '') return 'the static folder must be a path';
  try {
    return statSync(staticDir).isDirectory() ? undefined : `${staticDir} is not a folder`;
  } catch {
    return `the static folder ${staticDir} does not exist or cannot be read`;
  }
}

/** The standalone app: the BFF router and, optionally, a static folder. */
export function createBffApp(options: BffAppOptions): { app: Express; bff: FranceConnectBff } {
  const { staticDir, trustProxy = 'loopback', ...bffOptions } = options ?? ({} as BffAppOptions);
  const problems: string[] = [];
  const folder = staticDir === undefined ? undefined : staticDirProblem(staticDir);
  if (folder !== undefined) problems.push(`staticDir: ${folder}`);
  const proxies = trustProxyProblem(trustProxy);
  if (proxies !== undefined) problems.push(`trustProxy: ${proxies}`);
  if (problems.length > 0) throw new BffConfigurationError(problems);
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
        franceconnectPlusOrigin:
          bff.settings.franceconnectPlus?.issuer && new URL(bff.settings.franceconnectPlus.issuer).origin,
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
  const server = createServer(app);
  // Not app.listen: Express 5 calls its callback on errors too, which would read as listening.
  return new Promise<Server>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
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

/**
 * Starts the standalone server; resolves once the stores are ready and it listens. Rejects with
 * `BffConfigurationError` for bad options, and with Node's listening error (`code` `EADDRINUSE` for a port
 * in use) when it cannot listen, having closed what it opened.
 */
export async function startBffServer(options: BffAppOptions & ServerOptions): Promise<RunningBff> {
  const {
    port,
    host = '127.0.0.1',
    metricsPort,
    metricsHost = '127.0.0.1',
    shutdownTimeout = 10,
    ...appOptions
  } = options;
  for (const [name, value] of [
    ['port', port],
    ['metricsPort', metricsPort],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 65535)) {
      throw new BffConfigurationError([`${name}: the port must be an integer between 0 and 65535`]);
    }
  }
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
