import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { attemptSignIn } from './helpers/attempt.js';
import { startForgedPair } from './helpers/bff.js';
import { CookieAgent } from './helpers/cookie-agent.js';

// A signed-out page asks the BFF who is there (`/api/me`, every page's header) and what was retrieved
// (`/api/data`, a form's page): « nobody » and « nothing » are ordinary answers, 204 without a body,
// so that the browser logs no error in the console. Routes that need a session keep their 401.

describe('signed out', () => {
  let pair: Awaited<ReturnType<typeof startForgedPair>>;
  before(async () => {
    pair = await startForgedPair({ recipientSiret: '21990000000015' }, (app, bff) => {
      app.get('/api/dossiers', ...bff.requireSignIn, (_req, res) => {
        res.json({ dossiers: [] });
      });
    });
  });
  after(() => pair.close());

  it('GET /api/me and GET /api/data answer 204, no body, never cached', async () => {
    const agent = new CookieAgent();
    for (const path of ['/api/me', '/api/data']) {
      const response = await agent.fetch(`${pair.app.url}${path}`, {
        headers: { accept: 'application/json' },
      });
      assert.equal(response.status, 204, path);
      assert.equal(await response.text(), '', path);
      assert.equal(response.headers.get('cache-control'), 'no-store', path);
    }
  });

  it('a route behind requireSignIn answers 401 signed out, and 200 once signed in', async () => {
    const anonymous = await fetch(`${pair.app.url}/api/dossiers`);
    assert.equal(anonymous.status, 401);
    assert.deepEqual(await anonymous.json(), {
      error: 'unauthenticated',
      message: 'Aucune session FranceConnect.',
    });
    const { agent } = await attemptSignIn(pair.app);
    const signedIn = await agent.fetch(`${pair.app.url}/api/dossiers`);
    assert.equal(signedIn.status, 200);
    assert.equal((await agent.fetch(`${pair.app.url}/api/me`)).status, 200);
    // Signed in, nothing retrieved yet: still « nothing ».
    assert.equal((await agent.fetch(`${pair.app.url}/api/data`)).status, 204);
  });
});
