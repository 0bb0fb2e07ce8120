import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { ThemeSetting } from '@franceconnect-kit/button';
import '@franceconnect-kit/button/franceconnect-user.js';
import { html } from 'lit';

// The element reads `GET /api/me` in a real page; here the session is given through its `data`
// property, so nothing is fetched.

interface UserArgs {
  theme: ThemeSetting;
  profileHref: string;
}

const signedIn = {
  identity: { given_name: 'Angela Claire Louise', family_name: 'DUBOIS', preferred_username: '' },
  account: {
    email: 'angela.dubois@example.fr',
    preferred_username: 'MARTIN',
    identity: { given_name: 'Angela Claire Louise', family_name: 'DUBOIS' },
  },
  csrfToken: 'story-csrf-token',
};

const meta: Meta<UserArgs> = {
  title: 'Elements/franceconnect-user',
  component: 'franceconnect-user',
  args: { theme: 'auto', profileHref: '/profil' },
  argTypes: {
    theme: { type: 'string', control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    profileHref: { type: 'string', control: 'text' },
  },
  render: (args) =>
    html`<franceconnect-user
      theme=${args.theme}
      profile-href=${args.profileHref}
      .data=${signedIn}
    ></franceconnect-user>`,
};
export default meta;

type Story = StoryObj<UserArgs>;

/**
 * Signed in (qualification #14): the person's first names and nom d’usage, « Mon profil », and
 * « Se déconnecter », which also ends the FranceConnect session (#9). Signed out, it renders nothing.
 */
export const SignedIn: Story = {};

/** Right after a first FranceConnect sign-in, before the account exists: the certified names. */
export const BeforeSignUp: Story = {
  render: (args) =>
    html`<franceconnect-user
      theme=${args.theme}
      profile-href=${args.profileHref}
      .data=${{ ...signedIn, account: null }}
    ></franceconnect-user>`,
};

/** In English, from the `lang` of the page or of the element. */
export const English: Story = {
  render: (args) =>
    html`<franceconnect-user
      lang="en"
      theme=${args.theme}
      profile-href=${args.profileHref}
      .data=${signedIn}
    ></franceconnect-user>`,
};
