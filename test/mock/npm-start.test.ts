import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoClient, demoPlusClient, QUOTIENT_FAMILIAL_PATH } from '@franceconnect-kit/mock-franceconnect';
import { freePort, startProcess, type Started } from '../helpers/processes.js';
import { validParameters } from './support.js';

describe('npm start runs the local FranceConnect, the data provider and the local FranceConnect+', () => {
  let kit: Started;
  const ports = { demo: 0, franceConnect: 0, dataProvider: 0, franceConnectPlus: 0 };

  before(async () => {
    ports.demo = await freePort();
    ports.franceConnect = await freePort();
    ports.dataProvider = await freePort();
    ports.franceConnectPlus = await freePort();
    kit = await startProcess(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-build'], {
      env: {
        DEMO_PORT: String(ports.demo),
        MOCK_FC_PORT: String(ports.franceConnect),
        DATA_PROVIDER_PORT: String(ports.dataProvider),
        MOCK_FC_PLUS_PORT: String(ports.franceConnectPlus),
      },
      ready: /Ready\./,
    });
  });
  after(() => kit?.stop());

  it('prints their URLs', () => {
    const fc = `http://127.0.0.1:${ports.franceConnect}`;
    assert.match(kit.output(), new RegExp(`Local FranceConnect: ${fc} \\(issuer ${fc}/api/v2\\)`));
    assert.match(kit.output(), new RegExp(`Data provider: +http://127\\.0\\.0\\.1:${ports.dataProvider}`));
    const plus = `http://127.0.0.1:${ports.franceConnectPlus}`;
    assert.match(kit.output(), new RegExp(`Local FranceConnect\\+: ${plus} \\(issuer ${plus}/api/v2\\)`));
  });

  it('registers the demo at the local FranceConnect+, whose discovery says FranceConnect+', async () => {
    const metadata = (await (
      await fetch(`http://127.0.0.1:${ports.franceConnectPlus}/api/v2/.well-known/openid-configuration`)
    ).json()) as { acr_values_supported: string[] };
    assert.deepEqual(metadata.acr_values_supported, ['eidas2', 'eidas3']);
    const demo = demoPlusClient(`http://localhost:${ports.demo}`);
    const url = new URL(`http://127.0.0.1:${ports.franceConnectPlus}/api/v2/authorize`);
    url.search = new URLSearchParams(
      validParameters({
        client_id: demo.client_id,
        redirect_uri: demo.redirect_uris[0],
        acr_values: 'eidas2',
      }),
    ).toString();
    const response = await fetch(url, { redirect: 'manual' });
    assert.equal(response.status, 303);
    assert.match(response.headers.get('location') ?? '', /^\/interaction\//);
  });

  it('registers the demo client for the demo’s URL', async () => {
    const demo = demoClient(`http://localhost:${ports.demo}`);
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
