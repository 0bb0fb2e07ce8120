import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AccountConflictError,
  AccountStoreUnavailableError,
  reconciliationKey,
  SqliteAccountStore,
  type AccountStore,
  type LockedIdentity,
} from '@franceconnect-kit/bff';

// The contract of an AccountStore, run against the SQLite store on a real file. Another
// implementation (PostgreSQL) must pass the same: construct it in `stores` below.

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

describe('AccountStore contract (SQLite)', () => {
  let folder: string;
  let store: AccountStore;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'account-store-'));
    store = new SqliteAccountStore({ path: join(folder, 'nested', 'accounts.sqlite') });
  });
  after(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
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
      store.create({ preferred_username: '', email: 'x', loginEmail: 'local@example.fr', passwordHash: 'h' }),
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
    assert.equal(await store.linkFranceConnectPlus(local.id, { ...PLUS, sub: 'other' }, IDENTITY), undefined);

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
    assert.equal(await store.recordPasskeyUse(owner.id, 'first-key', { expected: 0, counter: 1, at }), true);
    assert.equal(
      await store.recordPasskeyUse(owner.id, 'first-key', { expected: 0, counter: 1, at }),
      false,
      'the same counter twice: the second use fails',
    );
    const used = await store.findPasskey('first-key');
    assert.equal(used?.counter, 1);
    assert.equal(used?.lastUsedAt?.getTime(), at.getTime());
    assert.equal(await store.recordPasskeyUse(other.id, 'first-key', { expected: 1, counter: 2, at }), false);
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

  it('deletes accounts', async () => {
    const account = await store.findByFranceConnect(FC.issuer, FC.sub);
    assert.ok(account);
    assert.equal(await store.delete(account.id), true);
    assert.equal(await store.delete(account.id), false);
    assert.equal(await store.findById(account.id), undefined);
  });

  it('rejects with AccountStoreUnavailableError once unusable', async () => {
    const closing = new SqliteAccountStore({ path: join(folder, 'closed.sqlite') });
    await closing.close();
    await assert.rejects(closing.ping(), AccountStoreUnavailableError);
    await assert.rejects(closing.findById('x'), AccountStoreUnavailableError);
  });
});
