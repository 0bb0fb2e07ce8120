import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '@franceconnect-kit/button/franceconnect-button.js';
import '@franceconnect-kit/button/franceconnect-prefill.js';
import { html } from 'lit';

// The element reads `GET /api/data` in a real page; here `src` is a `data:` URL holding what the BFF
// would answer after « Récupérer ses données avec FranceConnect », so nothing goes to a server.

const answer = (body: object) => `data:application/json,${encodeURIComponent(JSON.stringify(body))}`;

// The BFF's `DataResponse` after a retrieval from the local data provider.
const provider = 'http://127.0.0.1:3002';
const retrieved = answer({
  data: { quotient_familial: { fournisseur: 'CNAF', valeur: 812, annee: 2026, mois: 10 } },
  sources: [
    {
      provider,
      endpoint: '/v3/dss/quotient_familial/france_connect',
      scopes: ['cnaf_quotient_familial'],
      retrievedAt: '2026-11-21T09:30:00.000Z',
    },
  ],
  retrievedAt: '2026-11-21T09:30:00.000Z',
  failure: null,
});

function canteenForm(src: string, typed = '') {
  return html`<franceconnect-prefill src=${src} scopes="cnaf_quotient_familial">
    <form class="local-form" @submit=${(event: Event) => event.preventDefault()}>
      <h3>Tarif de la cantine scolaire</h3>
      <p>
        FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos
        services en ligne.
      </p>
      <franceconnect-button variant="data" href="#recuperer"></franceconnect-button>
      <label
        >Quotient familial de la CAF
        <input name="quotient" inputmode="numeric" data-prefill="quotient_familial.valeur" .value=${typed}
      /></label>
      <button type="submit">Calculer le tarif</button>
    </form>
  </franceconnect-prefill>`;
}

const meta: Meta = {
  title: 'Elements/franceconnect-prefill',
  component: 'franceconnect-prefill',
  render: () => canteenForm(retrieved),
};
export default meta;

type Story = StoryObj;

/** Back from FranceConnect (qualification #8d): the family quotient is filled in and announced. */
export const Filled: Story = {};

/** The person had typed another value: nothing is overwritten, they choose. */
export const TypedValueKept: Story = { render: () => canteenForm(retrieved, '650') };

/** The data provider failed: its message is shown next to the button, the form is untouched. */
export const ProviderFailure: Story = {
  render: () =>
    canteenForm(
      answer({
        data: {},
        sources: [],
        retrievedAt: null,
        failure: {
          code: 'not_found',
          message:
            'Aucun dossier à votre nom n’a été trouvé chez le fournisseur de données. Remplissez le formulaire vous-même.',
          provider,
          scopes: ['cnaf_quotient_familial'],
          at: '2026-11-21T09:30:00.000Z',
        },
      }),
      '',
    ),
};

/** Two APIs at once: the student status filled, the scholarship's failure named by its label. */
export const TwoApisOneFailed: Story = {
  render: () =>
    html`<franceconnect-prefill
      src=${answer({
        apis: {
          statut_etudiant: {
            label: 'Statut étudiant',
            status: 'retrieved',
            data: {
              admissions: [{ est_inscrit: true, etablissement_etudes: { nom: 'UNIVERSITE DE RENNES' } }],
            },
            failure: null,
          },
          statut_etudiant_boursier: {
            label: 'Statut étudiant boursier',
            status: 'failed',
            data: null,
            failure: {
              code: 'not_found',
              message:
                'Aucun dossier à votre nom n’a été trouvé chez le fournisseur de données. Remplissez le formulaire vous-même.',
            },
          },
        },
        data: {},
        failure: null,
      })}
      apis="statut_etudiant statut_etudiant_boursier"
    >
      <form class="local-form" @submit=${(event: Event) => event.preventDefault()}>
        <h3>Pass culture et sport : tarif étudiant</h3>
        <franceconnect-button variant="data" href="#recuperer"></franceconnect-button>
        <label
          >Établissement d’études
          <input name="etablissement" data-prefill="statut_etudiant.admissions.0.etablissement_etudes.nom"
        /></label>
        <fieldset>
          <legend>Inscrit pour l’année universitaire</legend>
          <label
            ><input
              type="radio"
              name="inscrit"
              value="true"
              data-prefill="statut_etudiant.admissions.0.est_inscrit"
            />
            Oui</label
          >
          <label
            ><input
              type="radio"
              name="inscrit"
              value="false"
              data-prefill="statut_etudiant.admissions.0.est_inscrit"
            />
            Non</label
          >
        </fieldset>
        <label
          ><input type="checkbox" name="boursier" data-prefill="statut_etudiant_boursier.est_boursier" />
          Boursier ou boursière</label
        >
        <button type="submit">Calculer le tarif</button>
      </form>
    </franceconnect-prefill>`,
};
