import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync, chownSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, startProcess, type Started } from './processes.js';
import { temporaryFolderFor, unprivilegedUser, type RunAs } from './unprivileged.js';

/**
 * A throw-away PostgreSQL server: `initdb` into a temporary folder, `postgres` on a free loopback port,
 * password authentication (SCRAM) for the `postgres` user, run as an unprivileged user when the tests
 * run as root (PostgreSQL refuses root). The binaries are Debian's (`/usr/lib/postgresql/<version>/bin`,
 * the newest version installed), or `PG_BIN`, or `pg_config --bindir`, or the `PATH`.
 */
export interface TestPostgres {
  port: number;
  /** The superuser's URL to the `postgres` database. */
  url: string;
  /** The folder of the cluster (data files under `data/`), to scan what is on disk. */
  folder: string;
  /** The data folder (`PGDATA`). */
  dataDir: string;
  /** A fresh, empty database on this server; resolves with its URL. */
  createDatabase(name: string): Promise<string>;
  /** Runs SQL as the superuser on a database (default `postgres`). */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    values?: unknown[],
    database?: string,
  ): Promise<T[]>;
  /** Stops the server (fast shutdown: clients are disconnected), e.g. to test an outage. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

export const POSTGRES_PASSWORD = 'test-postgres-password';

/** The folder of PostgreSQL's server programs (`initdb`, `postgres`). */
export function postgresBinaries(): string {
  const has = (folder: string) => existsSync(join(folder, 'initdb')) && existsSync(join(folder, 'postgres'));
  if (process.env.PG_BIN) {
    if (has(process.env.PG_BIN)) return process.env.PG_BIN;
    throw new Error(`PG_BIN=${process.env.PG_BIN} has no initdb and postgres`);
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((version) => /^\d+(\.\d+)?$/.test(version))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      if (has(join(debian, version, 'bin'))) return join(debian, version, 'bin');
    }
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0 && has(pgConfig.stdout.trim())) return pgConfig.stdout.trim();
  for (const folder of (process.env.PATH ?? '').split(':')) {
    if (folder !== '' && has(folder)) return folder;
  }
  throw new Error(
    'PostgreSQL server programs not found: install them (Debian/Ubuntu: apt-get install postgresql; `npm test` does it as root) or set PG_BIN to the folder of initdb and postgres',
  );
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinaries();
  const user: RunAs = unprivilegedUser(['postgres']);
  const folder = temporaryFolderFor(user, 'fc-kit-postgres-');
  const dataDir = join(folder, 'data');
  const passwordFile = join(folder, 'password');
  writeFileSync(passwordFile, POSTGRES_PASSWORD, { mode: 0o600 });
  if (user) chownSync(passwordFile, user.uid, user.gid);
  try {
    execFileSync(
      join(bin, 'initdb'),
      [
        '--pgdata',
        dataDir,
        '--username',
        'postgres',
        '--pwfile',
        passwordFile,
        '--auth',
        'scram-sha-256',
        '--encoding',
        'UTF8',
        '--no-locale',
        '--no-sync',
      ],
      // In its own folder: the tests' working directory may be closed to that user (/root/…).
      { stdio: 'pipe', cwd: folder, ...(user ? { uid: user.uid, gid: user.gid } : {}) },
    );
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    const output = (error as { stderr?: Buffer; stdout?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed:\n${output}`, { cause: error });
  }
  rmSync(passwordFile);
  const port = await freePort();
  let running: Started | undefined;
  const start = async () => {
    running = await startProcess(
      join(bin, 'postgres'),
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-k',
        folder,
        '-c',
        'listen_addresses=127.0.0.1',
        // A test server: durability is not what is tested (CHECKPOINT still writes the files).
        '-c',
        'fsync=off',
        '-c',
        'max_connections=200',
      ],
      {
        ready: /database system is ready to accept connections/,
        runAs: user && { ...user, cwd: folder },
      },
    );
  };
  const stop = async () => {
    const child = running?.child;
    running = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT'); // fast shutdown: SIGTERM would wait for every client to leave
    await exited;
  };
  const killAtExit = () => running?.child.kill('SIGKILL');
  process.once('exit', killAtExit);
  await start();
  const urlOf = (database: string) =>
    `postgres://postgres:${POSTGRES_PASSWORD}@127.0.0.1:${port}/${database}`;
  const query = async <T extends pg.QueryResultRow>(
    sql: string,
    values: unknown[] = [],
    database = 'postgres',
  ) => {
    const client = new pg.Client({ connectionString: urlOf(database) });
    await client.connect();
    try {
      return (await client.query<T>(sql, values)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    port,
    url: urlOf('postgres'),
    folder,
    dataDir,
    createDatabase: async (name) => {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}`);
      await query(`CREATE DATABASE ${name}`);
      return urlOf(name);
    },
    query,
    stop,
    start,
    close: async () => {
      await stop();
      process.removeListener('exit', killAtExit);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
