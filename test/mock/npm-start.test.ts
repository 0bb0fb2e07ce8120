import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoClient, QUOTIENT_FAMILIAL_PATH } from '@franceconnect-kit/mock-franceconnect';
import { freePort, startProcess, type Started } from '../helpers/processes.js';
import { validParameters } from './support.js';

describe('npm start runs the local FranceConnect and the data provider', () => {
  let kit: Started;
  const ports = { demo: 0, franceConnect: 0, dataProvider: 0 };

  before(async () => {
    ports.demo = await freePort();
    ports.franceConnect = await freePort();
    ports.dataProvider = await freePort();
    kit = await startProcess(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-build'], {
      env: {
        DEMO_PORT: String(ports.demo),
        MOCK_FC_PORT: String(ports.franceConnect),
        DATA_PROVIDER_PORT: String(ports.dataProvider),
      },
      ready: /Ready\./,
    });
  });
  after(() => kit?.stop());

  it('prints their URLs', () => {
    const fc = `http://127.0.0.1:${ports.franceConnect}`;
    assert.match(kit.output(), new RegExp(`Local FranceConnect: ${fc} \\(issuer ${fc}/api/v2\\)`));
    assert.match(kit.output(), new RegExp(`Data provider: +http://127\\.0\\.0\\.1:${ports.dataProvider}`));
  });

  it('registers the demo client for the demo’s URL', async () => {
    const demo = demoClient(`http://127.0.0.1:${ports.demo}`);
    const url = new URL(`http://127.0.0.1:${ports.franceConnect}/api/v2/authorize`);
    url.search = new URLSearchParams(
      validParameters({ client_id: demo.client_id, redirect_uri: demo.redirect_uris[0] }),
    ).toString();
    const response = await fetch(url, { redirect: 'manual' });
    assert.equal(response.status, 303);
    assert.match(response.headers.get('location') ?? '', /^\/interaction\//);
  });

  it('serves the data provider', async () => {
    const response = await fetch(
      `http://127.0.0.1:${ports.dataProvider}${QUOTIENT_FAMILIAL_PATH}?recipient=13002526500013`,
    );
    assert.equal(response.status, 401);
  });
});
