import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { createFranceConnectBff, createLogger, pageSecurityHeaders } from '@franceconnect-kit/bff';
import { demoClient } from '@franceconnect-kit/mock-franceconnect';

export interface DemoOptions {
  port: number;
  host?: string;
  /** The local FranceConnect the demo signs in with (`RunningMockFranceConnect.issuer`). */
  franceconnectIssuer: string;
  /** The local data provider « Mes aides » retrieves the family quotient from (`RunningDataProvider.url`). */
  dataProviderUrl: string;
  /** BFF log level (its JSON lines go to stdout). Default `warn`, so that `npm start` stays readable. */
  logLevel?: string;
}

/** The SIRET of the (made-up) Mairie de Démoville, the recipient of the data it retrieves. */
export const DEMO_RECIPIENT_SIRET = '21990000000015';

const staticDir = fileURLToPath(new URL('./dist', import.meta.url));
/** Git-ignored: the development session secret and the SQLite sessions, kept across restarts. */
const varDir = fileURLToPath(new URL('../var/', import.meta.url));

/** A development session secret, generated once and kept in var/ so that restarts keep sessions. */
function developmentSessionSecret(): string {
  const file = `${varDir}demo-session-secret`;
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  mkdirSync(varDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * Starts the demo service: « Mairie de Démoville », an Express app that mounts the BFF (configured for
 * the local FranceConnect with the demo client's credentials) and serves the pages built by Vite.
 * Resolves once it listens; closing the server also closes the BFF.
 */
export async function startDemo({
  port,
  host = '127.0.0.1',
  franceconnectIssuer,
  dataProviderUrl,
  logLevel = 'warn',
}: DemoOptions): Promise<Server> {
  const publicUrl = `http://127.0.0.1:${port}`;
  const client = demoClient(publicUrl);
  const bff = createFranceConnectBff({
    issuer: franceconnectIssuer,
    clientId: client.client_id,
    clientSecret: client.client_secret,
    publicUrl,
    sessionSecret: developmentSessionSecret(),
    sessionStore: 'sqlite',
    databasePath: `${varDir}demo-sessions.sqlite`,
    logger: createLogger(logLevel),
    // « Mes aides »: the family quotient, from the local data provider.
    recipientSiret: DEMO_RECIPIENT_SIRET,
    dataProviderUrl,
    dataScopes: ['cnaf_quotient_familial'],
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(bff);
  app.use(
    pageSecurityHeaders({ franceconnectOrigin: new URL(franceconnectIssuer).origin, https: false }),
    express.static(staticDir, { extensions: ['html'] }),
  );
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once('error', (error) => {
      void bff.close();
      reject(error);
    });
    server.once('close', () => void bff.close());
  });
}
