import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AccountConflictError,
  AccountStoreUnavailableError,
  hashPassword,
  PostgresAccountStore,
  reconciliationKey,
  SqliteAccountStore,
  type AccountStore,
  type LockedIdentity,
} from '@franceconnect-kit/bff';
import { startPostgres } from '../helpers/postgres.js';

// The contract of an AccountStore, run against every store the kit ships: SQLite on a real file, and
// PostgreSQL on a real server started here. Another implementation must pass the same: add it with
// `accountStoreContract` at the end, with a way to read what it keeps at rest (its files), so that
// erasure is checked on the bytes.

/**
 * A store under test, and the bytes it keeps at rest (for SQLite: the database and its -wal, -shm; for
 * PostgreSQL: the files of its tables and indexes).
 */
interface StoreUnderTest {
  store: AccountStore;
  bytesAtRest(): Promise<Buffer>;
  close(): Promise<void>;
}

const IDENTITY: LockedIdentity = {
  given_name: 'Marie Anne',
  family_name: 'DUPUIS',
  birthdate: '1980-04-12',
  gender: 'female',
  birthplace: '75112',
  birthcountry: '99100',
};
const FC = { issuer: 'http://127.0.0.1:3001/api/v2', sub: `${'a'.repeat(64)}v1` };
const PLUS = { issuer: 'http://127.0.0.1:3003/api/v2', sub: `${'b'.repeat(64)}v1` };

/** A value found nowhere else, to look for in the bytes at rest. */
const mark = (what: string) => `${what}${randomBytes(8).toString('hex')}`;
const markedIdentity = (what: string): LockedIdentity => ({
  ...IDENTITY,
  given_name: mark(`${what}Prenom`),
  family_name: mark(`${what.toUpperCase()}NOM`),
});
const present = (bytes: Buffer, value: string) => bytes.includes(Buffer.from(value, 'utf8'));

function accountStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`AccountStore contract (${name})`, () => {
    let underTest: StoreUnderTest;
    let store: AccountStore;

    before(async () => {
      underTest = await open();
      store = underTest.store;
    });
    after(async () => {
      await underTest.close();
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
      assert.equal(candidate.reconciliationSource, 'declared', 'a declared identity says so');
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
      assert.equal(linked?.reconciliationSource, null, 'a linked account is reconciled no more');
      const unlinked = await store.unlink(candidate.id);
      assert.equal(unlinked?.franceconnect, null);
      assert.equal(unlinked?.identity, null);
      assert.equal(unlinked?.reconciliationSource, null);
      assert.deepEqual(
        await store.findReconciliationCandidates(key, 2),
        [],
        'the declared identity went with the link',
      );
    });

    it('links one FranceConnect+ identity per account, unique, its identity certified unless FranceConnect’s is', async () => {
      const local = await store.create({
        identity: { ...IDENTITY, given_name: 'Marie' },
        identitySource: 'declared',
        reconciliationKey: reconciliationKey({ ...IDENTITY, given_name: 'Marie' }),
        preferred_username: '',
        email: 'plus-local@example.fr',
      });
      assert.equal(local.franceconnectPlus, null);
      const linked = await store.linkFranceConnectPlus(local.id, PLUS, IDENTITY);
      assert.equal(linked?.franceconnectPlus?.sub, PLUS.sub);
      assert.ok(linked?.franceconnectPlus?.linkedAt instanceof Date);
      assert.equal(
        linked?.identitySource,
        'franceconnect',
        'the declared identity gives way to the certified one',
      );
      assert.deepEqual(linked?.identity, IDENTITY);
      assert.deepEqual(
        await store.findReconciliationCandidates(reconciliationKey({ ...IDENTITY, given_name: 'Marie' }), 5),
        [],
        'no longer a reconciliation candidate',
      );
      assert.deepEqual(await store.findByFranceConnectPlus(PLUS.issuer, PLUS.sub), linked);
      assert.equal(
        await store.findByFranceConnect(PLUS.issuer, PLUS.sub),
        undefined,
        'not a FranceConnect link',
      );
      assert.equal(
        await store.linkFranceConnectPlus(local.id, { ...PLUS, sub: 'other' }, IDENTITY),
        undefined,
      );

      const certified = await store.create({
        franceconnect: { ...FC, sub: `${'c'.repeat(64)}v1` },
        identity: IDENTITY,
        identitySource: 'franceconnect',
        preferred_username: '',
        email: 'plus-fc@example.fr',
      });
      await assert.rejects(
        store.linkFranceConnectPlus(certified.id, PLUS, IDENTITY),
        (error: unknown) => error instanceof AccountConflictError && error.field === 'franceconnect',
      );
      const kept = await store.linkFranceConnectPlus(
        certified.id,
        { ...PLUS, sub: `${'d'.repeat(64)}v1` },
        { ...IDENTITY, family_name: 'AUTRE' },
      );
      assert.equal(kept?.identity?.family_name, 'DUPUIS', 'FranceConnect’s identity stays');

      const created = await store.create({
        franceconnectPlus: { ...PLUS, sub: `${'e'.repeat(64)}v1` },
        identity: IDENTITY,
        identitySource: 'franceconnect',
        preferred_username: '',
        email: 'plus-signup@example.fr',
      });
      assert.equal(created.franceconnect, null);
      assert.equal(created.franceconnectPlus?.sub, `${'e'.repeat(64)}v1`);
    });

    it('keeps passkeys per account: add, list oldest first, find, rename, use once per counter, remove', async () => {
      const owner = await store.create({ preferred_username: '', email: 'passkeys@example.fr' });
      const other = await store.create({ preferred_username: '', email: 'other-passkeys@example.fr' });
      const key = (id: string, accountId = owner.id) => ({
        id,
        accountId,
        publicKey: Uint8Array.from([1, 2, 3, id.length]),
        counter: 0,
        transports: ['internal', 'hybrid'],
        name: `Clé ${id}`,
        deviceType: 'multiDevice' as const,
        backedUp: true,
      });
      const first = await store.addPasskey(key('first-key'));
      assert.ok(first);
      assert.deepEqual(first.publicKey, Uint8Array.from([1, 2, 3, 9]));
      assert.equal(first.lastUsedAt, null);
      assert.ok(first.createdAt instanceof Date);
      await store.addPasskey(key('second-key'));
      assert.deepEqual(
        (await store.listPasskeys(owner.id)).map((passkey) => passkey.id),
        ['first-key', 'second-key'],
      );
      assert.deepEqual(await store.listPasskeys(other.id), []);
      await assert.rejects(
        store.addPasskey(key('first-key', other.id)),
        (error: unknown) => error instanceof AccountConflictError && error.field === 'passkey',
        'a credential belongs to one account',
      );
      assert.equal(await store.addPasskey(key('orphan', 'no-such-account')), undefined);
      assert.deepEqual(await store.findPasskey('first-key'), first);
      assert.equal(await store.findPasskey('nope'), undefined);

      assert.equal((await store.renamePasskey(owner.id, 'first-key', 'Téléphone'))?.name, 'Téléphone');
      assert.equal(await store.renamePasskey(other.id, 'first-key', 'Volée'), undefined, 'not its passkey');

      const at = new Date();
      assert.equal(
        await store.recordPasskeyUse(owner.id, 'first-key', { expected: 0, counter: 1, at }),
        true,
      );
      assert.equal(
        await store.recordPasskeyUse(owner.id, 'first-key', { expected: 0, counter: 1, at }),
        false,
        'the same counter twice: the second use fails',
      );
      const used = await store.findPasskey('first-key');
      assert.equal(used?.counter, 1);
      assert.equal(used?.lastUsedAt?.getTime(), at.getTime());
      assert.equal(
        await store.recordPasskeyUse(other.id, 'first-key', { expected: 1, counter: 2, at }),
        false,
      );
      // Simultaneous uses of one counter: exactly one succeeds.
      const racing = await Promise.all(
        [2, 2, 2].map(() => store.recordPasskeyUse(owner.id, 'first-key', { expected: 1, counter: 2, at })),
      );
      assert.equal(racing.filter(Boolean).length, 1);

      assert.equal(await store.removePasskey(other.id, 'first-key'), false);
      assert.equal(await store.removePasskey(owner.id, 'first-key'), true);
      assert.deepEqual(
        (await store.listPasskeys(owner.id)).map((passkey) => passkey.id),
        ['second-key'],
      );
      // An account's passkeys go with it.
      assert.equal(await store.delete(owner.id), true);
      assert.equal(await store.findPasskey('second-key'), undefined);
      await store.addPasskey(key('kept', other.id));
      assert.equal((await store.findPasskey('kept'))?.accountId, other.id);
    });

    it('keeps where a reconciliation key comes from: an identity FranceConnect certified is told apart', async () => {
      const certified = { ...IDENTITY, given_name: 'Jeanne', birthdate: '1990-01-02' };
      const key = reconciliationKey(certified);
      const imported = await store.create({
        identity: certified,
        identitySource: 'franceconnect',
        reconciliationKey: key,
        reconciliationSource: 'franceconnect',
        preferred_username: '',
        email: 'jeanne@example.fr',
      });
      const declared = await store.create({
        identity: certified,
        identitySource: 'declared',
        reconciliationKey: key,
        preferred_username: '',
        email: 'jeanne.locale@example.fr',
        loginEmail: 'jeanne.locale@example.fr',
        passwordHash:
          '$scrypt$ln=15,r=8,p=3$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      });
      const found = await store.findReconciliationCandidates(key, 5);
      assert.deepEqual(
        found.map((account) => [account.id, account.reconciliationSource]),
        [
          [imported.id, 'franceconnect'],
          [declared.id, 'declared'],
        ],
      );
      const linked = await store.create({
        franceconnect: { issuer: FC.issuer, sub: `${'d'.repeat(64)}v1` },
        identity: certified,
        identitySource: 'franceconnect',
        reconciliationKey: key,
        preferred_username: '',
        email: 'jeanne.fc@example.fr',
      });
      assert.equal(linked.reconciliationSource, null, 'a linked account is never a candidate');
      assert.equal((await store.findReconciliationCandidates(key, 5)).length, 2);
      for (const account of [imported, declared, linked]) await store.delete(account.id);
    });

    it('deletes accounts', async () => {
      const account = await store.findByFranceConnect(FC.issuer, FC.sub);
      assert.ok(account);
      assert.equal(await store.delete(account.id), true);
      assert.equal(await store.delete(account.id), false);
      assert.equal(await store.findById(account.id), undefined);
    });

    it('erases a deleted account, and the values a change replaced, from what it keeps at rest', async () => {
      const [first, second] = [`${mark('effacement')}@example.fr`, `${mark('remplacement')}@example.fr`];
      const identity = { ...IDENTITY, given_name: mark('Zephyrine'), family_name: mark('QUASIMODO') };
      const hash = await hashPassword(mark('une phrase secrète'), { logN: 10, r: 8, p: 1 });
      const usage = mark('USAGE');
      const account = await store.create({
        identity,
        identitySource: 'declared',
        reconciliationKey: reconciliationKey(identity),
        preferred_username: usage,
        email: first,
        passwordHash: hash,
        loginEmail: first,
      });
      const kept = await underTest.bytesAtRest();
      for (const value of [first, identity.given_name, identity.family_name, hash, usage]) {
        assert.ok(present(kept, value), `the scan sees what the store keeps (${value})`);
      }

      await store.update(account.id, { email: second, loginEmail: second });
      assert.equal(present(await underTest.bytesAtRest(), first), false, 'the replaced email is erased');
      const newHash = mark('$scrypt$nouveau');
      await store.update(account.id, { passwordHash: newHash, loginEmail: second });
      const changed = await underTest.bytesAtRest();
      assert.equal(present(changed, hash), false, 'the replaced password hash is erased');
      assert.ok(present(changed, newHash));

      assert.equal(await store.delete(account.id), true);
      const after = await underTest.bytesAtRest();
      for (const value of [second, identity.given_name, identity.family_name, newHash, usage]) {
        assert.equal(present(after, value), false, `${value} is still at rest after the deletion`);
      }
    });

    it('erases the identity a link, a refresh, an unlink or a FranceConnect+ link replaced', async () => {
      const declared = markedIdentity('Declaree');
      const account = await store.create({
        identity: declared,
        identitySource: 'declared',
        reconciliationKey: reconciliationKey(declared),
        preferred_username: '',
        email: `${mark('lien')}@example.fr`,
      });
      const certified = markedIdentity('Certifiee');
      const sub = mark('SUJET');
      assert.ok(present(await underTest.bytesAtRest(), declared.family_name), 'the scan sees it');

      await store.link(account.id, { issuer: FC.issuer, sub }, certified);
      let bytes = await underTest.bytesAtRest();
      for (const value of [declared.given_name, declared.family_name, reconciliationKey(declared)]) {
        assert.equal(present(bytes, value), false, `${value} is still at rest after the link`);
      }
      assert.ok(present(bytes, certified.family_name) && present(bytes, sub));

      const refreshed = markedIdentity('Rafraichie');
      await store.update(account.id, { identity: refreshed });
      bytes = await underTest.bytesAtRest();
      assert.equal(present(bytes, certified.family_name), false, 'the identity FranceConnect replaced');
      assert.ok(present(bytes, refreshed.family_name));

      await store.unlink(account.id);
      bytes = await underTest.bytesAtRest();
      for (const value of [sub, refreshed.given_name, refreshed.family_name]) {
        assert.equal(present(bytes, value), false, `${value} is still at rest after the unlink`);
      }

      const declaredToo = markedIdentity('Remplacee');
      const other = await store.create({
        identity: declaredToo,
        identitySource: 'declared',
        reconciliationKey: reconciliationKey(declaredToo),
        preferred_username: '',
        email: `${mark('lien-plus')}@example.fr`,
      });
      const certifiedPlus = markedIdentity('Plus');
      await store.linkFranceConnectPlus(
        other.id,
        { issuer: PLUS.issuer, sub: mark('SUJETPLUS') },
        certifiedPlus,
      );
      bytes = await underTest.bytesAtRest();
      for (const value of [declaredToo.given_name, declaredToo.family_name, reconciliationKey(declaredToo)]) {
        assert.equal(present(bytes, value), false, `${value} is still at rest after the FranceConnect+ link`);
      }
      assert.ok(present(bytes, certifiedPlus.family_name));
      for (const id of [account.id, other.id]) assert.equal(await store.delete(id), true);
    });

    it('erases a renamed or removed passkey, and the passkeys of a deleted account', async () => {
      const account = await store.create({ preferred_username: '', email: `${mark('cles')}@example.fr` });
      const passkey = (name: string) => ({
        id: mark('CREDENTIAL'),
        accountId: account.id,
        publicKey: new TextEncoder().encode(mark('CLEPUBLIQUE')),
        counter: 0,
        transports: ['internal'],
        name,
        deviceType: 'singleDevice' as const,
        backedUp: false,
      });
      const [first, second] = [passkey(mark('Telephone de Marie')), passkey(mark('Cle de Marie'))];
      const publicKey = (key: typeof first) => Buffer.from(key.publicKey).toString('utf8');
      for (const key of [first, second]) assert.ok(await store.addPasskey(key));
      const kept = await underTest.bytesAtRest();
      for (const value of [first.id, first.name, publicKey(first)]) {
        assert.ok(present(kept, value), `the scan sees what the store keeps (${value})`);
      }

      const renamed = mark('Ordinateur');
      await store.renamePasskey(account.id, first.id, renamed);
      assert.equal(present(await underTest.bytesAtRest(), first.name), false, 'the replaced name is erased');

      assert.equal(await store.removePasskey(account.id, first.id), true);
      let bytes = await underTest.bytesAtRest();
      for (const value of [first.id, renamed, publicKey(first)]) {
        assert.equal(present(bytes, value), false, `${value} is still at rest after the removal`);
      }
      assert.ok(present(bytes, second.name), 'the other passkey stays');

      assert.equal(await store.delete(account.id), true);
      bytes = await underTest.bytesAtRest();
      for (const value of [second.id, second.name, publicKey(second)]) {
        assert.equal(present(bytes, value), false, `${value} is still at rest after the deletion`);
      }
    });

    it('writes nothing of an account it refuses', async () => {
      const email = `${mark('prise')}@example.fr`;
      const owner = await store.create({
        preferred_username: '',
        email,
        loginEmail: email,
        passwordHash: mark('$scrypt$proprietaire'),
      });
      const refused = {
        identity: markedIdentity('Refusee'),
        passwordHash: mark('$scrypt$refuse'),
        preferred_username: mark('USAGEREFUSE'),
      };
      await assert.rejects(
        store.create({
          ...refused,
          identitySource: 'declared',
          reconciliationKey: reconciliationKey(refused.identity),
          email,
          loginEmail: email,
        }),
        (error: unknown) => error instanceof AccountConflictError && error.field === 'email',
      );
      const bytes = await underTest.bytesAtRest();
      for (const value of [
        refused.identity.given_name,
        refused.identity.family_name,
        refused.passwordHash,
        refused.preferred_username,
      ]) {
        assert.equal(present(bytes, value), false, `${value} of a refused account is at rest`);
      }
      assert.equal(await store.delete(owner.id), true);
    });
  });
}

/** Every file of a SQLite database, as they lie on the disk. */
function sqliteFiles(path: string): string[] {
  return ['', '-wal', '-shm', '-journal']
    .map((suffix) => `${path}${suffix}`)
    .filter((file) => existsSync(file));
}

const sqliteFolder = mkdtempSync(join(tmpdir(), 'account-store-'));
after(() => rmSync(sqliteFolder, { recursive: true, force: true }));

accountStoreContract('SQLite', () => {
  const path = join(sqliteFolder, 'nested', 'accounts.sqlite');
  const store = new SqliteAccountStore({ path });
  return Promise.resolve({
    store,
    bytesAtRest: () => Promise.resolve(Buffer.concat(sqliteFiles(path).map((file) => readFileSync(file)))),
    close: () => store.close(),
  });
});

/** Every file of a PostgreSQL relation: its segments (`.1`…) and forks (`_fsm`, `_vm`). */
function relationFiles(dataDir: string, path: string): string[] {
  const folder = join(dataDir, dirname(path));
  const node = basename(path);
  return readdirSync(folder)
    .filter((name) => name === node || name.startsWith(`${node}.`) || name.startsWith(`${node}_`))
    .map((name) => join(folder, name));
}

accountStoreContract('PostgreSQL', async () => {
  const server = await startPostgres();
  const database = 'contract';
  const store = new PostgresAccountStore({ connectionString: await server.createDatabase(database) });
  return {
    store,
    // The files of the tables, their indexes and TOAST, once CHECKPOINT wrote every page to them. The
    // WAL is not read: it keeps what changed until its segments are recycled (docs/deployment.md).
    bytesAtRest: async () => {
      await server.query('CHECKPOINT');
      const relations = await server.query<{ path: string }>(
        `WITH tables AS (
           SELECT oid, reltoastrelid FROM pg_class WHERE oid IN ('accounts'::regclass, 'passkeys'::regclass)
         ), relations AS (
           SELECT oid FROM tables
           UNION SELECT reltoastrelid FROM tables WHERE reltoastrelid <> 0
           UNION SELECT indexrelid FROM pg_index
             WHERE indrelid IN (SELECT oid FROM tables UNION SELECT reltoastrelid FROM tables)
         )
         SELECT pg_relation_filepath(oid) AS path FROM relations`,
        [],
        database,
      );
      assert.ok(relations.length >= 8, 'two tables, their TOAST tables and indexes');
      const files = relations.flatMap(({ path }) => relationFiles(server.dataDir, path));
      return Buffer.concat(files.map((file) => readFileSync(file)));
    },
    close: async () => {
      await store.close();
      await server.close();
    },
  };
});

describe('SQLite account store', () => {
  it('rejects with AccountStoreUnavailableError once unusable', async () => {
    const closing = new SqliteAccountStore({ path: join(sqliteFolder, 'closed.sqlite') });
    await closing.close();
    await assert.rejects(closing.ping(), AccountStoreUnavailableError);
    await assert.rejects(closing.findById('x'), AccountStoreUnavailableError);
  });

  it('keeps its files readable by their owner only (0600), its folder 0700, and tightens existing files', async () => {
    const folder = join(sqliteFolder, 'private', 'deeper');
    const path = join(folder, 'accounts.sqlite');
    const store = new SqliteAccountStore({ path });
    try {
      await store.create({ preferred_username: '', email: 'droits@example.fr' });
      const files = sqliteFiles(path);
      assert.ok(files.some((file) => file.endsWith('-wal')) && files.some((file) => file.endsWith('-shm')));
      for (const file of files) assert.equal(statSync(file).mode & 0o777, 0o600, file);
      assert.equal(statSync(folder).mode & 0o777, 0o700);
    } finally {
      await store.close();
    }
    // A database left world-readable by an earlier version is tightened when it opens.
    const old = join(sqliteFolder, 'old.sqlite');
    writeFileSync(old, '');
    chmodSync(old, 0o644);
    const reopened = new SqliteAccountStore({ path: old });
    try {
      await reopened.create({ preferred_username: '', email: 'ancien@example.fr' });
      for (const file of sqliteFiles(old)) assert.equal(statSync(file).mode & 0o777, 0o600, file);
    } finally {
      await reopened.close();
    }
  });
});
