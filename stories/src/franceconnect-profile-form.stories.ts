import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { ThemeSetting } from '@franceconnect-kit/button';
import '@franceconnect-kit/button/franceconnect-profile-form.js';
import { html } from 'lit';

// The element reads `GET /api/profile` (or `/api/signup`) in a real page; here the data is given through
// its `data` property, so nothing is fetched.

interface ProfileArgs {
  mode: 'profile' | 'signup';
  theme: ThemeSetting;
}

const profile = {
  locked: {
    given_name: 'Angela Claire Louise',
    family_name: 'DUBOIS',
    birthdate: '1962-08-24',
    gender: 'female',
    birthplace: '75107',
    birthcountry: '99100',
  },
  editable: { preferred_username: 'MARTIN', email: 'angela.dubois@example.fr' },
};

const meta: Meta<ProfileArgs> = {
  title: 'Elements/franceconnect-profile-form',
  component: 'franceconnect-profile-form',
  args: { mode: 'profile', theme: 'auto' },
  argTypes: {
    mode: { type: 'string', control: 'inline-radio', options: ['profile', 'signup'] },
    theme: { type: 'string', control: 'inline-radio', options: ['auto', 'light', 'dark'] },
  },
  render: (args) =>
    html`<franceconnect-profile-form
      mode=${args.mode}
      theme=${args.theme}
      csrf-token="story-csrf-token"
      .data=${profile}
      .placeNames=${{ '75107': 'Paris 7e Arrondissement' }}
    ></franceconnect-profile-form>`,
};
export default meta;

type Story = StoryObj<ProfileArgs>;

/**
 * « Mon profil » (qualification #15, #16): the pivot identity FranceConnect certified, read-only and
 * explained, then the nom d’usage and the email, editable.
 */
export const Profile: Story = {};

/** The sign-up confirmation after a first FranceConnect sign-in (#10): the same locked identity. */
export const SignUp: Story = { args: { mode: 'signup' } };

/** Born abroad: no birthplace, the birth country by its name (here Algeria, INSEE 99352). */
export const BornAbroad: Story = {
  render: (args) =>
    html`<franceconnect-profile-form
      mode=${args.mode}
      theme=${args.theme}
      csrf-token="story-csrf-token"
      .data=${{
        locked: { ...profile.locked, birthplace: '', birthcountry: '99352', gender: 'male' },
        editable: { preferred_username: '', email: 'vincent.martin@example.fr' },
      }}
    ></franceconnect-profile-form>`,
};

/** In English, from the `lang` of the page or of the element. */
export const English: Story = {
  render: (args) =>
    html`<franceconnect-profile-form
      lang="en"
      mode=${args.mode}
      theme=${args.theme}
      csrf-token="story-csrf-token"
      .data=${profile}
    ></franceconnect-profile-form>`,
};

/** What `PATCH /api/profile` answers when it refuses the fields (HTTP 400), as the BFF sends it. */
const refused = {
  error: 'invalid_request',
  message:
    'preferred_username : Le nom d’usage ne peut contenir que des lettres, des espaces, des tirets et des apostrophes. email : Saisissez une adresse électronique valide, par exemple nom@domaine.fr.',
  fields: {
    preferred_username:
      'Le nom d’usage ne peut contenir que des lettres, des espaces, des tirets et des apostrophes.',
    email: 'Saisissez une adresse électronique valide, par exemple nom@domaine.fr.',
  },
};

/**
 * The BFF refused the save (#16: the editable fields are validated): each message under its field,
 * which is marked invalid and described by it. The element shows them itself after a refused save;
 * here they are given through its `errors` property (the 400 answer's `fields`).
 */
export const Errors: Story = {
  render: (args) =>
    html`<franceconnect-profile-form
      mode=${args.mode}
      theme=${args.theme}
      csrf-token="story-csrf-token"
      .data=${{
        ...profile,
        editable: { preferred_username: 'MARTIN 2', email: 'angela.dubois@example' },
      }}
      .errors=${refused.fields}
      .placeNames=${{ '75107': 'Paris 7e Arrondissement' }}
    ></franceconnect-profile-form>`,
};
