import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import {
  BffConfigurationError,
  configFromEnv,
  createFranceConnectBff,
  SqliteAccountStore,
  startBffServer,
  type FranceConnectBffOptions,
} from '@franceconnect-kit/bff';

// How integrators turn accounts on: `accounts: true` (SQLite in the sessions' file), `AccountsOptions`
// (their own store, pages, limits), `ACCOUNTS=on` for the standalone server. Every bad option is named.

const BASE: FranceConnectBffOptions = {
  clientId: 'client-id',
  clientSecret: 'client-secret',
  publicUrl: 'http://127.0.0.1:4999',
  sessionSecret: 'x'.repeat(32),
  sessionStore: 'memory',
};

function problemsOf(options: FranceConnectBffOptions): string[] {
  try {
    const bff = createFranceConnectBff(options);
    void bff.close();
  } catch (error) {
    assert.ok(error instanceof BffConfigurationError, String(error));
    return error.problems;
  }
  return [];
}

describe('the accounts option', () => {
  let folder: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'bff-accounts-options-'));
  });
  after(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('is off by default: no account routes, no bff.accounts', async () => {
    const bff = createFranceConnectBff(BASE);
    try {
      assert.equal(bff.accounts, undefined);
    } finally {
      await bff.close();
    }
  });

  it('with `true`, keeps accounts in SQLite at databasePath, whatever the session store', async () => {
    const file = join(folder, 'accounts.sqlite');
    const bff = createFranceConnectBff({ ...BASE, accounts: true, databasePath: file });
    try {
      assert.equal(bff.accounts?.store.kind, 'sqlite');
      const db = new Database(file, { readonly: true });
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE name = 'accounts'").all();
      db.close();
      assert.equal(tables.length, 1);
    } finally {
      await bff.close();
    }
  });

  it('uses the AccountStore given, and leaves closing it to its owner', async () => {
    const store = new SqliteAccountStore({ path: ':memory:' });
    const bff = createFranceConnectBff({ ...BASE, accounts: { store } });
    assert.equal(bff.accounts?.store, store);
    await bff.close();
    await store.ping(); // still open
    await store.close();
  });

  it('names every bad accounts option', () => {
    const problems = problemsOf({
      ...BASE,
      accounts: {
        signUpPage: 'https://evil.example/inscription',
        reconciliation: 'sometimes' as never,
        throttle: { perAccount: 0 },
        passwordHashing: { logN: 4, r: 8, p: 1 },
        store: {} as never,
      },
    });
    const named = problems.map((line) => line.split(':')[0]);
    for (const option of [
      'accounts.signUpPage',
      'accounts.reconciliation',
      'accounts.throttle.perAccount',
      'accounts.passwordHashing.logN',
      'accounts.store',
    ]) {
      assert.ok(named.includes(option), `${option} in ${problems.join(' | ')}`);
    }
  });

  it('refuses the automatic reconciliation of declared identities, saying why', () => {
    const problems = problemsOf({ ...BASE, accounts: { reconciliation: 'automatic' as never } });
    assert.equal(problems.length, 1);
    assert.match(
      problems[0] ?? '',
      /^accounts\.reconciliation: automatic is no longer offered .*: use confirm \(the default\) or manual$/,
    );
  });

  it('refuses what cannot go with accounts: onSignIn, a purpose named link, scopes without the pivot identity', () => {
    const problems = problemsOf({
      ...BASE,
      accounts: true,
      onSignIn: () => undefined,
      purposes: { link: async () => {} },
      scopes: 'openid email',
    });
    assert.deepEqual(
      problems.map((line) => line.split(':')[0]),
      ['onSignIn', 'purposes.link', 'scopes'],
    );
  });

  it('is turned on by ACCOUNTS=on for the standalone server, and a bad value is named', async () => {
    const env = {
      FC_CLIENT_ID: 'client-id',
      FC_CLIENT_SECRET: 'client-secret',
      PUBLIC_URL: 'http://127.0.0.1:4999',
      SESSION_SECRET: 'x'.repeat(32),
    };
    const bad = configFromEnv({ ...env, ACCOUNTS: 'maybe' });
    assert.ok(!bad.ok && bad.problems.some((line) => line.startsWith('ACCOUNTS:')));
    const good = configFromEnv({ ...env, ACCOUNTS: 'on', DATABASE_PATH: join(folder, 'server.sqlite') });
    assert.ok(good.ok);
    assert.equal(good.server.accounts, true);
    const running = await startBffServer({ ...good.settings, accounts: good.server.accounts, port: 0 });
    try {
      const csrf = await fetch(`${running.url}/api/csrf`);
      assert.equal(csrf.status, 200);
      assert.equal(csrf.headers.get('cache-control'), 'no-store');
      assert.ok(running.bff.accounts);
    } finally {
      await running.close();
    }
  });
});
