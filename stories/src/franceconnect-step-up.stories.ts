import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { StepUpStatus, ThemeSetting } from '@franceconnect-kit/button';
import '@franceconnect-kit/button/franceconnect-step-up.js';
import { html } from 'lit';

// The element reads `GET /api/step-up` in a real page; here what the BFF says is given through its
// `status` property, so nothing is fetched.

interface StepUpArgs {
  theme: ThemeSetting;
}

const secondFactor: StepUpStatus = {
  requirement: 'second-factor',
  satisfied: false,
  message: '',
  methods: [
    { method: 'franceconnect-plus', href: '/auth/plus/reauthenticate?returnTo=%2Fcoordonnees-bancaires' },
    { method: 'passkey' },
  ],
  returnTo: '/coordonnees-bancaires',
};

const recent: StepUpStatus = {
  requirement: 'recent-authentication',
  satisfied: false,
  message: '',
  methods: [
    { method: 'franceconnect', href: '/auth/reauthenticate?returnTo=%2Fprofil' },
    { method: 'password' },
  ],
  returnTo: '/profil',
};

const meta: Meta<StepUpArgs> = {
  title: 'Elements/franceconnect-step-up',
  component: 'franceconnect-step-up',
  args: { theme: 'auto' },
  argTypes: { theme: { type: 'string', control: 'inline-radio', options: ['auto', 'light', 'dark'] } },
  render: (args) =>
    html`<franceconnect-step-up
      requirement="second-factor"
      theme=${args.theme}
      .status=${secondFactor}
    ></franceconnect-step-up>`,
};
export default meta;

type Story = StoryObj<StepUpArgs>;

/**
 * A second factor before changing bank details (qualification #22): FranceConnect+ with its sentence,
 * or a passkey the person registered. Never a code by email.
 */
export const SecondFactor: Story = {};

/** A recent authentication before unlinking FranceConnect or deleting the account: FranceConnect again, or the password. */
export const RecentAuthentication: Story = {
  render: (args) =>
    html`<franceconnect-step-up
      requirement="recent-authentication"
      theme=${args.theme}
      .status=${recent}
    ></franceconnect-step-up>`,
};

/** No second factor yet (a local account without a passkey): the person is told where to add one. */
export const NothingAvailable: Story = {
  render: (args) =>
    html`<franceconnect-step-up
      requirement="second-factor"
      theme=${args.theme}
      .status=${{ ...secondFactor, methods: [] }}
    ></franceconnect-step-up>`,
};

/** In English, from the `lang` of the page or of the element. */
export const English: Story = {
  render: (args) =>
    html`<franceconnect-step-up
      lang="en"
      requirement="second-factor"
      theme=${args.theme}
      .status=${secondFactor}
    ></franceconnect-step-up>`,
};
