import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { ButtonVariant, ThemeSetting } from '@franceconnect-kit/button';
import '@franceconnect-kit/button/franceconnect-login.js';
import { html } from 'lit';
import { signInMethods, signUpMethods } from './support/local-forms.js';

interface LoginArgs {
  mode: 'login' | 'signup';
  variant: ButtonVariant;
  theme: ThemeSetting;
}

const meta: Meta<LoginArgs> = {
  title: 'Elements/franceconnect-login',
  component: 'franceconnect-login',
  args: { mode: 'login', variant: 'login', theme: 'auto' },
  argTypes: {
    mode: { type: 'string', control: 'inline-radio', options: ['login', 'signup'] },
    variant: { type: 'string', control: 'inline-radio', options: ['login', 'plus', 'data'] },
    theme: { type: 'string', control: 'inline-radio', options: ['auto', 'light', 'dark'] },
  },
  render: (args) =>
    html`<franceconnect-login mode=${args.mode} variant=${args.variant} theme=${args.theme}>
      ${args.mode === 'signup' ? signUpMethods() : signInMethods()}
    </franceconnect-login>`,
};
export default meta;

type Story = StoryObj<LoginArgs>;

/**
 * The sign-in page (qualification #1, #2, #5, #6): the sentence, FranceConnect first with its help link,
 * « ou », then the site's own methods: « Vous avez déjà un compte ? » and « Première visite ? Créer mon
 * compte ».
 */
export const SignIn: Story = {};

/** The sign-up page carries the same block (qualification #3, #4), with the site's own sign-up form. */
export const SignUp: Story = { args: { mode: 'signup' } };

/** FranceConnect+ (eIDAS substantial or high): its own sentence and help link. */
export const FranceConnectPlus: Story = { args: { variant: 'plus' } };

/** In English, from the `lang` of the page or of the element. */
export const English: Story = {
  render: (args) =>
    html`<franceconnect-login lang="en" mode=${args.mode} variant=${args.variant} theme=${args.theme}>
      ${args.mode === 'signup' ? signUpMethods('en') : signInMethods('en')}
    </franceconnect-login>`,
};

/** The site's own heading in the `heading` slot, here the page's `<h1>`. */
export const OwnHeading: Story = {
  render: (args) =>
    html`<franceconnect-login mode=${args.mode} variant=${args.variant} theme=${args.theme}>
      <h2 slot="heading">Connexion à Mairie de Démoville</h2>
      ${signInMethods()}
    </franceconnect-login>`,
};
