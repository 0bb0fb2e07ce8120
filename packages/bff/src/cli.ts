#!/usr/bin/env node
// franceconnect-bff: the BFF as a standalone server, configured from the environment (see the README).
// A bad configuration exits with code 2 and one line per bad variable.
import { configFromEnv } from './config.js';
import { generateEncryptionKey } from './franceconnect-plus/encryption-keys.js';
import { createLogger } from './log.js';
import { startBffServer } from './server.js';

// `franceconnect-bff generate-encryption-key [RSA-OAEP]`: a private JWKS for FranceConnect+ on stdout.
if (process.argv[2] === 'generate-encryption-key') {
  const alg = process.argv[3] === 'RSA-OAEP' ? 'RSA-OAEP' : 'ECDH-ES';
  console.log(JSON.stringify({ keys: [generateEncryptionKey(alg)] }, null, 2));
  process.exit(0);
}

const config = configFromEnv(process.env);
if (!config.ok) {
  for (const line of config.problems) console.error(line);
  process.exit(2);
}

const logger = createLogger(config.server.logLevel);
try {
  const running = await startBffServer({
    ...config.settings,
    port: config.server.port,
    host: config.server.host,
    staticDir: config.server.staticDir,
    trustProxy: config.server.trustProxy,
    accounts: config.server.accounts,
    logger,
  });
  logger.info(
    { event: 'server.listening', url: running.url },
    `franceconnect-bff listening on ${running.url}`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ event: 'server.stopping', signal }, 'stopping');
      running.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
} catch (error) {
  logger.fatal(
    { event: 'server.start_failed', error: error instanceof Error ? error.message : String(error) },
    'could not start',
  );
  process.exit(1);
}
