import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import {
  apiOfScope,
  DATA_API_NAMES,
  DATA_APIS,
  DATA_SCOPE_LABELS,
  DATA_SCOPES,
  dataForScopes,
  dataSchemaOf,
  isDataApiName,
  isDataScope,
  isIdentityScope,
  type DataApiName,
  type Field,
  type Fields,
} from '@franceconnect-kit/protocol';

// The catalogue of « API FranceConnectées » against its sources: API Particulier v3's OpenAPI (paths,
// the shape of `data`, with its documented examples) and FranceConnect's own scope lists.

/** API Particulier v3's FranceConnect endpoints (config/api-particulier-openapi-v3.yml @63bcc288). */
const ENDPOINTS: Record<DataApiName, string> = {
  quotient_familial: '/v3/dss/quotient_familial/france_connect',
  statut_etudiant: '/v3/mesri/statut_etudiant/france_connect',
  statut_etudiant_boursier: '/v3/cnous/etudiant_boursier/france_connect',
  complementaire_sante_solidaire: '/v3/dss/complementaire_sante_solidaire/france_connect',
  allocation_adulte_handicape: '/v3/dss/allocation_adulte_handicape/france_connect',
  allocation_soutien_familial: '/v3/dss/allocation_soutien_familial/france_connect',
  prime_activite: '/v3/dss/prime_activite/france_connect',
  revenu_solidarite_active: '/v3/dss/revenu_solidarite_active/france_connect',
  service_civique: '/v3/gip_mds/service_civique/france_connect',
  service_national: '/v3/dsnj/service_national/france_connect',
};

/** FranceConnect's data scopes by provider (france-connect/sources back/libs/scopes/src/data/<provider>/*.claims.ts). */
const FRANCECONNECT_SCOPES = {
  'cnaf-msa': [
    'allocation_adulte_handicape',
    'allocation_soutien_familial',
    'prime_activite',
    'prime_activite_majoration',
    'cnaf_quotient_familial',
    'cnaf_allocataires',
    'cnaf_enfants',
    'cnaf_adresse',
    'revenu_solidarite_active',
    'revenu_solidarite_active_majoration',
  ],
  dss: ['complementaire_sante_solidaire'],
  cnous: [
    'cnous_statut_boursier',
    'cnous_echelon_bourse',
    'cnous_email',
    'cnous_periode_versement',
    'cnous_statut_bourse',
    'cnous_ville_etudes',
    'cnous_identite',
  ],
  mesri: [
    'mesri_identite',
    'mesri_admissions',
    'mesri_admission_inscrit',
    'mesri_admission_regime_formation',
    'mesri_admission_commune_etudes',
    'mesri_admission_etablissement_etude',
  ],
  dsnj: ['dsnj_statut_service_national'],
  asc: [
    'gip_mds_service_civique_statut_actuel',
    'gip_mds_service_civique_statut_passe',
    'gip_mds_service_civique_organisme_accueil',
    'gip_mds_service_civique_dates',
  ],
};

/** FranceConnect's name of each data provider (`<provider>.provider.ts`), the administration shown. */
const ADMINISTRATIONS: Record<DataApiName, string> = {
  quotient_familial: 'Caisse nationale des allocations familiales & Mutualité sociale agricole',
  statut_etudiant: 'Ministère de l’Enseignement supérieur, de la Recherche et de l’Innovation',
  statut_etudiant_boursier: 'Centre national des œuvres universitaires et scolaires',
  complementaire_sante_solidaire: 'Sécurité sociale',
  allocation_adulte_handicape: 'Caisse nationale des allocations familiales & Mutualité sociale agricole',
  allocation_soutien_familial: 'Caisse nationale des allocations familiales & Mutualité sociale agricole',
  prime_activite: 'Caisse nationale des allocations familiales & Mutualité sociale agricole',
  revenu_solidarite_active: 'Caisse nationale des allocations familiales & Mutualité sociale agricole',
  service_civique: 'Agence du service civique',
  service_national: 'Direction du Service National et de la Jeunesse',
};

const EXAMPLES = (
  JSON.parse(
    readFileSync(join(import.meta.dirname, 'fixtures/api-particulier-v3-examples.json'), 'utf8'),
  ) as { examples: Record<string, { data: Record<string, unknown>; links: object; meta: object }> }
).examples;

const entries = Object.entries(DATA_APIS) as Array<[DataApiName, (typeof DATA_APIS)[DataApiName]]>;

/** Every field of a tree, with its path. */
function* walk(fields: Fields, path = ''): Generator<[string, Field]> {
  for (const [key, field] of Object.entries(fields)) {
    const at = path ? `${path}.${key}` : key;
    yield [at, field];
    if (field.kind === 'object') yield* walk(field.fields, at);
    if (field.kind === 'list') yield* walk(field.item.fields, `${at}[]`);
  }
}

describe('the catalogue of API FranceConnectées', () => {
  it('holds the four APIs of seed 004 and those sharing the family quotient’s shape of call', () => {
    assert.deepEqual([...DATA_API_NAMES].sort(), Object.keys(ENDPOINTS).sort());
    for (const name of DATA_API_NAMES) assert.equal(isDataApiName(name), true);
    assert.equal(isDataApiName('ants_extrait_immatriculation_vehicule'), false);
    assert.equal(isDataApiName('toString'), false);
  });

  for (const [name, api] of entries) {
    it(`${name}: API Particulier’s v3 FranceConnect endpoint, FranceConnect’s scopes and administration`, () => {
      assert.equal(api.endpoint, ENDPOINTS[name]);
      assert.equal(api.administration, ADMINISTRATIONS[name]);
      const known = Object.values(FRANCECONNECT_SCOPES).flat();
      for (const scope of Object.keys(api.scopes)) {
        assert.ok(known.includes(scope), `${scope} is a scope FranceConnect knows`);
        assert.equal(apiOfScope(scope), name, `${scope} belongs to ${name} only`);
        assert.equal(isIdentityScope(scope), false);
      }
      // One provider of FranceConnect's per API: its scopes are asked for in one consent.
      const providers = Object.entries(FRANCECONNECT_SCOPES)
        .filter(([, scopes]) => Object.keys(api.scopes).some((scope) => scopes.includes(scope)))
        .map(([provider]) => provider);
      assert.equal(providers.length, 1, String(providers));
      assert.match(api.source.code, /^\d{2}$/);
    });

    it(`${name}: its schema takes API Particulier’s documented example, whole or cut by scopes`, () => {
      const example = EXAMPLES[ENDPOINTS[name]];
      assert.ok(example, `an example for ${ENDPOINTS[name]}`);
      const answered = dataSchemaOf(name).safeParse(example.data);
      assert.ok(answered.success, JSON.stringify(answered.error?.issues));
      assert.deepEqual(answered.data, example.data, 'nothing of the example is dropped');
      const whole = dataSchemaOf(name, 'complete').safeParse(example.data);
      assert.ok(whole.success, JSON.stringify(whole.error?.issues));
      for (const scope of Object.keys(api.scopes)) {
        const cut = dataForScopes(api, example.data, [scope]);
        assert.ok(dataSchemaOf(name).safeParse(cut).success, `${scope} only`);
      }
      assert.deepEqual(dataForScopes(api, example.data, []), {});
      assert.deepEqual(dataForScopes(api, example.data, Object.keys(api.scopes)), example.data);
    });

    it(`${name}: every field and scope has a French label, typographic apostrophes only`, () => {
      for (const text of [api.label, api.administration, ...Object.values(api.scopes)]) {
        assert.ok(text.trim().length > 0 && text === text.trim());
        assert.ok(!text.includes("'"), `« ${text} »: ’ rather than '`);
      }
      for (const [path, field] of walk(api.fields)) {
        assert.ok(field.label.length > 0, path);
        assert.ok(!field.label.includes("'"), `${path}: « ${field.label} »`);
        if (field.scope !== undefined) {
          assert.ok(
            Object.hasOwn(api.scopes, field.scope),
            `${path} is opened by ${field.scope}, not a scope of ${name}`,
          );
        }
        if (field.kind === 'choice') {
          for (const label of Object.values(field.values)) assert.ok(!label.includes("'"), label);
        }
      }
      // Every scope opens something.
      for (const scope of Object.keys(api.scopes)) {
        const opened = [...walk(api.fields)].filter(([, field]) => field.scope === scope);
        const topWithout = Object.values<Field>(api.fields).some((field) => field.scope === undefined);
        assert.ok(opened.length > 0 || topWithout, `${scope} opens a field`);
      }
    });
  }

  it('checks the types of what an API answers, keeps absent fields absent, and drops unknown ones', () => {
    const schema = dataSchemaOf('quotient_familial');
    assert.ok(schema.safeParse({}).success, 'every field depends on the scopes');
    assert.equal(schema.safeParse({ quotient_familial: { valeur: '812' } }).success, false);
    assert.equal(schema.safeParse({ quotient_familial: { valeur: 812.5 } }).success, false);
    assert.equal(schema.safeParse({ quotient_familial: { fournisseur: 'CPAM' } }).success, false);
    assert.equal(schema.safeParse({ enfants: [{ date_naissance: '18/06/2012' }] }).success, false);
    assert.equal(schema.safeParse({ enfants: [{ nom_usage: null }] }).success, true, 'nullable');
    assert.equal(schema.safeParse({ enfants: [{ prenoms: null }] }).success, false, 'not nullable');
    assert.deepEqual(schema.parse({ quotient_familial: { valeur: 812, secret: 1 }, autre: true }), {
      quotient_familial: { valeur: 812 },
    });
    const uai = dataSchemaOf('statut_etudiant');
    assert.equal(uai.safeParse({ admissions: [{ etablissement_etudes: { uai: 'ABC' } }] }).success, false);
    const whole = dataSchemaOf('complementaire_sante_solidaire', 'complete');
    assert.equal(whole.safeParse({ est_beneficiaire: true }).success, false, 'a whole record');
    assert.equal(
      whole.safeParse({ est_beneficiaire: true, avec_participation: null, date_debut_droit: null, x: 1 })
        .success,
      false,
      'nothing more',
    );
  });

  it('derives the data scopes and their labels from the entries', () => {
    assert.deepEqual([...DATA_SCOPES].sort(), entries.flatMap(([, api]) => Object.keys(api.scopes)).sort());
    assert.equal(DATA_SCOPE_LABELS.cnous_statut_boursier, 'Statut étudiant boursier');
    assert.equal(
      DATA_SCOPE_LABELS.cnaf_quotient_familial,
      'Quotient familial CAF & MSA et composition familiale',
    );
    assert.equal(isDataScope('cnaf_enfants'), true);
    assert.equal(isDataScope('given_name'), false);
  });

  it('can be imported without zod (`@franceconnect-kit/protocol/catalogue`), for the elements', () => {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('@franceconnect-kit/protocol/package.json'));
    const seen = new Set<string>();
    const imports: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const [, specifier = ''] of source.matchAll(/(?:import|export)[^'"]*from\s*['"]([^'"]+)['"]/g)) {
        if (specifier.startsWith('.')) visit(join(dirname(file), specifier));
        else imports.push(specifier);
      }
    };
    visit(join(root, 'dist/catalogue/index.js'));
    assert.ok(seen.size >= 3, 'the catalogue’s modules were followed');
    assert.deepEqual(imports, [], 'no package imported');
  });
});
