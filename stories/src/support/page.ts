// The page around every story, driven by the toolbar: the DSFR theme of the page (`data-fr-theme` on
// <html>, which elements with `theme="auto"` follow), the language of the story, and the forced-colours
// simulation. Clicks on FranceConnect and form submissions are logged in the Actions panel instead of
// leaving Storybook.
import type { Decorator } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { action } from 'storybook/actions';
import { PALETTES, simulateForcedColoursIn, type Palette, type PaletteName } from './forced-colours.js';

const paletteNamed = (name: unknown): Palette | undefined =>
  typeof name === 'string' && Object.hasOwn(PALETTES, name) ? PALETTES[name as PaletteName] : undefined;

const logClick = action('franceconnect-click');
const logSubmit = action('submit');

function onClick(event: Event): void {
  event.preventDefault(); // stay in Storybook: the button would open /auth/login
  logClick((event as CustomEvent).detail);
}

function onSubmit(event: SubmitEvent): void {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  logSubmit({ action: form.getAttribute('action'), fields: [...new FormData(form).keys()] });
}

export const withPage: Decorator = (story, { globals }) => {
  const page = document.documentElement;
  const theme: unknown = globals.theme;
  if (theme === 'light' || theme === 'dark') page.dataset.frTheme = theme;
  else delete page.dataset.frTheme;

  const palette = paletteNamed(globals.forcedColours);
  for (const [name, value] of Object.entries({
    '--forced-canvas': palette?.canvas,
    '--forced-canvas-text': palette?.canvasText,
    '--forced-link-text': palette?.linkText,
  })) {
    if (value === undefined) page.style.removeProperty(name);
    else page.style.setProperty(name, value);
  }
  page.toggleAttribute('data-forced-colours', palette !== undefined);

  return html`<div
    class="story"
    lang=${globals.lang === 'en' ? 'en' : 'fr'}
    @franceconnect-click=${onClick}
    @submit=${onSubmit}
    ${ref((element) => {
      // A ref is set before the content of its element: simulate once the story is rendered inside.
      if (element === undefined) return;
      queueMicrotask(() => {
        simulateForcedColoursIn(element, palette).catch((error: unknown) => console.error(error));
      });
    })}
  >
    ${story()}
  </div>`;
};
