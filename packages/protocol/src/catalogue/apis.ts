import { boolean, choice, date, integer, list, number, object, text, type Fields } from './field.js';

/*
 * The catalogue of « API FranceConnectées »: the APIs of API Particulier a service calls with the
 * FranceConnect access token (its `/france_connect` endpoints), one entry per API. A service chooses
 * APIs by name; the BFF derives the FranceConnect scopes to ask for and the endpoints to call, checks
 * what comes back against `fields`, and the elements show the labels. Adding an API is adding an entry.
 *
 * Sources:
 * - endpoints, `data` shapes, field titles: API Particulier v3's OpenAPI
 *   (etalab/admin_api_entreprise `config/api-particulier-openapi-v3.yml` @63bcc288);
 * - which scope opens which field: API Particulier's v3 serializers (`scope?(:…)`);
 * - scope names and their labels on FranceConnect's consent screen, administrations:
 *   france-connect/sources `back/libs/scopes/src/data/<provider>/*` and
 *   `back/libs/scopes/src/i18n/fr-FR.i18n.ts` (fc-392RC1).
 */

/** One API FranceConnectée. */
export interface DataApi {
  /** Its French name, as a person reads it (« Statut étudiant boursier »). */
  readonly label: string;
  /** The administration that holds the data, as FranceConnect names it on its consent screen. */
  readonly administration: string;
  /** Its path at API Particulier, FranceConnect mode (called with `?recipient=<SIRET>`). */
  readonly endpoint: string;
  /** The FranceConnect scopes it serves, each with FranceConnect's own French label. */
  readonly scopes: Readonly<Record<string, string>>;
  /** What its `data` holds; which scope opens which field. */
  readonly fields: Fields;
  /**
   * How API Particulier names the data provider in its errors: `meta.provider`, and the first two digits
   * of its provider error codes (`26003`: CNOUS, not found).
   */
  readonly source: { readonly name: string; readonly code: string };
}

// FranceConnect's names of the data providers (`<provider>.provider.ts`).
const CNAF_MSA = 'Caisse nationale des allocations familiales & Mutualité sociale agricole';
const SECURITE_SOCIALE = 'Sécurité sociale';
const CNOUS = 'Centre national des œuvres universitaires et scolaires';
const MESRI = 'Ministère de l’Enseignement supérieur, de la Recherche et de l’Innovation';
const DSNJ = 'Direction du Service National et de la Jeunesse';
const ASC = 'Agence du service civique';

/** An allocataire, a spouse or a child, as the CAF and the MSA describe them. */
const person = object('Personne', {
  nom_naissance: text('Nom de naissance'),
  nom_usage: text('Nom d’usage', { nullable: true }),
  prenoms: text('Prénoms'),
  date_naissance: date('Date de naissance'),
  sexe: choice('Sexe', { F: 'Féminin', M: 'Masculin' }),
});

/** A right paid by the CAF or the MSA: whether the person receives it, and since when. */
const benefit = (label: string, scope: string) =>
  ({
    est_beneficiaire: boolean(`Bénéficiaire de ${label}`, { scope }),
    date_debut_droit: date(`Date d’ouverture du droit à ${label}`, { nullable: true, scope }),
  }) as const;

/** A contract of service civique, current or past. */
const serviceCivique = (label: string, scope: string) =>
  object(
    label,
    {
      contrat_trouve: boolean('Contrat trouvé'),
      organisme_accueil: object(
        'Organisme d’accueil',
        {
          siret: text('SIRET de l’organisme d’accueil', { nullable: true }),
          raison_sociale: text('Raison sociale de l’organisme d’accueil', { nullable: true }),
        },
        { scope: 'gip_mds_service_civique_organisme_accueil' },
      ),
      date_debut_contrat: date('Date de début du contrat', {
        nullable: true,
        scope: 'gip_mds_service_civique_dates',
      }),
      date_fin_contrat: date('Date de fin du contrat', {
        nullable: true,
        scope: 'gip_mds_service_civique_dates',
      }),
    },
    { scope },
  );

/** Every API FranceConnectée of the kit, by name. */
export const DATA_APIS = {
  quotient_familial: {
    label: 'Quotient familial CAF & MSA',
    administration: CNAF_MSA,
    endpoint: '/v3/dss/quotient_familial/france_connect',
    scopes: {
      cnaf_quotient_familial: 'Quotient familial CAF & MSA et composition familiale',
      cnaf_allocataires: 'Identités allocataire et conjoint',
      cnaf_enfants: 'Identités enfants',
      cnaf_adresse: 'Adresse du foyer',
    },
    fields: {
      quotient_familial: object(
        'Quotient familial',
        {
          fournisseur: choice('Organisme', {
            CNAF: 'Caisse d’allocations familiales (CAF)',
            MSA: 'Mutualité sociale agricole (MSA)',
          }),
          valeur: integer('Quotient familial'),
          annee: integer('Année du quotient familial'),
          mois: integer('Mois du quotient familial'),
          annee_calcul: integer('Année du calcul'),
          mois_calcul: integer('Mois du calcul'),
        },
        { scope: 'cnaf_quotient_familial' },
      ),
      allocataires: list('Allocataire et conjoint', person, { scope: 'cnaf_allocataires' }),
      enfants: list('Enfants', person, { scope: 'cnaf_enfants' }),
      adresse: object(
        'Adresse de la famille',
        {
          destinataire: text('Destinataire'),
          complement_information: text('Complément d’adresse (destinataire)', { nullable: true }),
          complement_information_geographique: text('Complément d’adresse (lieu)', { nullable: true }),
          numero_libelle_voie: text('Voie', { nullable: true }),
          lieu_dit: text('Lieu-dit', { nullable: true }),
          code_postal_ville: text('Code postal et localité'),
          pays: text('Pays'),
        },
        { scope: 'cnaf_adresse' },
      ),
    },
    source: { name: 'CNAF & MSA', code: '35' },
  },

  statut_etudiant: {
    label: 'Statut étudiant',
    administration: MESRI,
    endpoint: '/v3/mesri/statut_etudiant/france_connect',
    // `mesri_admission_etablissement_etude` is FranceConnect's name (mesri.claims.ts); API Particulier's
    // serializer reads `…_etudes`. The service asks FranceConnect, so FranceConnect's name is used.
    scopes: {
      mesri_admissions: 'Liste des admissions de l’étudiant',
      mesri_admission_inscrit:
        'Pour chacune des admissions retournées, indique si le statut de l’étudiant est passé à inscrit',
      mesri_admission_regime_formation: 'Régime de formation',
      mesri_admission_commune_etudes: 'Code COG Insee de la commune de l’établissement',
      mesri_admission_etablissement_etude: 'Appellation et code UAI de l’établissement',
    },
    fields: {
      admissions: list(
        'Admissions dans un établissement',
        object('Admission', {
          date_debut: date('Début de la période d’études'),
          date_fin: date('Fin de la période d’études'),
          est_inscrit: boolean('Inscrit', { scope: 'mesri_admission_inscrit' }),
          regime_formation: object(
            'Régime de formation',
            {
              // The values are the API's own, straight apostrophes included.
              libelle: choice('Régime de formation', {
                'formation initiale': 'Formation initiale',
                'formation initiale hors apprentissage': 'Formation initiale hors apprentissage',
                "reprise d'études non financée sans convention":
                  'Reprise d’études non financée sans convention',
                "contrat d'apprentissage": 'Contrat d’apprentissage',
                'formation continue': 'Formation continue',
                'formation continue hors contrat professionnel':
                  'Formation continue hors contrat professionnel',
                'contrat de professionnalisation': 'Contrat de professionnalisation',
              }),
              code: choice('Code du régime', {
                RF1: 'RF1',
                RF2: 'RF2',
                RF3: 'RF3',
                RF4: 'RF4',
                RF5: 'RF5',
                RF6: 'RF6',
                RF7: 'RF7',
              }),
            },
            { scope: 'mesri_admission_regime_formation' },
          ),
          code_cog_insee_commune: text('Code INSEE de la commune de l’établissement', {
            scope: 'mesri_admission_commune_etudes',
          }),
          etablissement_etudes: object(
            'Établissement d’études',
            {
              uai: text('Code UAI', { pattern: '^\\d{7}\\w$' }),
              nom: text('Nom de l’établissement'),
            },
            { scope: 'mesri_admission_etablissement_etude' },
          ),
        }),
        { scope: 'mesri_admissions' },
      ),
    },
    source: { name: 'MESRI', code: '25' },
  },

  statut_etudiant_boursier: {
    label: 'Statut étudiant boursier',
    administration: CNOUS,
    // v3; API Particulier also has a v4 (`statut_boursier` replaces `est_boursier`).
    endpoint: '/v3/cnous/etudiant_boursier/france_connect',
    scopes: {
      cnous_statut_boursier: 'Statut étudiant boursier',
      cnous_echelon_bourse: 'Échelon de la bourse',
      cnous_email: 'E-mail',
      cnous_periode_versement: 'Période de versement',
      cnous_ville_etudes: 'Ville d’études et établissement',
    },
    fields: {
      est_boursier: boolean('Boursier', { scope: 'cnous_statut_boursier' }),
      echelon_bourse: object(
        'Échelon de la bourse',
        {
          echelon: choice('Échelon de la bourse', {
            '0bis': 'Échelon 0 bis',
            '1': 'Échelon 1',
            '2': 'Échelon 2',
            '3': 'Échelon 3',
            '4': 'Échelon 4',
            '5': 'Échelon 5',
            '6': 'Échelon 6',
            '7': 'Échelon 7',
          }),
          echelon_bourse_regionale_provisoire: boolean('Échelon provisoire (bourse régionale)'),
        },
        { scope: 'cnous_echelon_bourse' },
      ),
      email: text('Adresse électronique', { scope: 'cnous_email' }),
      periode_versement_bourse: object(
        'Période de versement de la bourse',
        {
          date_rentree: date('Date de rentrée'),
          duree: number('Durée de versement (en mois)'),
        },
        { scope: 'cnous_periode_versement' },
      ),
      etablissement_etudes: object(
        'Établissement d’études',
        {
          nom_commune: text('Commune d’études'),
          nom_etablissement: text('Établissement d’études'),
        },
        { scope: 'cnous_ville_etudes' },
      ),
    },
    source: { name: 'CNOUS', code: '26' },
  },

  complementaire_sante_solidaire: {
    label: 'Complémentaire santé solidaire (C2S)',
    administration: SECURITE_SOCIALE,
    endpoint: '/v3/dss/complementaire_sante_solidaire/france_connect',
    scopes: { complementaire_sante_solidaire: 'Statut bénéficiaire C2S' },
    fields: {
      est_beneficiaire: boolean('Bénéficiaire de la complémentaire santé solidaire'),
      avec_participation: boolean('Avec participation financière', { nullable: true }),
      date_debut_droit: date('Date d’ouverture du droit en cours', { nullable: true }),
    },
    source: { name: 'RNCPS', code: '40' },
  },

  allocation_adulte_handicape: {
    label: 'Allocation adulte handicapé (AAH)',
    administration: CNAF_MSA,
    endpoint: '/v3/dss/allocation_adulte_handicape/france_connect',
    scopes: { allocation_adulte_handicape: 'Statut bénéficiaire AAH' },
    fields: benefit('l’AAH', 'allocation_adulte_handicape'),
    source: { name: 'CNAF & MSA', code: '35' },
  },

  allocation_soutien_familial: {
    label: 'Allocation de soutien familial (ASF)',
    administration: CNAF_MSA,
    endpoint: '/v3/dss/allocation_soutien_familial/france_connect',
    scopes: { allocation_soutien_familial: 'Statut bénéficiaire ASF' },
    fields: benefit('l’ASF', 'allocation_soutien_familial'),
    source: { name: 'CNAF & MSA', code: '35' },
  },

  prime_activite: {
    label: 'Prime d’activité',
    administration: CNAF_MSA,
    endpoint: '/v3/dss/prime_activite/france_connect',
    scopes: {
      prime_activite: 'Statut bénéficiaire prime d’activité',
      prime_activite_majoration: 'Statut bénéficiaire majoration',
    },
    fields: {
      ...benefit('la prime d’activité', 'prime_activite'),
      avec_majoration: boolean('Prime d’activité avec majoration', {
        nullable: true,
        scope: 'prime_activite_majoration',
      }),
    },
    source: { name: 'CNAF & MSA', code: '35' },
  },

  revenu_solidarite_active: {
    label: 'Revenu de solidarité active (RSA)',
    administration: CNAF_MSA,
    endpoint: '/v3/dss/revenu_solidarite_active/france_connect',
    scopes: {
      revenu_solidarite_active: 'Statut bénéficiaire RSA',
      revenu_solidarite_active_majoration: 'Statut bénéficiaire majoration',
    },
    fields: {
      ...benefit('RSA', 'revenu_solidarite_active'),
      avec_majoration: boolean('RSA avec majoration', {
        nullable: true,
        scope: 'revenu_solidarite_active_majoration',
      }),
    },
    source: { name: 'CNAF & MSA', code: '35' },
  },

  service_civique: {
    label: 'Statut service civique',
    administration: ASC,
    endpoint: '/v3/gip_mds/service_civique/france_connect',
    scopes: {
      gip_mds_service_civique_statut_actuel: 'Statut actuel service civique',
      gip_mds_service_civique_statut_passe: 'Statut passé service civique',
      gip_mds_service_civique_organisme_accueil: 'Organisme d’accueil',
      gip_mds_service_civique_dates: 'Dates de contrat',
    },
    fields: {
      statut_actuel: serviceCivique('Contrat en cours', 'gip_mds_service_civique_statut_actuel'),
      statut_passe: serviceCivique('Contrat passé', 'gip_mds_service_civique_statut_passe'),
    },
    source: { name: 'GIP-MDS', code: '31' },
  },

  service_national: {
    label: 'Statut service national',
    administration: DSNJ,
    endpoint: '/v3/dsnj/service_national/france_connect',
    scopes: { dsnj_statut_service_national: 'Statut Service National' },
    fields: {
      statut_service_national: choice('Situation au regard du service national', {
        en_regle: 'En règle',
        pas_en_regle: 'Pas en règle',
        indetermine: 'Indéterminée',
        non_concerne: 'Non concerné',
      }),
      commentaires: text('Commentaires de la DSNJ', { nullable: true }),
    },
    source: { name: 'DSNJ', code: '39' },
  },
} as const satisfies Record<string, DataApi>;
