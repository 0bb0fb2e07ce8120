import type { Server } from 'node:http';
import express, { type Express } from 'express';
import { createFranceConnectBff, type FranceConnectBff, type FranceConnectBffOptions } from './create-bff.js';
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
  /** Stops accepting connections, ends idle ones, closes the BFF's store and connections. */
  close(): Promise<void>;
}

/** Starts the standalone server; resolves once it listens. */
export async function startBffServer(
  options: BffAppOptions & { port: number; host?: string | undefined },
): Promise<RunningBff> {
  const { port, host = '127.0.0.1', ...appOptions } = options;
  const { app, bff } = createBffApp(appOptions);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, host, () => resolve(listening));
    listening.once('error', reject);
  }).catch(async (error: unknown) => {
    await bff.close();
    throw error;
  });
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
