import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';

// qualification #18: servers that accept TLS versions below 1.2, to prove the BFF refuses them itself.

export interface Certificate {
  key: Buffer;
  cert: Buffer;
}

/** A fresh self-signed certificate for 127.0.0.1 (P-256, one day), made with openssl. */
export function selfSignedCertificate(): Certificate {
  const folder = mkdtempSync(join(tmpdir(), 'bff-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-keyout', join(folder, 'key.pem'), '-out', join(folder, 'cert.pem'),
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' }); // prettier-ignore
    return { key: readFileSync(join(folder, 'key.pem')), cert: readFileSync(join(folder, 'cert.pem')) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Loosens the process-wide TLS defaults down to TLS 1.0 with weak ciphers, so that only the BFF's own
 * setting can refuse an old protocol: a test using this fails if that setting goes away. Returns the
 * function that restores the defaults.
 */
export function loosenProcessTlsDefaults(): () => void {
  const defaults = { min: tls.DEFAULT_MIN_VERSION, ciphers: tls.DEFAULT_CIPHERS };
  tls.DEFAULT_MIN_VERSION = 'TLSv1';
  tls.DEFAULT_CIPHERS = 'DEFAULT@SECLEVEL=0';
  return () => {
    tls.DEFAULT_MIN_VERSION = defaults.min;
    tls.DEFAULT_CIPHERS = defaults.ciphers;
  };
}

export interface OldTlsServer {
  server: Server;
  /** `https://127.0.0.1:<port>` */
  url: string;
  /** The protocol of every completed handshake, e.g. `['TLSv1.2']`. */
  handshakes: string[];
  stop: () => Promise<void>;
}

/** An https server on 127.0.0.1 that speaks TLS 1.0 up to `maxVersion`, answering with `handler`. */
export async function httpsServerUpTo(
  maxVersion: tls.SecureVersion,
  { key, cert }: Certificate,
  handler: (req: IncomingMessage, res: ServerResponse, url: string) => void,
): Promise<OldTlsServer> {
  const handshakes: string[] = [];
  let url = '';
  const server = createServer(
    { key, cert, minVersion: 'TLSv1', maxVersion, ciphers: 'DEFAULT@SECLEVEL=0' },
    (req, res) => handler(req, res, url),
  );
  server.on('secureConnection', (socket: tls.TLSSocket) => handshakes.push(socket.getProtocol() ?? '?'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    server,
    url,
    handshakes,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
