import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import express, { type Express } from 'express';
import {
  BffConfigurationError,
  createFranceConnectBff,
  type FranceConnectBff,
  type FranceConnectBffOptions,
} from './create-bff.js';
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
  /** Stops accepting connections, ends idle ones, closes the BFF's store and connections. */
  close(): Promise<void>;
}

/**
 * Starts the standalone server; resolves once it listens. Rejects with `BffConfigurationError` for bad
 * options, and with Node's listening error (`code` `EADDRINUSE` for a port in use) when it cannot listen,
 * having closed what it opened.
 */
export async function startBffServer(
  options: BffAppOptions & { port: number; host?: string | undefined },
): Promise<RunningBff> {
  const { port, host = '127.0.0.1', ...appOptions } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new BffConfigurationError(['port: the port must be an integer between 0 and 65535']);
  }
  const { app, bff } = createBffApp(appOptions);
  const server = createServer(app);
  try {
    // Not app.listen: Express 5 calls its callback on errors too, which would read as listening.
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await bff.close();
    throw error;
  }
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  let closing: Promise<void> | undefined;
  return {
    server,
    bff,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }).then(() => bff.close())),
  };
}
