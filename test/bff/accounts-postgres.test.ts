import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AccountStoreUnavailableError,
  BffConfigurationError,
  configFromEnv,
  createFranceConnectBff,
  createLogger,
  PostgresAccountStore,
  SchemaTooNewError,
} from '@franceconnect-kit/bff';
import pg from 'pg';
import { TableRewriter } from '../../packages/bff/src/accounts/postgres/table-rewriter.js';
import { startPostgres, POSTGRES_PASSWORD, type TestPostgres } from '../helpers/postgres.js';
import { capturingLogger } from './helpers/logs.js';

// What the PostgreSQL account store adds to the contract: migrations when several instances start at
// once, a database ahead of the code, an outage and its recovery, and erasure at deletion, under
// concurrent changes, and when a long transaction holds the table.

/** The files of a database's tables and indexes that contain `needle`. */
function filesContaining(folder: string, needle: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const child = join(path, name);
      if (statSync(child).isDirectory()) walk(child);
      else if (readFileSync(child).includes(needle)) found.push(child);
    }
  };
  walk(folder);
  return found;
}

/** Polls `condition` until it holds (bounded). */
async function eventually(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('PostgreSQL account store', () => {
  let server: TestPostgres;

  before(async () => {
    server = await startPostgres();
  });
  after(async () => {
    await server.close();
  });

  it('migrates once when several instances start at the same time', async () => {
    const url = await server.createDatabase('concurrent');
    const stores = Array.from({ length: 4 }, () => new PostgresAccountStore({ connectionString: url }));
    try {
      await Promise.all(stores.map((store) => store.ready()));
      const versions = await server.query('SELECT component, version FROM schema_versions', [], 'concurrent');
      assert.deepEqual(versions, [{ component: 'accounts', version: 1 }]);
      const tables = await server.query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
        [],
        'concurrent',
      );
      assert.deepEqual(
        tables.map((table) => table.tablename),
        ['accounts', 'passkeys', 'schema_versions'],
      );
      // Every instance works on the one schema.
      const created = await stores[0]?.create({ preferred_username: '', email: 'a@example.fr' });
      assert.equal((await stores[3]?.findById(created?.id ?? ''))?.email, 'a@example.fr');
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('refuses a database whose schema is newer than the code, and says so', async () => {
    const url = await server.createDatabase('newer');
    const first = new PostgresAccountStore({ connectionString: url });
    await first.ready();
    await first.close();
    await server.query("UPDATE schema_versions SET version = 99 WHERE component = 'accounts'", [], 'newer');
    const store = new PostgresAccountStore({ connectionString: url });
    try {
      await assert.rejects(store.ready(), SchemaTooNewError);
      await assert.rejects(
        store.findByFranceConnect('https://issuer.example', 'sub'),
        (error: unknown) => error instanceof AccountStoreUnavailableError && /version 99/.test(error.message),
      );
    } finally {
      await store.close();
    }
  });

  it('answers 503-style errors at once while PostgreSQL is down, and recovers by itself', async () => {
    const url = await server.createDatabase('outage');
    const store = new PostgresAccountStore({ connectionString: url });
    try {
      const account = await store.create({ preferred_username: '', email: 'o@example.fr' });
      await server.stop();
      const started = Date.now();
      await assert.rejects(store.findById(account.id), AccountStoreUnavailableError);
      await assert.rejects(store.ping(), (error: unknown) => {
        assert.ok(error instanceof AccountStoreUnavailableError);
        assert.doesNotMatch(error.message, new RegExp(POSTGRES_PASSWORD), 'no password in errors');
        return true;
      });
      assert.ok(Date.now() - started < 10_000, 'fails within the connection timeout');
      await server.start();
      assert.equal((await store.findById(account.id))?.email, 'o@example.fr');
    } finally {
      await store.close();
    }
  });

  it('leaves no byte of a deleted account in the database files', async () => {
    const url = await server.createDatabase('erasure');
    const store = new PostgresAccountStore({ connectionString: url });
    try {
      // Some neighbours, so that the deleted row shares its pages with rows that stay.
      for (let i = 0; i < 20; i++) {
        await store.create({ preferred_username: '', email: `voisin${i}@example.fr` });
      }
      const identity = {
        given_name: 'Zéphyrine',
        family_name: 'QUASIMODOXYZ',
        birthdate: '1961-02-03',
        gender: 'female' as const,
        birthplace: '75112',
        birthcountry: '99100',
      };
      const account = await store.create({
        franceconnect: { issuer: 'https://issuer.example', sub: 'SUBJECTMARKER0001' },
        identity,
        identitySource: 'franceconnect',
        preferred_username: 'USAGEMARKER',
        email: 'effacement.marker@example.fr',
      });
      await store.update(account.id, { email: 'second.marker@example.fr' });
      await server.query('CHECKPOINT');
      const database = join(server.dataDir, 'base');
      assert.ok(filesContaining(database, 'QUASIMODOXYZ').length > 0, 'the scan finds what is stored');

      assert.equal(await store.delete(account.id), true);
      await server.query('CHECKPOINT');
      for (const marker of [
        'QUASIMODOXYZ',
        'SUBJECTMARKER0001',
        'USAGEMARKER',
        'effacement.marker',
        'second.marker',
      ]) {
        assert.deepEqual(filesContaining(database, marker), [], `${marker} left in the table files`);
      }
      assert.equal(
        (await store.findByFranceConnect('https://issuer.example', 'SUBJECTMARKER0001')) ?? null,
        null,
      );
      assert.equal((await server.query('SELECT count(*)::int AS n FROM accounts', [], 'erasure'))[0]?.n, 20);
    } finally {
      await store.close();
    }
  });

  it('erases what concurrent changes replaced, each answered once its old values are gone', async () => {
    const url = await server.createDatabase('concurrent_changes');
    const store = new PostgresAccountStore({ connectionString: url });
    try {
      const accounts = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.create({ preferred_username: '', email: `avant${i}.marker@example.fr` }),
        ),
      );
      await Promise.all(
        accounts.map((account, i) => store.update(account.id, { email: `apres${i}.marker@example.fr` })),
      );
      await server.query('CHECKPOINT');
      const database = join(server.dataDir, 'base');
      assert.ok(filesContaining(database, 'apres0.marker').length > 0, 'the scan finds what is stored');
      for (let i = 0; i < accounts.length; i++) {
        assert.deepEqual(filesContaining(database, `avant${i}.marker`), [], `avant${i} left in the files`);
      }
    } finally {
      await store.close();
    }
  });

  it('gives up a rewrite that a long transaction holds back, says so, and passes once it ends', async () => {
    const url = await server.createDatabase('rewrite_retry');
    const store = new PostgresAccountStore({ connectionString: url });
    // The rewrites of an application's own pool, tried again quickly for the test.
    const pool = new pg.Pool({ connectionString: url });
    // pool.end() does not wait for its sockets to close: one may still be open when the server stops.
    pool.on('error', () => undefined);
    const { logger, entries } = capturingLogger();
    const rewriter = new TableRewriter({
      pool,
      connectionString: undefined,
      connectionTimeoutMs: 5000,
      logger,
      retryMs: 200,
    });
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    const database = join(server.dataDir, 'base');
    const onDisk = async (marker: string) => {
      await server.query('CHECKPOINT');
      return filesContaining(database, marker).length > 0;
    };
    try {
      const account = await store.create({ preferred_username: '', email: 'attente.marker@example.fr' });
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE accounts IN ACCESS SHARE MODE');
      await pool.query("UPDATE accounts SET email = 'remplacee@example.fr' WHERE id = $1", [account.id]);
      // Resolves while the lock is still held: the rewrite does not queue behind the transaction.
      await rewriter.erase(['accounts']);
      const failed = entries().filter((entry) => entry.event === 'account_store.rewrite_failed');
      assert.equal(failed[0]?.reason, '55P03', 'lock_not_available');
      assert.deepEqual(failed[0]?.tables, ['accounts']);
      assert.ok(await onDisk('attente.marker'), 'still in the files while the transaction lasts');

      await holder.query('COMMIT');
      await eventually(async () => !(await onDisk('attente.marker')), 'erased by the next attempt');
    } finally {
      await holder.end();
      await rewriter.close();
      await pool.end();
      await store.close();
    }
  });
});

describe('DATABASE_URL', () => {
  const REQUIRED = {
    FC_CLIENT_ID: 'client-id',
    FC_CLIENT_SECRET: 'client-secret',
    PUBLIC_URL: 'https://demarches.example.fr',
    SESSION_SECRET: 'x'.repeat(32),
  };

  it('chooses PostgreSQL for accounts, and names the variable of a mistake without echoing it', () => {
    const ok = configFromEnv({
      ...REQUIRED,
      ACCOUNTS: 'on',
      DATABASE_URL: 'postgres://bff:s3cret@db.internal:5432/accounts',
    });
    assert.ok(ok.ok);
    assert.equal(ok.settings.databaseUrl, 'postgres://bff:s3cret@db.internal:5432/accounts');
    for (const [env, variable] of [
      [{ DATABASE_URL: 'postgres://bff:s3cret@db.internal/accounts' }, 'DATABASE_URL'],
      [{ ACCOUNTS: 'on', DATABASE_URL: 'mysql://bff:s3cret@db.internal/accounts' }, 'DATABASE_URL'],
      [{ ACCOUNTS: 'on', DATABASE_URL: 's3cret' }, 'DATABASE_URL'],
    ] as const) {
      const result = configFromEnv({ ...REQUIRED, ...env });
      assert.equal(result.ok, false);
      const problems = result.ok ? [] : result.problems;
      assert.deepEqual(
        problems.map((line) => line.split(':')[0]),
        [variable],
      );
      assert.ok(!problems.join('\n').includes('s3cret'), 'the URL is not echoed');
    }
  });

  it('in code: databaseUrl with accounts builds the PostgreSQL store; without accounts it is refused', async () => {
    const options = {
      clientId: 'client-id',
      clientSecret: 'client-secret',
      publicUrl: 'https://demarches.example.fr',
      sessionSecret: 'x'.repeat(32),
      sessionStore: 'memory' as const,
      logger: createLogger('silent'),
      databaseUrl: 'postgres://bff:s3cret@127.0.0.1:1/accounts',
    };
    assert.throws(
      () => createFranceConnectBff(options),
      (error: unknown) =>
        error instanceof BffConfigurationError && /^databaseUrl:/.test(error.problems[0] ?? ''),
    );
    const bff = createFranceConnectBff({ ...options, accounts: true });
    try {
      assert.equal(bff.accounts?.store.kind, 'postgresql');
    } finally {
      await bff.close();
    }
  });
});
