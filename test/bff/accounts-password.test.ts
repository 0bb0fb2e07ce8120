import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { DEFAULT_SCRYPT, hashPassword, verifyPassword } from '@franceconnect-kit/bff';
import { PASSWORD, startAccountsWorld } from './helpers/accounts.js';

// Passwords of local accounts: scrypt with a random salt, the parameters stored with each hash,
// compared in constant time; a hash made with weaker parameters is replaced at the next sign-in.

describe('password hashing', () => {
  it('verifies the right password only, whatever its Unicode normalisation', async () => {
    const hash = await hashPassword('Élodie a 12 caractères');
    assert.match(hash, /^\$scrypt\$ln=15,r=8,p=3\$/);
    assert.notEqual(hash, await hashPassword('Élodie a 12 caractères'), 'a new salt each time');
    assert.deepEqual(await verifyPassword('Élodie a 12 caractères', hash), { ok: true, needsRehash: false });
    const decomposed = 'Élodie a 12 caractères'.normalize('NFD');
    assert.equal((await verifyPassword(decomposed, hash)).ok, true);
    assert.equal((await verifyPassword('élodie a 12 caractères', hash)).ok, false);
  });

  it('never matches a malformed or tampered hash', async () => {
    const hash = await hashPassword(PASSWORD, { logN: 10, r: 8, p: 1 });
    for (const bad of [
      '',
      'plain',
      hash.replace('ln=10', 'ln=40'),
      hash.slice(0, -2),
      `${hash}x`,
      hash.replace('$scrypt$', '$argon2id$'),
    ]) {
      assert.equal((await verifyPassword(PASSWORD, bad)).ok, false, bad);
    }
  });

  it('asks for a new hash when the parameters were weaker', async () => {
    const weak = await hashPassword(PASSWORD, { logN: 10, r: 8, p: 1 });
    assert.deepEqual(await verifyPassword(PASSWORD, weak, DEFAULT_SCRYPT), { ok: true, needsRehash: true });
    assert.deepEqual(await verifyPassword('wrong', weak, DEFAULT_SCRYPT), { ok: false, needsRehash: false });
  });

  it('re-hashes at sign-in once the parameters are raised', async () => {
    const before = await startAccountsWorld({ accounts: { passwordHashing: { logN: 12, r: 8, p: 1 } } });
    const created = await before.localSignUp(before.browser(), {
      email: 'leger@example.fr',
      password: PASSWORD,
    });
    assert.equal(created.status, 201);
    const hashOf = () => {
      const db = new Database(before.database, { readonly: true });
      try {
        return (
          db.prepare("SELECT password_hash FROM accounts WHERE login_email = 'leger@example.fr'").get() as {
            password_hash: string;
          }
        ).password_hash;
      } finally {
        db.close();
      }
    };
    assert.match(hashOf(), /^\$scrypt\$ln=12,r=8,p=1\$/);
    const after = await startAccountsWorld({ database: before.database });
    try {
      const user = after.browser();
      const signIn = await after.call(user, 'POST', '/auth/local/login', {
        body: { email: 'leger@example.fr', password: PASSWORD },
        csrf: await after.csrf(user),
      });
      assert.equal(signIn.status, 200);
      assert.match(hashOf(), /^\$scrypt\$ln=15,r=8,p=3\$/);
    } finally {
      await after.close();
      await before.close();
    }
  });
});
