import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CLAIM_LABELS,
  claimsForScopes,
  DATA_SCOPE_LABELS,
  DATA_SCOPES,
  IDENTITY_SCOPE_CLAIMS,
  isDataScope,
  isIdentityScope,
} from '@franceconnect-kit/protocol';

describe('data scopes', () => {
  it('are the catalogue’s FranceConnect scopes, distinct from identity scopes', () => {
    assert.ok(DATA_SCOPES.length > 4);
    for (const scope of [
      'cnaf_quotient_familial',
      'cnous_statut_boursier',
      'complementaire_sante_solidaire',
    ]) {
      assert.ok((DATA_SCOPES as readonly string[]).includes(scope), scope);
    }
    for (const scope of DATA_SCOPES) {
      assert.equal(isDataScope(scope), true);
      assert.equal(isIdentityScope(scope), false);
      assert.equal(claimsForScopes([scope]).size, 0, 'a data scope releases no identity claim');
    }
    assert.equal(isDataScope('given_name'), false);
  });

  it('has a French label for each data scope', () => {
    assert.deepEqual(Object.keys(DATA_SCOPE_LABELS).sort(), [...DATA_SCOPES].sort());
  });
});

describe('claim labels', () => {
  it('labels every identity claim FranceConnect shows on its consent screen, in French', () => {
    const shown = new Set(Object.values(IDENTITY_SCOPE_CLAIMS).flat());
    shown.delete('sub');
    shown.delete('given_name_array');
    assert.deepEqual(Object.keys(CLAIM_LABELS).sort(), [...shown].sort());
    assert.equal(CLAIM_LABELS.preferred_username, 'Nom d’usage');
    assert.equal(CLAIM_LABELS.family_name, 'Nom de naissance');
    for (const label of Object.values(CLAIM_LABELS))
      assert.doesNotMatch(label, /'/, 'typographic apostrophe');
  });
});
