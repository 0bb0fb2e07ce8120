import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AccountConflictError,
  AccountStoreUnavailableError,
  PostgresAccountStore,
  reconciliationKey,
  SqliteAccountStore,
  type AccountStore,
  type LockedIdentity,
} from '@franceconnect-kit/bff';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

// The contract of an AccountStore, run against every store the kit ships: SQLite on a real file, and
// PostgreSQL on a real server started here. Another implementation must pass the same.

const IDENTITY: LockedIdentity = {
  given_name: 'Marie Anne',
  family_name: 'DUPUIS',
  birthdate: '1980-04-12',
  gender: 'female',
  birthplace: '75112',
  birthcountry: '99100',
};
const FC = { issuer: 'http://127.0.0.1:3001/api/v2', sub: `${'a'.repeat(64)}v1` };

interface Backend {
  /** A fresh store on an empty database. */
  open(): Promise<AccountStore>;
  /** A store on the same database, closed: every call must reject. */
  closed(): Promise<AccountStore>;
  close(): Promise<void>;
}

function sqlite(): Backend {
  const folder = mkdtempSync(join(tmpdir(), 'account-store-'));
  return {
    open: () => Promise.resolve(new SqliteAccountStore({ path: join(folder, 'nested', 'accounts.sqlite') })),
    closed: async () => {
      const closing = new SqliteAccountStore({ path: join(folder, 'closed.sqlite') });
      await closing.close();
      return closing;
    },
    close: () => Promise.resolve(rmSync(folder, { recursive: true, force: true })),
  };
}

async function postgresql(): Promise<Backend> {
  const server: TestPostgres = await startPostgres();
  const url = await server.createDatabase('contract');
  return {
    open: () => Promise.resolve(new PostgresAccountStore({ connectionString: url })),
    closed: async () => {
      const closing = new PostgresAccountStore({ connectionString: url });
      await closing.close();
      return closing;
    },
    close: () => server.close(),
  };
}

for (const [name, backend] of [
  ['SQLite', () => Promise.resolve(sqlite())],
  ['PostgreSQL', postgresql],
] as const) {
  describe(`AccountStore contract (${name})`, () => {
    let server: Backend;
    let store: AccountStore;

    before(async () => {
      server = await backend();
      store = await server.open();
    });
    after(async () => {
      await store.close();
      await server.close();
    });

    it('creates, finds and updates accounts, with timestamps', async () => {
      const created = await store.create({
        franceconnect: FC,
        identity: IDENTITY,
        identitySource: 'franceconnect',
        preferred_username: '',
        email: 'marie@example.fr',
      });
      assert.equal(created.franceconnect?.sub, FC.sub);
      assert.ok(created.franceconnect?.linkedAt instanceof Date);
      assert.equal(created.hasPassword, false);
      assert.deepEqual(await store.findById(created.id), created);
      assert.deepEqual(await store.findByFranceConnect(FC.issuer, FC.sub), created);
      assert.equal(
        await store.findByFranceConnect('https://other.example/api/v2', FC.sub),
        undefined,
        'keyed by issuer too',
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
      const updated = await store.update(created.id, { preferred_username: 'ROCHE', email: 'm@example.fr' });
      assert.equal(updated?.preferred_username, 'ROCHE');
      assert.equal(updated?.email, 'm@example.fr');
      assert.deepEqual(updated?.identity, IDENTITY);
      assert.ok((updated?.updatedAt.getTime() ?? 0) > created.updatedAt.getTime());
      assert.equal(await store.update('no-such-id', { email: 'x@example.fr' }), undefined);
    });

    it('refuses a second account for one FranceConnect identity', async () => {
      await assert.rejects(
        store.create({
          franceconnect: FC,
          identity: IDENTITY,
          identitySource: 'franceconnect',
          preferred_username: '',
          email: 'b@example.fr',
        }),
        (error: unknown) => error instanceof AccountConflictError && error.field === 'franceconnect',
      );
    });

    it('finds local credentials by login email, unique among accounts with a password', async () => {
      const local = await store.create({
        preferred_username: '',
        email: 'Local@Example.fr',
        loginEmail: 'local@example.fr',
        passwordHash:
          '$scrypt$ln=15,r=8,p=3$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        identity: IDENTITY,
        identitySource: 'declared',
        reconciliationKey: reconciliationKey(IDENTITY),
      });
      assert.equal(local.hasPassword, true);
      const found = await store.findCredentials('local@example.fr');
      assert.equal(found?.account.id, local.id);
      assert.match(found?.passwordHash ?? '', /^\$scrypt\$/);
      assert.equal(await store.findCredentials('marie@example.fr'), undefined, 'no password, no credentials');
      await assert.rejects(
        store.create({
          preferred_username: '',
          email: 'x',
          loginEmail: 'local@example.fr',
          passwordHash: 'h',
        }),
        (error: unknown) => error instanceof AccountConflictError && error.field === 'email',
      );
    });

    it('lists unlinked accounts by reconciliation key, links one atomically, unlinks it', async () => {
      const key = reconciliationKey(IDENTITY);
      const [candidate, ...others] = await store.findReconciliationCandidates(key, 2);
      assert.equal(others.length, 0);
      assert.ok(candidate);
      await assert.rejects(
        store.link(candidate.id, FC, IDENTITY),
        (error: unknown) => error instanceof AccountConflictError && error.field === 'franceconnect',
      );
      const other = { issuer: FC.issuer, sub: `${'b'.repeat(64)}v1` };
      const linked = await store.link(candidate.id, other, { ...IDENTITY, family_name: 'DUPUIS-ROCHE' });
      assert.equal(linked?.identitySource, 'franceconnect');
      assert.equal(linked?.identity?.family_name, 'DUPUIS-ROCHE');
      assert.deepEqual(
        await store.findReconciliationCandidates(key, 2),
        [],
        'a linked account is no candidate',
      );
      assert.equal(
        await store.link(candidate.id, { ...other, sub: `${'c'.repeat(64)}v1` }, IDENTITY),
        undefined,
        'linked once',
      );
      const unlinked = await store.unlink(candidate.id);
      assert.equal(unlinked?.franceconnect, null);
      assert.equal(unlinked?.identity, null);
      assert.deepEqual(
        await store.findReconciliationCandidates(key, 2),
        [],
        'the declared identity went with the link',
      );
    });

    it('records at most `limit` attempts per key in the window, even all at once', async () => {
      const now = Date.now();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.recordAttempt('email:k', now + i, now - 60_000, 5)),
      );
      assert.equal(results.filter((result) => result.recorded).length, 5);
      const refused = results.find((result) => !result.recorded);
      assert.equal(refused?.oldest, now, 'refusals tell the oldest attempt');
      // Older than the window: forgotten.
      assert.equal((await store.recordAttempt('email:k', now + 120_000, now + 60_000, 5)).recorded, true);
      await store.clearAttempts('email:k');
      assert.equal((await store.recordAttempt('email:k', now, now - 1, 1)).recorded, true);
      assert.equal(
        (await store.recordAttempt('address:k', now, now - 1, 1)).recorded,
        true,
        'keys are separate',
      );
    });

    it('deletes accounts', async () => {
      const account = await store.findByFranceConnect(FC.issuer, FC.sub);
      assert.ok(account);
      assert.equal(await store.delete(account.id), true);
      assert.equal(await store.delete(account.id), false);
      assert.equal(await store.findById(account.id), undefined);
    });

    it('rejects with AccountStoreUnavailableError once unusable', async () => {
      const closing = await server.closed();
      await assert.rejects(closing.ping(), AccountStoreUnavailableError);
      await assert.rejects(closing.findById('x'), AccountStoreUnavailableError);
      await assert.rejects(closing.findById(randomUUID()), AccountStoreUnavailableError);
    });
  });
}
