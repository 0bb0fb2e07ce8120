// `npm start`: builds what is needed, then runs the whole kit locally with embedded defaults only:
//   the demo service        http://localhost:3000   (DEMO_PORT; a host name, for passkeys)
//   the local FranceConnect http://127.0.0.1:3001   (MOCK_FC_PORT), issuer …/api/v2
//   the data provider       http://127.0.0.1:3002   (DATA_PROVIDER_PORT)
//   the local FranceConnect+ http://127.0.0.1:3003  (MOCK_FC_PLUS_PORT), issuer …/api/v2
// Ctrl-C or SIGTERM stops everything. It builds only what the demo runs (`npm run build:demo`: the
// packages and the demo's pages, not the tests); `--no-build` skips that (the end-to-end tests use it).
// DEMO_STATE_DIR: where the demo keeps its sessions and accounts (default var/; tests use a fresh one).
import { spawnSync } from 'node:child_process';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number (0-65535), got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return value;
}

const host = process.env.HOST ?? '127.0.0.1';
const ports = {
  demo: port('DEMO_PORT', 3000),
  franceconnect: port('MOCK_FC_PORT', 3001),
  dataProvider: port('DATA_PROVIDER_PORT', 3002),
  franceconnectPlus: port('MOCK_FC_PLUS_PORT', 3003),
};

if (!process.argv.includes('--no-build')) {
  console.log('Building…');
  const build = spawnSync('npm', ['run', '--silent', 'build:demo'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('The build failed; nothing was started.');
    process.exit(build.status ?? 1);
  }
}

const servers: Server[] = [];
const services: Array<{ close: () => Promise<void> }> = [];
let stopping = false;

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([
    ...services.map((service) => service.close()),
    ...servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  ]);
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal} received, stopping…`);
    void stop(0);
  });
}

function urlOf(server: Server): string {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server is not listening on TCP');
  return `http://${host}:${address.port}`;
}

try {
  // Imported only now: on a fresh clone, the packages exist once the build above has run.
  const { DEMO_DATA_PROVIDER, demoClient, demoPlusClient, startDataProvider, startMockFranceConnect } =
    await import('@franceconnect-kit/mock-franceconnect');
  const { demoUrl, startDemo } = await import('../demo/server.js');
  // The demo's public address (localhost: passkeys need a host name), registered at both platforms.
  const demoAddress = demoUrl(ports.demo);
  const franceConnect = await startMockFranceConnect({
    port: ports.franceconnect,
    host,
    clients: [demoClient(demoAddress)],
  });
  services.push(franceConnect);
  console.log(`Local FranceConnect: ${franceConnect.url} (issuer ${franceConnect.issuer})`);
  const dataProvider = await startDataProvider({
    port: ports.dataProvider,
    host,
    issuer: franceConnect.issuer,
    client_id: DEMO_DATA_PROVIDER.client_id,
    client_secret: DEMO_DATA_PROVIDER.client_secret,
  });
  services.push(dataProvider);
  console.log(`Data provider:       ${dataProvider.url}`);
  // FranceConnect+ (a second factor for sensitive acts): its own issuer and registration.
  const franceConnectPlus = await startMockFranceConnect({
    platform: 'franceconnect-plus',
    port: ports.franceconnectPlus,
    host,
    clients: [demoPlusClient(demoAddress)],
  });
  services.push(franceConnectPlus);
  console.log(`Local FranceConnect+: ${franceConnectPlus.url} (issuer ${franceConnectPlus.issuer})`);
  // The demo mounts the BFF, which signs in with the local FranceConnect started above.
  const demo = await startDemo({
    port: ports.demo,
    host,
    franceconnectIssuer: franceConnect.issuer,
    franceconnectPlusIssuer: franceConnectPlus.issuer,
    dataProviderUrl: dataProvider.url,
    stateDir: process.env.DEMO_STATE_DIR || undefined,
  });
  servers.push(demo);
  console.log(`Demo service:        ${ports.demo === 0 ? urlOf(demo) : demoAddress}`);
  console.log('Ready. Press Ctrl-C to stop.');
} catch (error) {
  console.error('Could not start:', error instanceof Error ? error.message : error);
  await stop(1);
}
