import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { ButtonVariant, ThemeSetting } from '@franceconnect-kit/button';
import '@franceconnect-kit/button/franceconnect-button.js';
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { inForcedColours, PALETTES } from './support/forced-colours.js';
import { inState, STATES, type StaticState } from './support/static-state.js';

interface ButtonArgs {
  variant: ButtonVariant;
  theme: ThemeSetting;
  disabled: boolean;
  lang: 'fr' | 'en' | undefined;
  href: string | undefined;
  '--franceconnect-scale': number;
}

const VARIANTS: readonly ButtonVariant[] = ['login', 'plus', 'data'];
const LABELS: Record<ButtonVariant, string> = {
  login: '« S’identifier avec FranceConnect »',
  plus: '« S’identifier avec FranceConnect+ »',
  data: '« Récupérer ses données avec FranceConnect »',
};

/** The inline style for a scale other than the default 1. */
const scaled = (scale: number): string | undefined =>
  scale === 1 ? undefined : `--franceconnect-scale: ${scale}`;

const meta: Meta<ButtonArgs> = {
  title: 'Elements/franceconnect-button',
  component: 'franceconnect-button',
  args: { variant: 'login', theme: 'auto', disabled: false, '--franceconnect-scale': 1 },
  argTypes: {
    variant: { type: 'string', control: 'inline-radio', options: VARIANTS },
    theme: { type: 'string', control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    lang: { type: 'string', control: 'inline-radio', options: ['fr', 'en'] },
    href: { type: 'string', control: 'text' },
    '--franceconnect-scale': { control: { type: 'range', min: 1, max: 3, step: 0.25 } },
  },
  render: (args) =>
    html`<franceconnect-button
      variant=${args.variant}
      theme=${args.theme}
      ?disabled=${args.disabled}
      lang=${ifDefined(args.lang)}
      href=${ifDefined(args.href)}
      style=${ifDefined(scaled(args['--franceconnect-scale']))}
    ></franceconnect-button>`,
};
export default meta;

type Story = StoryObj<ButtonArgs>;

/** One live button: change its attributes in the Controls panel, hover it, press it, tab to it. */
export const Playground: Story = {};

const STATE_NAMES: Record<StaticState | 'idle' | 'disabled', string> = {
  idle: 'Idle',
  hover: 'Hover',
  active: 'Active (pressed)',
  'focus-visible': 'Focus (keyboard)',
  disabled: 'Disabled',
};

/** One cell per state; `data-*` name the cell for the Storybook test. */
function stateCell(variant: ButtonVariant, theme: 'light' | 'dark', state: keyof typeof STATE_NAMES) {
  const button =
    state === 'idle' || state === 'disabled'
      ? html`<franceconnect-button
          variant=${variant}
          theme=${theme}
          ?disabled=${state === 'disabled'}
        ></franceconnect-button>`
      : html`<franceconnect-button
          variant=${variant}
          theme=${theme}
          ${inState(state)}
        ></franceconnect-button>`;
  return html`<td class="on-${theme}" data-variant=${variant} data-theme=${theme} data-state=${state}>
    ${button}
  </td>`;
}

function states(variant: ButtonVariant): TemplateResult {
  const rows = ['idle', ...STATES, 'disabled'] as const;
  const themes = ['light', 'dark'] as const;
  return html`<table class="matrix">
    <caption>
      ${LABELS[variant]}: every state in both themes
    </caption>
    <thead>
      <tr>
        <th scope="col">State</th>
        ${themes.map((theme) => html`<th scope="col">${theme === 'light' ? 'Light theme' : 'Dark theme'}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (state) =>
          html`<tr>
            <th scope="row">${STATE_NAMES[state]}</th>
            ${themes.map((theme) => stateCell(variant, theme, state))}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

const statesStory = (variant: ButtonVariant): Story => ({
  render: () => states(variant),
  parameters: { controls: { disable: true } },
});

/**
 * Every state side by side, in both themes: hover, active and keyboard focus are drawn statically (the
 * element's own rules for `:hover`, `:active` and `:focus-visible`, applied by a class), so they can be
 * compared at a glance. The Storybook test checks they match the real button really hovered, pressed and
 * focused.
 */
export const LoginStates: Story = statesStory('login');

/** FranceConnect+ (eIDAS substantial or high), 245 × 56, in every state. */
export const PlusStates: Story = statesStory('plus');

/** « Récupérer ses données avec FranceConnect » (an API FranceConnectée), in every state. */
export const DataStates: Story = statesStory('data');

/** French (the default) and English. The brand is never translated. */
export const Languages: Story = {
  render: () =>
    html`<table class="matrix">
      <caption>
        French and English labels
      </caption>
      <thead>
        <tr>
          <th scope="col">Variant</th>
          <th scope="col">lang="fr"</th>
          <th scope="col">lang="en"</th>
        </tr>
      </thead>
      <tbody>
        ${VARIANTS.map(
          (variant) =>
            html`<tr>
              <th scope="row">${variant}</th>
              <td><franceconnect-button variant=${variant} lang="fr"></franceconnect-button></td>
              <td><franceconnect-button variant=${variant} lang="en"></franceconnect-button></td>
            </tr>`,
        )}
      </tbody>
    </table>`,
  parameters: { controls: { disable: true } },
};

const SCALES = [1, 1.25, 1.5, 2] as const;

/**
 * Larger only homothetically (qualification #1), with the one control `--franceconnect-scale`: the box keeps
 * its 209:56 ratio and the help link grows with it. Values below 1 count as 1.
 */
export const Scaled: Story = {
  render: () =>
    html`<div class="gallery">
      ${SCALES.map(
        (scale) =>
          html`<figure>
            <figcaption>
              <code>--franceconnect-scale: ${scale}</code> → ${209 * scale} × ${56 * scale}
            </figcaption>
            <franceconnect-button style="--franceconnect-scale: ${scale}"></franceconnect-button>
          </figure>`,
      )}
    </div>`,
  parameters: { controls: { disable: true } },
};

/**
 * Forced colours (Windows contrast themes): the system palette replaces the official colours, a 1 px border
 * keeps the button's outline and the help link stays underlined. Drawn here with a simulation of both High
 * Contrast themes; the Storybook test checks it against Chromium's real forced-colours emulation. The
 * "Forced colours" toolbar applies the same simulation to any story.
 */
export const ForcedColours: Story = {
  render: () =>
    html`<div class="gallery">
      ${Object.entries(PALETTES).map(
        ([name, palette]) =>
          html`<section
            class="panel"
            data-palette=${name}
            data-color-scheme=${palette.colorScheme}
            style="background: ${palette.canvas}; color: ${palette.canvasText}"
          >
            <h2>${palette.label}</h2>
            <div class="gallery">
              ${VARIANTS.map(
                (variant) =>
                  html`<franceconnect-button
                    variant=${variant}
                    ${inForcedColours(palette)}
                  ></franceconnect-button>`,
              )}
              <franceconnect-button disabled ${inForcedColours(palette)}></franceconnect-button>
            </div>
          </section>`,
      )}
    </div>`,
  parameters: { controls: { disable: true } },
};

/**
 * A button that submits the page's own form (a POST with a CSRF field, as Rails/OmniAuth wants): without
 * JavaScript the form shows as it is; once defined, the button submits it with `requestSubmit()`. Here the
 * submission is logged in the Actions panel.
 */
export const WithAFormFallback: Story = {
  render: () =>
    html`<franceconnect-button>
      <form method="post" action="/auth/franceconnect">
        <input type="hidden" name="authenticity_token" value="story" />
        <button type="submit">S’identifier avec FranceConnect</button>
      </form>
    </franceconnect-button>`,
  parameters: { controls: { disable: true } },
};
