#!/usr/bin/env node
// franceconnect-bff: the BFF as a standalone server, configured from the environment (see the README).
// A bad configuration exits with code 2 and one line per bad variable; a server that cannot start
// (its port in use) exits with code 1 and one line. Never a stack trace: these are settings, not bugs.
import { configFromEnv, problemsInEnvironmentTerms } from './config.js';
import { BffConfigurationError } from './create-bff.js';
import { generateEncryptionKey } from './franceconnect-plus/encryption-keys.js';
import { createLogger } from './log.js';
import { startBffServer } from './server.js';

// `franceconnect-bff generate-encryption-key [RSA-OAEP]`: a private JWKS for FranceConnect+ on stdout.
if (process.argv[2] === 'generate-encryption-key') {
  const alg = process.argv[3] === 'RSA-OAEP' ? 'RSA-OAEP' : 'ECDH-ES';
  console.log(JSON.stringify({ keys: [generateEncryptionKey(alg)] }, null, 2));
  process.exit(0);
}

function exit(code: number, lines: readonly string[]): never {
  for (const line of lines) console.error(line);
  process.exit(code);
}

const config = configFromEnv(process.env);
if (!config.ok) exit(2, config.problems);

const { server, settings } = config;
/** Why the server could not listen, in the terms of its variables; `exitCode` 2 when a setting is wrong. */
function listenProblem(error: NodeJS.ErrnoException): { line: string; exitCode: number } | undefined {
  const where = `${server.host}:${server.port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return { line: `PORT: ${where} is already in use (another server listens there)`, exitCode: 1 };
    case 'EACCES':
      return {
        line: `PORT: this user may not listen on ${where} (ports below 1024 need privileges)`,
        exitCode: 2,
      };
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { line: `HOST: cannot listen on ${server.host}: no such address on this machine`, exitCode: 2 };
    default:
      return undefined;
  }
}

const logger = createLogger(server.logLevel);
try {
  const running = await startBffServer({
    ...settings,
    port: server.port,
    host: server.host,
    staticDir: server.staticDir,
    trustProxy: server.trustProxy,
    accounts: server.accounts && {
      ...(server.signUpPage === undefined ? {} : { signUpPage: server.signUpPage }),
      ...(server.profilePage === undefined ? {} : { profilePage: server.profilePage }),
    },
    metricsPort: server.metricsPort,
    metricsHost: server.metricsHost,
    shutdownTimeout: server.shutdownTimeout,
    logger,
  });
  logger.info(
    { event: 'server.listening', url: running.url, metrics: running.metricsUrl },
    `franceconnect-bff listening on ${running.url}`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ event: 'server.stopping', signal }, 'stopping: finishing the requests in flight');
      running.close().then(
        () => {
          logger.info({ event: 'server.stopped' }, 'stopped');
          logger.flush();
          process.exit(0);
        },
        () => process.exit(1),
      );
    });
  }
} catch (error) {
  logger.flush();
  if (error instanceof BffConfigurationError) exit(2, problemsInEnvironmentTerms(error.problems));
  const listening = listenProblem(error as NodeJS.ErrnoException);
  if (listening) exit(listening.exitCode, [listening.line]);
  exit(1, [`franceconnect-bff could not start: ${error instanceof Error ? error.message : String(error)}`]);
}
