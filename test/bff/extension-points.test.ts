import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MeResponse, PurposeHandler, SignInHook, VerifiedAuthorization } from '@franceconnect-kit/bff';
import { assertSignedOut, attemptSignIn } from './helpers/attempt.js';
import { startForgedPair } from './helpers/bff.js';
import { CookieAgent } from './helpers/cookie-agent.js';

// The callback's extension point: the accounts feature plugs into `onSignIn`, the data feature
// registers a purpose whose handler uses the access token at once.

describe('onSignIn', () => {
  it('receives the verified identity and decides the user id, the account and where to go', async () => {
    const seen: VerifiedAuthorization[] = [];
    const onSignIn: SignInHook = (authorization) => {
      seen.push(authorization);
      return { userId: 'account-42', account: { id: 42, nom: 'Dupont' }, redirectTo: '/inscription' };
    };
    const pair = await startForgedPair({ onSignIn });
    try {
      const attempt = await attemptSignIn(pair.app, { returnTo: '/profil' });
      assert.equal(attempt.response.headers.get('location'), '/inscription');
      assert.equal(seen.length, 1);
      assert.equal(seen[0]?.identity.family_name, 'DUBOIS');
      assert.equal(seen[0]?.transaction.purpose, 'sign-in');
      assert.equal(seen[0]?.transaction.returnTo, '/profil');
      const me = (await (await attempt.agent.fetch(`${pair.app.url}/api/me`)).json()) as MeResponse;
      assert.deepEqual(me.account, { id: 42, nom: 'Dupont' });
      // The user id is the account's: ending the account's sessions ends this one.
      assert.equal(await pair.app.bff.endSessionsOfUser(pair.provider.sub), 0);
      assert.equal(await pair.app.bff.endSessionsOfUser('account-42'), 1);
      await assertSignedOut(pair.app, attempt.agent);
    } finally {
      await pair.close();
    }
  });

  it('refuses the sign-in when it throws: no session', async () => {
    const pair = await startForgedPair({
      onSignIn: () => {
        throw new Error('account database unreachable');
      },
    });
    try {
      const attempt = await attemptSignIn(pair.app);
      assert.equal(attempt.response.status, 500);
      assert.match(attempt.body, /Une erreur est survenue/);
      await assertSignedOut(pair.app, attempt.agent);
    } finally {
      await pair.close();
    }
  });
});

describe('purposes', () => {
  it('complete an authorization started for another purpose, with the access token used at once', async () => {
    const received: Array<{ scopes: string[]; userinfo: number }> = [];
    let issuer = '';
    const data: PurposeHandler = async (authorization, { res }) => {
      // What a data feature does: call the provider with the fresh access token, keep the result.
      const userinfo = await fetch(`${issuer}/userinfo`, {
        headers: { authorization: `Bearer ${authorization.accessToken}` },
      });
      await userinfo.body?.cancel();
      received.push({ scopes: authorization.transaction.scopes, userinfo: userinfo.status });
      res.redirect(303, authorization.transaction.returnTo);
    };
    const pair = await startForgedPair({ purposes: { data } }, (app, bff) => {
      // An app route under /auth/, where the BFF's session is loaded.
      app.get('/auth/data', async (req, res) => {
        const scopes = typeof req.query.scopes === 'string' ? req.query.scopes.split(' ') : [];
        const url = await bff.startAuthorization(req, { purpose: 'data', scopes, returnTo: '/mes-donnees' });
        res.redirect(302, url.href);
      });
    });
    issuer = pair.provider.issuer;
    try {
      const agent = new CookieAgent();
      const scopes = ['openid', 'given_name', 'family_name', 'cnaf_quotient_familial'];
      const start = await agent.fetch(
        `${pair.app.url}/auth/data?scopes=${encodeURIComponent(scopes.join(' '))}`,
      );
      assert.equal(start.status, 302);
      assert.equal(pair.provider.counts.authorize, 0);
      const authorize = await agent.fetch(start.headers.get('location') ?? '');
      assert.equal(pair.provider.lastAuthorize?.get('scope'), scopes.join(' '));
      const callback = await agent.fetch(authorize.headers.get('location') ?? '');
      assert.equal(callback.status, 303);
      assert.equal(callback.headers.get('location'), '/mes-donnees');
      assert.deepEqual(received, [{ scopes, userinfo: 200 }]);
      await assertSignedOut(pair.app, agent); // the data purpose chose not to sign in
    } finally {
      await pair.close();
    }
  });

  it('refuse to start an authorization for an unknown purpose', async () => {
    let failure: unknown;
    const pair = await startForgedPair({}, (app, bff) => {
      app.get('/auth/unknown', async (req, res) => {
        failure = await bff.startAuthorization(req, { purpose: 'nope' }).catch((error: unknown) => error);
        res.sendStatus(204);
      });
    });
    try {
      await fetch(`${pair.app.url}/auth/unknown`);
      assert.ok(failure instanceof TypeError);
    } finally {
      await pair.close();
    }
  });
});
