#!/usr/bin/env node
// The `franceconnect-audit` command. Kept outside dist/ so that npm links it on install, before the
// package is built in a clone of the repository.
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
try {
  await import(cli.href);
} catch (error) {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(fileURLToPath(cli))) {
    console.error(
      'franceconnect-audit : le paquet n’est pas construit (dist/cli.js manque) ; lancez npm run build.',
    );
    process.exit(3);
  }
  throw error;
}
