#!/usr/bin/env node
// `mock-franceconnect`: the local FranceConnect and its data provider, until SIGINT or SIGTERM.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  DEMO_DATA_PROVIDER,
  demoClient,
  demoPlusClient,
  parseClients,
  RegistrationError,
} from './clients.js';
import { startDataProvider, type RunningDataProvider } from './data-provider.js';
import { IdentitiesError, loadIdentities } from './identities.js';
import { startMockFranceConnect, type RunningMockFranceConnect } from './server.js';

const USAGE = `Usage: mock-franceconnect [options]

Starts the local FranceConnect (OpenID Provider, issuer <url>/api/v2), its data provider, and the
local FranceConnect+ (its own issuer: eidas2/eidas3, encrypted tokens, a verification code).

Options (environment variable in brackets):
  --port <n>                 local FranceConnect port, 0 = any free port [MOCK_FC_PORT] (default 3001)
  --data-provider-port <n>   data provider port [DATA_PROVIDER_PORT] (default 3002)
  --no-data-provider         do not start the data provider
  --plus-port <n>            local FranceConnect+ port [MOCK_FC_PLUS_PORT] (default 3003)
  --no-plus                  do not start the local FranceConnect+
  --host <address>           listening address [HOST] (default 127.0.0.1)
  --demo-url <url>           base URL of the demo service, registered as a client [DEMO_URL]
                             (default http://localhost:3000)
  --clients <file.json>      extra clients: a JSON array of registrations [MOCK_FC_CLIENTS]
  --identities <file.json>   test identities file [MOCK_FC_IDENTITIES] (default: the bundled one)
  -h, --help                 this help`;

const port = z.coerce.number().int().min(0).max(65535);

const settingsSchema = z.object({
  port: port.default(3001),
  dataProviderPort: port.default(3002),
  plusPort: port.default(3003),
  host: z.string().min(1).default('127.0.0.1'),
  demoUrl: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
  clients: z.string().min(1).optional(),
  identities: z.string().min(1).optional(),
});

function fail(lines: string[]): never {
  console.error(`mock-franceconnect: ${lines.join('\n  ')}\n\n${USAGE}`);
  process.exit(2);
}

function settings() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string' },
        'data-provider-port': { type: 'string' },
        'no-data-provider': { type: 'boolean' },
        'plus-port': { type: 'string' },
        'no-plus': { type: 'boolean' },
        host: { type: 'string' },
        'demo-url': { type: 'string' },
        clients: { type: 'string' },
        identities: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    fail([error instanceof Error ? error.message : String(error)]);
  }
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const env = process.env;
  const emptyToUndefined = (value: string | undefined) => (value === '' ? undefined : value);
  const result = settingsSchema.safeParse({
    port: parsed.port ?? emptyToUndefined(env.MOCK_FC_PORT),
    dataProviderPort: parsed['data-provider-port'] ?? emptyToUndefined(env.DATA_PROVIDER_PORT),
    plusPort: parsed['plus-port'] ?? emptyToUndefined(env.MOCK_FC_PLUS_PORT),
    host: parsed.host ?? emptyToUndefined(env.HOST),
    demoUrl: parsed['demo-url'] ?? emptyToUndefined(env.DEMO_URL),
    clients: parsed.clients ?? emptyToUndefined(env.MOCK_FC_CLIENTS),
    identities: parsed.identities ?? emptyToUndefined(env.MOCK_FC_IDENTITIES),
  });
  if (!result.success) {
    const names: Record<string, string> = {
      port: '--port / MOCK_FC_PORT',
      dataProviderPort: '--data-provider-port / DATA_PROVIDER_PORT',
      plusPort: '--plus-port / MOCK_FC_PLUS_PORT',
      host: '--host / HOST',
      demoUrl: '--demo-url / DEMO_URL',
      clients: '--clients / MOCK_FC_CLIENTS',
      identities: '--identities / MOCK_FC_IDENTITIES',
    };
    fail(result.error.issues.map((issue) => `${names[String(issue.path[0])] ?? 'option'}: ${issue.message}`));
  }
  return {
    ...result.data,
    dataProvider: parsed['no-data-provider'] !== true,
    plus: parsed['no-plus'] !== true,
  };
}

const options = settings();

let franceConnect: RunningMockFranceConnect | undefined;
let dataProvider: RunningDataProvider | undefined;
let franceConnectPlus: RunningMockFranceConnect | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await Promise.allSettled([dataProvider?.close(), franceConnect?.close(), franceConnectPlus?.close()]);
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stop(0));
}

/** A clients file's JSON; a file that cannot be read is a problem of the registration. */
function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RegistrationError(file, [
      `cannot be read as JSON (${error instanceof Error ? error.message : String(error)})`,
    ]);
  }
}

try {
  const extraClients = options.clients ? parseClients(readJson(options.clients), options.clients) : [];
  const identities = options.identities ? loadIdentities(options.identities) : loadIdentities();
  franceConnect = await startMockFranceConnect({
    port: options.port,
    host: options.host,
    clients: [demoClient(options.demoUrl), ...extraClients],
    identities,
  });
  console.log(`Local FranceConnect: ${franceConnect.url} (issuer ${franceConnect.issuer})`);
  if (options.dataProvider) {
    dataProvider = await startDataProvider({
      port: options.dataProviderPort,
      host: options.host,
      issuer: franceConnect.issuer,
      client_id: DEMO_DATA_PROVIDER.client_id,
      client_secret: DEMO_DATA_PROVIDER.client_secret,
      identities,
    });
    console.log(`Data provider:       ${dataProvider.url}`);
  }
  if (options.plus) {
    franceConnectPlus = await startMockFranceConnect({
      platform: 'franceconnect-plus',
      port: options.plusPort,
      host: options.host,
      // Extra clients are FranceConnect's; FranceConnect+ registers the demo service only.
      clients: [demoPlusClient(options.demoUrl)],
      identities,
    });
    console.log(`Local FranceConnect+: ${franceConnectPlus.url} (issuer ${franceConnectPlus.issuer})`);
  }
  console.log(`Test identities: ${identities.map((identity) => identity.login).join(', ')} (password 123)`);
  console.log('Ready. Press Ctrl-C to stop.');
} catch (error) {
  console.error(
    `mock-franceconnect: could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  // A registration or an identities file FranceConnect would refuse is a configuration error.
  await stop(error instanceof RegistrationError || error instanceof IdentitiesError ? 2 : 1);
}
