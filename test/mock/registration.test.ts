import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoClient, RegistrationError, startMockFranceConnect } from '@franceconnect-kit/mock-franceconnect';

// The local FranceConnect refuses at registration what FranceConnect would refuse: otherwise the mistake
// shows only at the first sign-in, as an error page, or worse, only with the real FranceConnect.

const client = demoClient('http://127.0.0.1:4100');

async function refusal(redirectUris: string[]): Promise<RegistrationError> {
  const error = await startMockFranceConnect({
    port: 0,
    clients: [{ ...client, redirect_uris: redirectUris }],
  }).then(
    async (fc) => {
      await fc.close();
      return undefined;
    },
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof RegistrationError, `accepted ${redirectUris.join(' ')}`);
  return error;
}

describe('client registrations', () => {
  it('refuses callbacks on several hosts (FranceConnect wants a sector_identifier_uri), naming them', async () => {
    for (const uris of [
      ['http://127.0.0.1:4100/auth/callback', 'http://localhost:4100/auth/callback'],
      ['https://demarches.example.fr/auth/callback', 'https://www.demarches.example.fr/auth/callback'],
      // Another port is another host for the pairwise subject.
      ['http://127.0.0.1:4100/auth/callback', 'http://127.0.0.1:4101/auth/callback'],
    ]) {
      const error = await refusal(uris);
      assert.equal(error.problems.length, 1);
      assert.match(error.problems[0] ?? '', /^clients\[0\]\.redirect_uris: the callbacks are on 2 hosts/);
      assert.match(error.problems[0] ?? '', /sector_identifier_uri/);
      for (const uri of uris) assert.ok(error.message.includes(new URL(uri).host), uri);
    }
  });

  it('refuses at start what oidc-provider would refuse at the first sign-in, naming the client', async () => {
    const error = await refusal(['http://127.0.0.1:4100/auth/callback#fragment']);
    assert.deepEqual(error.problems, [
      `clients[0] (${client.client_id}): redirect_uris must not contain fragments`,
    ]);
  });

  it('accepts several callbacks on one host', async () => {
    const fc = await startMockFranceConnect({
      port: 0,
      clients: [
        {
          ...client,
          redirect_uris: ['http://127.0.0.1:4100/auth/callback', 'http://127.0.0.1:4100/autre/callback'],
        },
      ],
    });
    await fc.close();
  });
});
