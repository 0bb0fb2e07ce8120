import { dirname, join, resolve } from 'node:path';
import type { Request, Response } from 'express';
import type { BffSettings } from '../config.js';
import { FranceConnectClient } from '../franceconnect/discovery.js';
import { isLoopbackUrl } from '../franceconnect/loopback.js';
import type { OutboundInterceptor } from '../franceconnect/outbound-fetch.js';
import type { Logger } from '../log.js';
import { EncryptionKeysError, loadEncryptionKeys, type EncryptionKeys } from './encryption-keys.js';
import { ResponseEncryption } from './response-encryption.js';
import type { FranceConnectPlusSettings } from './settings.js';

/** FranceConnect+ as the BFF uses it: its client (discovery, keys, exchanges) and the service's keys. */
export interface FranceConnectPlus {
  settings: FranceConnectPlusSettings;
  client: FranceConnectClient;
  keys: EncryptionKeys;
}

/** The `claims` parameter FranceConnect+'s documentation sends: `amr` in the ID token. */
export const AMR_CLAIMS = JSON.stringify({ id_token: { amr: { essential: true } } });

/** The keys' file when none is named: beside the sessions' database (development only). */
export const DEFAULT_KEYS_FILE = 'franceconnect-plus-keys.json';

/**
 * FranceConnect+ from the settings, `undefined` when it is off. Its keys are the given ones, else
 * those of `encryptionKeysFile`; against a local FranceConnect+ (a loopback issuer), a key is created
 * when there is none, beside the sessions' database. Throws `EncryptionKeysError` naming the problem.
 */
export function createFranceConnectPlus(
  settings: BffSettings,
  outbound: {
    logger: Logger;
    trustedCertificates?: readonly string[] | undefined;
    interceptor?: OutboundInterceptor | undefined;
  },
): FranceConnectPlus | undefined {
  const plus = settings.franceconnectPlus;
  if (!plus) return undefined;
  const development = isLoopbackUrl(new URL(plus.issuer));
  if (plus.encryptionKeys === undefined && plus.encryptionKeysFile === undefined && !development) {
    throw new EncryptionKeysError([
      'FranceConnect+ encrypts to the service’s keys: give them (FC_PLUS_ENCRYPTION_KEYS, or FC_PLUS_ENCRYPTION_KEYS_FILE; `franceconnect-bff generate-encryption-key` makes one)',
    ]);
  }
  const defaultFile =
    settings.databasePath === ':memory:'
      ? undefined
      : join(dirname(resolve(settings.databasePath)), DEFAULT_KEYS_FILE);
  const keys = loadEncryptionKeys({
    keys: plus.encryptionKeys,
    file: plus.encryptionKeysFile ?? defaultFile,
    generate: development,
  });
  const client = new FranceConnectClient({
    issuer: plus.issuer,
    clientId: plus.clientId,
    clientSecret: plus.clientSecret,
    // FranceConnect+ signs with ES256 only.
    signingAlgorithm: 'ES256',
    httpTimeout: settings.httpTimeout,
    logger: outbound.logger.child({ platform: 'franceconnect-plus' }),
    trustedCertificates: outbound.trustedCertificates,
    interceptor: outbound.interceptor,
    encryption: new ResponseEncryption(keys),
  });
  return { settings: plus, client, keys };
}

/**
 * `GET /auth/jwks`: the service's public encryption key, the `jwks_uri` to register in FranceConnect+'s
 * partner space. Only public parameters; cacheable 10 minutes (rotation keeps the old key that long).
 */
export function jwksRoute(keys: EncryptionKeys) {
  return (_req: Request, res: Response): void => {
    res.set('Cache-Control', 'public, max-age=600').type('application/jwk-set+json').json(keys.publicJwks());
  };
}
