import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import {
  createFranceConnectBff,
  hashPassword,
  SchemaTooNewError,
  SqliteAccountStore,
  type AccountView,
} from '@franceconnect-kit/bff';
import { PASSWORD, identity, startAccountsWorld } from './helpers/accounts.js';

// The accounts' schema migrates forward: a database written by the first version of the accounts
// (schema 1: no reconciliation keys, no sign-in attempts) is brought to the current schema when the
// BFF opens it, its accounts intact and usable; a database newer than the code is refused.

/** The schema the first version of the accounts created, as it shipped. */
const SCHEMA_1 = `
  CREATE TABLE schema_versions (component TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL, migrated_at INTEGER NOT NULL);
  INSERT INTO schema_versions VALUES ('accounts', 1, 0);
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY NOT NULL,
    fc_issuer TEXT,
    fc_sub TEXT,
    fc_linked_at INTEGER,
    given_name TEXT,
    family_name TEXT,
    birthdate TEXT,
    gender TEXT,
    birthplace TEXT,
    birthcountry TEXT,
    identity_source TEXT CHECK (identity_source IN ('franceconnect', 'declared')),
    preferred_username TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL,
    login_email TEXT,
    password_hash TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK ((fc_issuer IS NULL) = (fc_sub IS NULL)),
    CHECK ((password_hash IS NULL) = (login_email IS NULL))
  );
  CREATE UNIQUE INDEX accounts_franceconnect ON accounts (fc_issuer, fc_sub) WHERE fc_sub IS NOT NULL;
  CREATE UNIQUE INDEX accounts_login_email ON accounts (login_email) WHERE login_email IS NOT NULL;`;

function schemaOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db
        .prepare(
          "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'sessions%' AND name != 'abuse_limits' ORDER BY name",
        )
        .all() as Array<{ type: string; name: string; sql: string }>
    ).map(
      (row) =>
        `${row.type} ${row.name}: ${row.sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')')}`,
    );
  } finally {
    db.close();
  }
}

const versionOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db.prepare("SELECT version FROM schema_versions WHERE component = 'accounts'").get() as {
        version: number;
      }
    ).version;
  } finally {
    db.close();
  }
};

describe('schema migrations of the accounts', () => {
  let folder: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'bff-migrations-'));
  });
  after(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('brings a schema-1 database to the current schema, its accounts intact and reconcilable', async () => {
    const old = join(folder, 'old.sqlite');
    const test = identity('test');
    const id = randomUUID();
    const db = new Database(old);
    db.exec(SCHEMA_1);
    db.prepare(
      `INSERT INTO accounts (id, given_name, family_name, birthdate, gender, birthplace, birthcountry, identity_source,
         preferred_username, email, login_email, password_hash, created_at, updated_at)
       VALUES (?, 'Marie Anne', 'DUPUIS', ?, 'female', ?, ?, 'declared', '', 'marie@example.fr', 'marie@example.fr', ?, 1, 1)`,
    ).run(id, test.birthdate, test.birthplace, test.birthcountry, await hashPassword(PASSWORD));
    db.close();

    const world = await startAccountsWorld({ database: old });
    try {
      assert.equal(versionOf(old), 4);
      const fresh = join(folder, 'fresh.sqlite');
      await new SqliteAccountStore({ path: fresh }).close();
      assert.deepEqual(schemaOf(old), schemaOf(fresh), 'the migrated schema is the one a new database gets');

      // The old local account signs in with its password…
      const local = world.browser();
      const signIn = await world.call(local, 'POST', '/auth/local/login', {
        body: { email: 'marie@example.fr', password: PASSWORD },
        csrf: await world.csrf(local),
      });
      assert.equal(signIn.status, 200);
      // …and its declared identity got its reconciliation key: FranceConnect finds it, and links it
      // once its password is typed (a declared identity is never trusted alone).
      const user = world.browser();
      assert.equal((await world.signInWithFranceConnect(user, 'test')).pathname, '/compte/inscription');
      const signUp = await world.call<{ existingAccount: boolean }>(user, 'GET', '/api/signup');
      assert.equal(signUp.body.existingAccount, true);
      const linked = await world.call(user, 'POST', '/api/signup/link', {
        body: { email: 'marie@example.fr', password: PASSWORD },
        csrf: await world.csrf(user),
      });
      assert.equal(linked.status, 200);
      assert.equal(((await world.me(user)).body.account as AccountView).id, id);
    } finally {
      await world.close();
    }
  });

  it('migrates once when two processes open a new file together', async () => {
    const file = join(folder, 'together.sqlite');
    const stores = [new SqliteAccountStore({ path: file }), new SqliteAccountStore({ path: file })];
    await Promise.all(stores.map((store) => store.ping()));
    await Promise.all(stores.map((store) => store.close()));
    assert.equal(versionOf(file), 4);
  });

  it('refuses a database whose schema is newer than the code, and leaves it as it is', () => {
    const file = join(folder, 'future.sqlite');
    const db = new Database(file);
    db.exec(SCHEMA_1);
    db.exec("UPDATE schema_versions SET version = 99 WHERE component = 'accounts'");
    db.close();
    const before = schemaOf(file);
    assert.throws(
      () =>
        createFranceConnectBff({
          clientId: 'client',
          clientSecret: 'secret',
          publicUrl: 'http://127.0.0.1:4999',
          sessionSecret: 'test-session-secret-of-at-least-32-characters',
          sessionStore: 'sqlite',
          databasePath: file,
          accounts: true,
        }),
      (error: unknown) => error instanceof SchemaTooNewError && /version 99/.test(error.message),
    );
    assert.deepEqual(schemaOf(file), before);
    assert.equal(versionOf(file), 99);
  });
});
