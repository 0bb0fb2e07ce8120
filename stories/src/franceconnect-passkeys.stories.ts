import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { PasskeyView, ThemeSetting } from '@franceconnect-kit/button';
import '@franceconnect-kit/button/franceconnect-passkeys.js';
import { html } from 'lit';

// The element reads `GET /api/passkeys` in a real page; here the list is given through its `passkeys`
// property, so nothing is fetched (adding one needs the BFF and an authenticator).

interface PasskeysArgs {
  theme: ThemeSetting;
}

const two: PasskeyView[] = [
  {
    id: 'cle-telephone',
    name: 'Mon téléphone',
    createdAt: '2026-09-14T08:30:00.000Z',
    lastUsedAt: '2026-11-28T17:02:00.000Z',
    synced: true,
  },
  {
    id: 'cle-securite',
    name: 'Clé de sécurité du bureau',
    createdAt: '2026-10-02T12:00:00.000Z',
    lastUsedAt: null,
    synced: false,
  },
];

const meta: Meta<PasskeysArgs> = {
  title: 'Elements/franceconnect-passkeys',
  component: 'franceconnect-passkeys',
  args: { theme: 'auto' },
  argTypes: { theme: { type: 'string', control: 'inline-radio', options: ['auto', 'light', 'dark'] } },
  render: (args) =>
    html`<franceconnect-passkeys theme=${args.theme} .passkeys=${two}></franceconnect-passkeys>`,
};
export default meta;

type Story = StoryObj<PasskeysArgs>;

/** Two passkeys on the profile (qualification #22): when each was added and last used, rename, remove. */
export const TwoPasskeys: Story = {};

/** None yet: the form to add one. */
export const None: Story = {
  render: (args) =>
    html`<franceconnect-passkeys theme=${args.theme} .passkeys=${[]}></franceconnect-passkeys>`,
};

/** In English, from the `lang` of the page or of the element. */
export const English: Story = {
  render: (args) =>
    html`<franceconnect-passkeys lang="en" theme=${args.theme} .passkeys=${two}></franceconnect-passkeys>`,
};
