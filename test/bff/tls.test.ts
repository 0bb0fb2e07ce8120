import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import tls from 'node:tls';
import { configFromEnv } from '@franceconnect-kit/bff';
import { freePort } from '../helpers/processes.js';
import { startTestBff } from './helpers/bff.js';

// qualification #18: FranceConnect is reached over TLS 1.2 or 1.3 only, and over https except on
// loopback hosts.

describe('outbound TLS', () => {
  let folder: string;
  let key: Buffer;
  let cert: Buffer;
  const defaults = { min: tls.DEFAULT_MIN_VERSION, ciphers: tls.DEFAULT_CIPHERS };

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'bff-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-keyout', join(folder, 'key.pem'), '-out', join(folder, 'cert.pem'),
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' }); // prettier-ignore
    key = readFileSync(join(folder, 'key.pem'));
    cert = readFileSync(join(folder, 'cert.pem'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  // The process-wide defaults are loosened so that only the BFF's own setting can refuse TLS 1.1:
  // the test must fail if that setting goes away.
  beforeEach(() => {
    tls.DEFAULT_MIN_VERSION = 'TLSv1';
    tls.DEFAULT_CIPHERS = 'DEFAULT@SECLEVEL=0';
  });
  afterEach(() => {
    tls.DEFAULT_MIN_VERSION = defaults.min;
    tls.DEFAULT_CIPHERS = defaults.ciphers;
  });

  async function franceconnectOver(
    maxVersion: tls.SecureVersion,
  ): Promise<{ server: Server; issuer: string; handshakes: string[] }> {
    const handshakes: string[] = [];
    let issuer = '';
    const server = createServer(
      { key, cert, minVersion: 'TLSv1', maxVersion, ciphers: 'DEFAULT@SECLEVEL=0' },
      (req, res) => {
        res.setHeader('content-type', 'application/json');
        if (req.url?.endsWith('/jwks')) {
          res.end(JSON.stringify({ keys: [] }));
          return;
        }
        res.end(
          JSON.stringify({
            issuer,
            authorization_endpoint: `${issuer}/authorize`,
            token_endpoint: `${issuer}/token`,
            userinfo_endpoint: `${issuer}/userinfo`,
            jwks_uri: `${issuer}/jwks`,
            end_session_endpoint: `${issuer}/session/end`,
          }),
        );
      },
    );
    server.on('secureConnection', (socket: tls.TLSSocket) => handshakes.push(socket.getProtocol() ?? '?'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    issuer = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v2`;
    return { server, issuer, handshakes };
  }

  async function stop(server: Server): Promise<void> {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  it('refuses a FranceConnect that only speaks TLS 1.1, which the process defaults would accept', async () => {
    const { server, issuer, handshakes } = await franceconnectOver('TLSv1.1');
    const app = await startTestBff(await freePort(), {
      issuer,
      clientId: 'client',
      clientSecret: 'secret',
      trustedCertificates: cert.toString(),
    });
    try {
      // Control: a client with the process defaults completes a TLS 1.1 handshake with this server.
      const protocol = await new Promise<string | null>((resolve, reject) => {
        const socket = tls.connect(
          { host: '127.0.0.1', port: Number(new URL(issuer).port), ca: cert },
          () => {
            resolve(socket.getProtocol());
            socket.end();
          },
        );
        socket.once('error', reject);
      });
      assert.equal(protocol, 'TLSv1.1');

      const response = await fetch(`${app.url}/auth/login`, { redirect: 'manual' });
      assert.equal(response.status, 503);
      assert.match(await response.text(), /FranceConnect est momentanément indisponible/);
      const failure = app.entries().find((entry) => entry.event === 'franceconnect.discovery_failed');
      assert.equal(failure?.reason, 'tls');
      assert.deepEqual(handshakes, ['TLSv1.1'], 'only the control client completed a handshake');
    } finally {
      await app.close();
      await stop(server);
    }
  });

  it('talks to a FranceConnect that speaks TLS 1.2', async () => {
    const { server, issuer, handshakes } = await franceconnectOver('TLSv1.2');
    const app = await startTestBff(await freePort(), {
      issuer,
      clientId: 'client',
      clientSecret: 'secret',
      trustedCertificates: cert.toString(),
    });
    try {
      const response = await fetch(`${app.url}/auth/login`, { redirect: 'manual' });
      assert.equal(response.status, 302);
      assert.ok(handshakes.length > 0 && handshakes.every((version) => version === 'TLSv1.2'));
    } finally {
      await app.close();
      await stop(server);
    }
  });
});

describe('https issuers', () => {
  const base = {
    FC_CLIENT_ID: 'client',
    FC_CLIENT_SECRET: 'secret',
    PUBLIC_URL: 'http://127.0.0.1:3000',
    SESSION_SECRET: 's'.repeat(32),
  };

  it('refuses an http issuer or public URL on a non-loopback host', () => {
    const result = configFromEnv({
      ...base,
      FC_ISSUER: 'http://fc.example/api/v2',
      PUBLIC_URL: 'http://demarches.example',
    });
    assert.equal(result.ok, false);
    assert.ok(
      !result.ok && result.problems.some((line) => line.startsWith('FC_ISSUER:') && /https/.test(line)),
    );
    assert.ok(
      !result.ok && result.problems.some((line) => line.startsWith('PUBLIC_URL:') && /https/.test(line)),
    );
  });

  it('accepts http on loopback hosts and https anywhere', () => {
    for (const issuer of [
      'http://127.0.0.1:3001/api/v2',
      'http://localhost:3001/api/v2',
      'http://[::1]:3001/api/v2',
      'https://fc.example/api/v2',
    ]) {
      const result = configFromEnv({ ...base, FC_ISSUER: issuer });
      assert.equal(result.ok, true, issuer);
    }
  });
});
