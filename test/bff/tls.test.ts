import assert from 'node:assert/strict';
import { afterEach, before, beforeEach, describe, it } from 'node:test';
import tls from 'node:tls';
import { configFromEnv } from '@franceconnect-kit/bff';
import { freePort } from '../helpers/processes.js';
import { startTestBff } from './helpers/bff.js';
import {
  httpsServerUpTo,
  loosenProcessTlsDefaults,
  selfSignedCertificate,
  type Certificate,
} from './helpers/old-tls.js';

// qualification #18: FranceConnect is reached over TLS 1.2 or 1.3 only, and over https except on
// loopback hosts.

describe('outbound TLS', () => {
  let certificate: Certificate;
  let restoreTlsDefaults: () => void;
  before(() => {
    certificate = selfSignedCertificate();
  });
  beforeEach(() => {
    restoreTlsDefaults = loosenProcessTlsDefaults();
  });
  afterEach(() => restoreTlsDefaults());

  /** A FranceConnect discovery document and empty JWKS, over TLS up to `maxVersion`. */
  async function franceconnectOver(maxVersion: tls.SecureVersion) {
    const server = await httpsServerUpTo(maxVersion, certificate, (req, res, url) => {
      const issuer = `${url}/api/v2`;
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
    });
    return { ...server, issuer: `${server.url}/api/v2` };
  }

  it('refuses a FranceConnect that only speaks TLS 1.1, which the process defaults would accept', async () => {
    const { issuer, handshakes, stop } = await franceconnectOver('TLSv1.1');
    const app = await startTestBff(await freePort(), {
      issuer,
      clientId: 'client',
      clientSecret: 'secret',
      trustedCertificates: certificate.cert.toString(),
    });
    try {
      // Control: a client with the process defaults completes a TLS 1.1 handshake with this server.
      const protocol = await new Promise<string | null>((resolve, reject) => {
        const socket = tls.connect(
          { host: '127.0.0.1', port: Number(new URL(issuer).port), ca: certificate.cert },
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
      await stop();
    }
  });

  it('talks to a FranceConnect that speaks TLS 1.2', async () => {
    const { issuer, handshakes, stop } = await franceconnectOver('TLSv1.2');
    const app = await startTestBff(await freePort(), {
      issuer,
      clientId: 'client',
      clientSecret: 'secret',
      trustedCertificates: certificate.cert.toString(),
    });
    try {
      const response = await fetch(`${app.url}/auth/login`, { redirect: 'manual' });
      assert.equal(response.status, 302);
      assert.ok(handshakes.length > 0 && handshakes.every((version) => version === 'TLSv1.2'));
    } finally {
      await app.close();
      await stop();
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
