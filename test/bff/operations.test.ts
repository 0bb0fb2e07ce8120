import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  createLogger,
  PostgresAccountStore,
  RedisRetrievedDataStore,
  startBffServer,
  type RunningBff,
} from '@franceconnect-kit/bff';
import { randomBytes } from 'node:crypto';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { freePort } from '../helpers/processes.js';
import { Person, RECIPIENT_SIRET, startDataBff, startDataKit, type DataKit } from './helpers/data-kit.js';
import { SESSION_SECRET, startTestBff } from './helpers/bff.js';
import { startForgingProvider } from './helpers/forging-provider.js';
import { startRedis, type TestRedis } from './helpers/redis.js';

// Operations: readiness says which dependency is down, liveness says nothing else; shutdown lets the
// requests in flight finish before the stores close; metrics count sign-ins, failures, latencies and
// store errors without any personal data in them.

interface Readiness {
  status: string;
  checks: Record<string, { status: string; kind?: string }>;
}

async function readiness(url: string): Promise<{ status: number; body: Readiness }> {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as Readiness };
}

/** Polls `condition` until it holds (bounded), for states that change when a client notices an outage. */
async function eventually(
  condition: () => Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('readiness and liveness', () => {
  let redis: TestRedis;
  let postgres: TestPostgres;

  before(async () => {
    [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  });
  after(async () => {
    await Promise.all([redis.stop(), postgres.close()]);
  });

  it('names the store that is down, and says stopping once draining', async () => {
    const provider = await startForgingProvider({
      redirectUri: 'http://127.0.0.1:1/auth/callback',
      postLogoutRedirectUri: 'http://127.0.0.1:1/auth/logout/callback',
    });
    const port = await freePort();
    const accountStore = new PostgresAccountStore({
      connectionString: await postgres.createDatabase('ready'),
    });
    const dataStore = new RedisRetrievedDataStore({
      url: redis.url,
      keys: [randomBytes(32).toString('base64')],
    });
    const app = await startTestBff(port, {
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      sessionStore: 'redis',
      redisUrl: redis.url,
      accounts: { store: accountStore },
      recipientSiret: RECIPIENT_SIRET,
      retrievedDataStore: dataStore,
    });
    try {
      await eventually(async () => (await readiness(app.url)).status === 200, 'ready at start');
      const ready = await readiness(app.url);
      assert.deepEqual(ready.body, {
        status: 'ok',
        checks: {
          sessionStore: { status: 'up', kind: 'redis' },
          accountStore: { status: 'up', kind: 'postgresql' },
          retrievedDataStore: { status: 'up', kind: 'redis' },
          franceconnect: { status: 'up' },
        },
      });

      await postgres.stop();
      const noDatabase = await readiness(app.url);
      assert.equal(noDatabase.status, 503);
      assert.equal(noDatabase.body.status, 'unavailable');
      assert.equal(noDatabase.body.checks.accountStore?.status, 'down');
      assert.equal(noDatabase.body.checks.sessionStore?.status, 'up');
      assert.equal((await fetch(`${app.url}/livez`)).status, 200, 'alive all the same');
      await postgres.start();
      await eventually(
        async () => (await readiness(app.url)).status === 200,
        'ready once PostgreSQL is back',
      );

      await redis.stop();
      const noRedis = await readiness(app.url);
      assert.equal(noRedis.status, 503);
      assert.equal(noRedis.body.checks.sessionStore?.status, 'down');
      assert.equal(noRedis.body.checks.retrievedDataStore?.status, 'down');
      assert.equal(noRedis.body.checks.accountStore?.status, 'up');
      await redis.restart();
      await eventually(async () => (await readiness(app.url)).status === 200, 'ready once Redis is back');

      app.bff.drain();
      const draining = await readiness(app.url);
      assert.equal(draining.status, 503);
      assert.equal(draining.body.status, 'stopping');
    } finally {
      await app.close();
      await Promise.all([provider.close(), accountStore.close(), dataStore.close()]);
    }
  });

  it('reports FranceConnect unreachable as degraded, without taking the instance out', async () => {
    const port = await freePort();
    const app = await startTestBff(port, {
      issuer: `http://127.0.0.1:${await freePort()}/api/v2`,
      clientId: 'client',
      clientSecret: 'secret',
    });
    try {
      await eventually(
        async () => (await readiness(app.url)).body.checks.franceconnect?.status === 'down',
        'FranceConnect seen down',
      );
      const { status, body } = await readiness(app.url);
      assert.equal(status, 200);
      assert.equal(body.status, 'degraded');
      assert.equal(body.checks.sessionStore?.status, 'up');
    } finally {
      await app.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('lets a request in flight finish, refuses new connections, then closes the stores', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bff-shutdown-'));
    const provider = await startForgingProvider({
      redirectUri: 'http://127.0.0.1:1/auth/callback',
      postLogoutRedirectUri: 'http://127.0.0.1:1/auth/logout/callback',
    });
    let running: RunningBff | undefined;
    try {
      running = await startBffServer({
        issuer: provider.issuer,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        publicUrl: 'http://127.0.0.1:3000',
        sessionSecret: SESSION_SECRET,
        databasePath: join(folder, 'sessions.sqlite'),
        logger: createLogger('silent'),
        port: 0,
      });
      const { url, bff } = running;
      // A request whose body is still arriving: it is in flight until the body ends.
      const body = '_csrf=not-a-token&x=1';
      let responseEndedAt = 0;
      const req = request(`${url}/auth/logout`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(body.length),
          origin: 'http://127.0.0.1:3000',
        },
      });
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        req.on('response', (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => {
            responseEndedAt = Date.now();
            resolve({ status: response.statusCode ?? 0, text });
          });
        });
        req.on('error', reject);
      });
      const connected = new Promise<void>((resolve) =>
        req.on('socket', (socket) => socket.once('connect', () => resolve())),
      );
      req.write(body.slice(0, 5));
      await connected;
      // The server has the request once it answers another one after it on a second connection.
      await (await fetch(`${url}/livez`)).body?.cancel();
      let closedAt = 0;
      const closing = running.close().then(() => (closedAt = Date.now()));

      await assert.rejects(fetch(`${url}/livez`), 'no new connection once stopping');
      await bff.sessionStore.ping(); // the stores stay open while a request is in flight
      assert.equal(closedAt, 0);

      // Finish the body: the request completes, with its whole answer.
      req.end(body.slice(5));
      const finished = await answer;
      assert.equal(finished.status, 403, 'answered (CSRF refused), not cut');
      await closing;
      assert.ok(closedAt >= responseEndedAt, 'the stores closed after the answer');
      await assert.rejects(bff.sessionStore.ping(), 'the session store is closed');
    } finally {
      await running?.close();
      await provider.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('metrics', () => {
  let kit: DataKit;
  before(async () => {
    kit = await startDataKit(1);
  });
  after(async () => {
    await kit.close();
  });

  it('count sign-ins, failures by reason, latencies, and carry no personal data', async () => {
    const port = kit.ports[0] ?? 0;
    const app = await startDataBff(kit, port);
    try {
      const person = new Person(app, kit);
      await person.signIn('test');
      assert.equal((await person.me()).status, 200);
      const me = (await person.me()).body;
      const retrieval = await person.retrieve();
      assert.match(retrieval.location, /notice=data-retrieved/);
      // A cancellation, a callback nobody started, a FranceConnect error with free text.
      const other = new Person(app, kit);
      const cancelled = await other.user.signIn(`${app.url}/auth/login`, {
        login: 'test',
        cancelAt: 'consent',
      });
      await (await other.user.fetch(cancelled.url)).body?.cancel();
      await (await fetch(`${app.url}/auth/callback?state=${'s'.repeat(64)}&code=MARIEDUPUIS`)).body?.cancel();

      const text = await app.bff.metrics.registry.metrics();
      const value = (name: string, labels: string) =>
        Number(new RegExp(`^${name}\\{${labels}\\} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
      assert.equal(value('franceconnect_bff_sign_ins_total', 'method="franceconnect"'), 1);
      assert.equal(value('franceconnect_bff_sign_in_failures_total', 'reason="cancelled"'), 1);
      assert.equal(value('franceconnect_bff_sign_in_failures_total', 'reason="unknown_state"'), 1);
      assert.equal(value('franceconnect_bff_data_retrievals_total', 'outcome="retrieved"'), 1);
      for (const endpoint of ['discovery', 'jwks', 'token', 'userinfo']) {
        assert.ok(
          value(
            'franceconnect_bff_franceconnect_request_duration_seconds_count',
            `endpoint="${endpoint}",outcome="2xx"`,
          ) >= 1,
          `FranceConnect ${endpoint} timed`,
        );
      }
      assert.ok(
        value('franceconnect_bff_data_provider_request_duration_seconds_count', 'outcome="2xx"') >= 1,
      );

      // Every label value belongs to its documented closed list.
      const closed: Record<string, RegExp> = {
        method: /^(franceconnect|local|other)$/,
        reason: /^[a-z_]{1,40}$/,
        store: /^(session|account|retrieved_data|other)$/,
        endpoint: /^(discovery|jwks|token|userinfo|end_session|other)$/,
        outcome: /^([1-5]xx|error|retrieved|[a-z_]{1,40})$/,
        le: /^[\d.e+-]+|\+Inf$/,
      };
      const labels = [...text.matchAll(/^franceconnect_bff_\w+\{([^}]*)\}/gm)].flatMap((match) =>
        [...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, name = '', label = '']) => ({
          name,
          label,
        })),
      );
      assert.ok(labels.length > 10);
      for (const { name, label } of labels) {
        const rule = closed[name];
        if (
          name === 'version' ||
          name === 'major' ||
          name === 'minor' ||
          name === 'patch' ||
          name === 'space' ||
          name === 'kind' ||
          name === 'type'
        )
          continue; // prom-client's process metrics
        assert.ok(rule, `unexpected label ${name}`);
        assert.match(label, rule, `${name}="${label}"`);
      }
      // Nothing of the person, the session or the protocol's secrets anywhere in the exposition.
      const cookie = person.user.jar.header(new URL(app.url)) ?? '';
      const personal = [
        'Marie',
        'DUPUIS',
        '1980-04-12',
        '75112',
        'marie.dupuis',
        'MARIEDUPUIS',
        me?.identity?.sub ?? 'no sub',
        me?.csrfToken ?? 'no token',
        ...cookie.split(/[=;\s]+/).filter((part) => part.length > 16),
      ];
      for (const datum of personal) assert.ok(!text.includes(datum), `${datum} in the metrics`);
    } finally {
      await app.close();
    }
  });
});

describe('the gateway route', () => {
  it('exists only with the gateway option', async () => {
    for (const gateway of [false, true]) {
      const port = await freePort();
      const app = await startTestBff(port, {
        issuer: `http://127.0.0.1:${await freePort()}/api/v2`,
        clientId: 'client',
        clientSecret: 'secret',
        gateway,
      });
      try {
        const response = await fetch(`${app.url}/auth/verify`);
        await response.body?.cancel();
        assert.equal(response.status, gateway ? 401 : 404);
      } finally {
        await app.close();
      }
    }
  });
});

describe('the default logger', () => {
  it('writes the lines of a process that exits right after logging to a file, and names a bad path', () => {
    const folder = mkdtempSync(join(tmpdir(), 'bff-log-'));
    try {
      const file = join(folder, 'bff.log');
      const script = [
        "import { createLogger } from '@franceconnect-kit/bff';",
        "const logger = createLogger('info', process.argv[1]);",
        "logger.info({ event: 'test.line' }, 'one line');",
        'process.exit(0);',
      ].join('\n');
      const run = (path: string) =>
        spawnSync(process.execPath, ['--input-type=module', '-e', script, path], {
          cwd: fileURLToPath(new URL('../..', import.meta.url)),
          encoding: 'utf8',
        });
      const written = run(file);
      assert.equal(written.status, 0, written.stderr);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      assert.equal(lines.length, 1);
      assert.equal((JSON.parse(lines[0] ?? '') as { event?: string }).event, 'test.line');
      assert.equal(statSync(file).mode & 0o777, 0o600);

      const missing = run(join(folder, 'no-such-folder', 'bff.log'));
      assert.notEqual(missing.status, 0);
      assert.match(missing.stderr, /ENOENT.*no-such-folder/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
