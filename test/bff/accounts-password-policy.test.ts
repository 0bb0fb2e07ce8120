import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAccountsWorld, type AccountsWorld } from './helpers/accounts.js';

// New passwords by NIST SP 800-63B-4: at least 15 characters (a password used alone), any character,
// no composition rule, and refused when common, expected or compromised (the dictionaries shipped with
// the kit), or derived from the account's email; the French message says why.

describe('the password of a new local account', () => {
  let world: AccountsWorld;

  before(async () => {
    world = await startAccountsWorld();
  });
  after(async () => {
    await world.close();
  });

  async function signUp(email: string, password: string) {
    const user = world.browser();
    const answer = await world.call<{ fields?: Record<string, string>; message?: string }>(
      user,
      'POST',
      '/auth/local/signup',
      { body: { email, password }, csrf: await world.csrf(user) },
    );
    return { status: answer.status, why: answer.body.fields?.password };
  }

  it('is refused under 15 characters, whatever they are', async () => {
    for (const password of ['a'.repeat(12), ' '.repeat(12), 'Tr0ub4dour&3', 'é'.repeat(14)]) {
      const answer = await signUp('court@example.fr', password);
      assert.equal(answer.status, 400, JSON.stringify(password));
      assert.equal(answer.why, 'Le mot de passe doit contenir au moins 15 caractères.');
    }
  });

  it('is refused when it is common, expected or compromised, saying why', async () => {
    const cases: Array<[string, RegExp]> = [
      ['a'.repeat(15), /il répète le même caractère/],
      [' '.repeat(16), /que d’espaces/],
      ['passwordpassword', /il répète la même suite de caractères/],
      ['abcdefghijklmnop', /il suit une séquence/],
      ['123456789012345', /mot de passe très utilisé|ressemble à un mot de passe très utilisé/],
      ['azertyuiopqsdfgh', /rangée de touches du clavier/],
      ['motdepasse12345', /trop facile à deviner/],
      ['iloveyouiloveyou', /répète la même suite/],
    ];
    for (const [password, why] of cases) {
      const answer = await signUp('commun@example.fr', password);
      assert.equal(answer.status, 400, JSON.stringify(password));
      assert.match(answer.why ?? '', why, JSON.stringify(password));
      assert.doesNotMatch(answer.why ?? '', /'/, 'French text with the typographic apostrophe');
    }
  });

  it('is refused when it is derived from the email', async () => {
    for (const password of [
      'marie.dupuis@example.fr',
      'MARIE.DUPUIS@EXAMPLE.FR et encore',
      'mariedupuis1980',
      'dupuis.marie.example',
    ]) {
      const answer = await signUp('marie.dupuis@example.fr', password);
      assert.equal(answer.status, 400, password);
      assert.match(answer.why ?? '', /il reprend votre adresse électronique/, password);
    }
  });

  it('is accepted when long and uncommon: a passphrase, spaces, accents and all', async () => {
    for (const [email, password] of [
      ['phrase@example.fr', 'cheval agrafe batterie correcte'],
      ['accents@example.fr', 'Lézard bleu sous la tonnelle'],
      ['mixte@example.fr', 'Sept girafes mangent 14 poires'],
    ]) {
      const answer = await signUp(email ?? '', password ?? '');
      assert.equal(answer.status, 201, `${password}: ${answer.why}`);
    }
  });
});
