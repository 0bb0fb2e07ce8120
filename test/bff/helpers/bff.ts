import type { Server } from 'node:http';
import express, { type Express } from 'express';
import {
  createFranceConnectBff,
  type FranceConnectBff,
  type FranceConnectBffOptions,
} from '@franceconnect-kit/bff';
import { freePort } from '../../helpers/processes.js';
import { capturingLogger } from './logs.js';
import { startForgingProvider, type ForgingProvider } from './forging-provider.js';

export const SESSION_SECRET = 'test-session-secret-of-at-least-32-characters';

export interface TestBff {
  url: string;
  bff: FranceConnectBff;
  lines: string[];
  entries: () => Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * The BFF mounted in an Express app the way a team would (`app.use(bff)`, a home page after it),
 * listening on `port`, logging into memory.
 */
export async function startTestBff(
  port: number,
  options: Omit<FranceConnectBffOptions, 'publicUrl' | 'sessionSecret'> & Partial<FranceConnectBffOptions>,
  routes?: AppRoutes,
): Promise<TestBff> {
  const { logger, lines, entries } = capturingLogger();
  const bff = createFranceConnectBff({
    publicUrl: `http://127.0.0.1:${port}`,
    sessionSecret: SESSION_SECRET,
    sessionStore: 'memory',
    logger,
    ...options,
  });
  const app = express();
  app.use(bff);
  app.get('/', (_req, res) => {
    res.type('html').send('<h1>Accueil</h1>');
  });
  routes?.(app, bff);
  app.post('/app/contact', express.urlencoded({ extended: false }), (_req, res) => {
    res.send('the app’s own form, not guarded by the BFF');
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    bff,
    lines,
    entries,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await bff.close();
    },
  };
}

/** The app's own routes, added after the BFF like a team would. */
export type AppRoutes = (app: Express, bff: FranceConnectBff) => void;

/**
 * A BFF whose FranceConnect+ is a forging provider (encrypting to the BFF's `/auth/jwks`, eidas2), its
 * FranceConnect a local one that is never used.
 */
export async function startForgedPlusPair(
  options: Partial<FranceConnectBffOptions> = {},
  plus: Partial<NonNullable<FranceConnectBffOptions['franceconnectPlus']>> = {},
): Promise<{ provider: ForgingProvider; app: TestBff; close(): Promise<void> }> {
  const port = await freePort();
  const provider = await startForgingProvider({
    redirectUri: `http://127.0.0.1:${port}/auth/callback`,
    postLogoutRedirectUri: `http://127.0.0.1:${port}/auth/logout/callback`,
    encryptTo: `http://127.0.0.1:${port}/auth/jwks`,
  });
  const app = await startTestBff(port, {
    issuer: 'http://127.0.0.1:9/api/v2',
    clientId: 'b'.repeat(64),
    clientSecret: 'unused-secret',
    // No file: FranceConnect+'s development key is made in memory.
    databasePath: ':memory:',
    ...options,
    franceconnectPlus: {
      ...plus,
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
    },
  });
  return {
    provider,
    app,
    close: async () => {
      await app.close();
      await provider.close();
    },
  };
}

/** A forging provider and a BFF registered with it. */
export async function startForgedPair(
  options: Partial<FranceConnectBffOptions> = {},
  routes?: AppRoutes,
): Promise<{ provider: ForgingProvider; app: TestBff; close(): Promise<void> }> {
  const port = await freePort();
  const provider = await startForgingProvider({
    redirectUri: `http://127.0.0.1:${port}/auth/callback`,
    postLogoutRedirectUri: `http://127.0.0.1:${port}/auth/logout/callback`,
  });
  const app = await startTestBff(
    port,
    {
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      ...options,
    },
    routes,
  );
  return {
    provider,
    app,
    close: async () => {
      await app.close();
      await provider.close();
    },
  };
}
