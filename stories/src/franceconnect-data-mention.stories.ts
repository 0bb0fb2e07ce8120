import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '@franceconnect-kit/button/franceconnect-button.js';
import '@franceconnect-kit/button/franceconnect-data-mention.js';
import { html } from 'lit';

// The mention the qualification deck announces under the data button: which data, from which
// administration, with the catalogue's labels. On a page it reads the APIs from the button's link
// (`/auth/data?apis=…`); here the links stay on the story, so the APIs are given as its attribute.

const SENTENCE =
  'FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services en ligne.';

interface MentionArgs {
  apis: string;
}

const meta: Meta<MentionArgs> = {
  title: 'Elements/franceconnect-data-mention',
  component: 'franceconnect-data-mention',
  args: { apis: 'statut_etudiant statut_etudiant_boursier' },
  argTypes: { apis: { type: 'string', control: 'text' } },
  render: ({ apis }) =>
    html`<p>${SENTENCE}</p>
      <franceconnect-button variant="data" href="#recuperer"></franceconnect-button>
      <franceconnect-data-mention apis=${apis}></franceconnect-data-mention>`,
};
export default meta;

type Story = StoryObj<MentionArgs>;

/** Two APIs at once, « Statut étudiant » and « Statut étudiant boursier », under the data button. */
export const TwoApis: Story = {};

/** One API: the family quotient, from the CAF or the MSA. */
export const OneApi: Story = { args: { apis: 'quotient_familial' } };

/** Under the sign-in button: the data comes with the sign-in itself (`/auth/login?apis=`). */
export const WithTheSignIn: Story = {
  render: () =>
    html`<p>${SENTENCE}</p>
      <franceconnect-button href="#connexion"></franceconnect-button>
      <franceconnect-data-mention
        apis="quotient_familial complementaire_sante_solidaire"
      ></franceconnect-data-mention>`,
};
