import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import manifest from '@franceconnect-kit/button/custom-elements.json';
import { PALETTES } from '../src/support/forced-colours.js';
import { publicApi } from '../src/support/manifest.js';
import { withPage } from '../src/support/page.js';
import '../src/support/layout.css';
import './preview.css';

// Attributes, properties, slots, events and CSS custom properties of every element, with their JSDoc, for
// the controls and the generated docs pages. `npm run build` writes the manifest (`cem analyze`).
setCustomElementsManifest(publicApi(manifest));

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withPage],
  parameters: {
    // Any accessibility violation fails the story (the Storybook test checks every story the same way).
    a11y: { test: 'error' },
    // The page background follows the theme toolbar instead.
    backgrounds: { disable: true },
    controls: { expanded: true },
    options: {
      storySort: { order: ['Introduction', 'Elements', 'Guidelines'] },
    },
  },
  globalTypes: {
    theme: {
      description:
        'Theme of the page: the DSFR’s data-fr-theme on <html>, followed by elements with theme="auto"',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        dynamicTitle: true,
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
          { value: 'auto', title: 'System (no data-fr-theme)', icon: 'mirror' },
        ],
      },
    },
    lang: {
      description: 'Language of the story (its lang attribute, which the elements inherit)',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        dynamicTitle: true,
        items: [
          { value: 'fr', title: 'Français', right: 'fr' },
          { value: 'en', title: 'English', right: 'en' },
        ],
      },
    },
    forcedColours: {
      description:
        'Simulates forced-colours mode (Windows contrast themes). For the real thing in Chrome: DevTools › Rendering › Emulate CSS media feature forced-colors',
      toolbar: {
        title: 'Forced colours',
        icon: 'accessibility',
        dynamicTitle: true,
        items: [
          { value: 'off', title: 'Forced colours: off' },
          ...Object.entries(PALETTES).map(([value, palette]) => ({
            value,
            title: `Forced colours: ${palette.label} (simulated)`,
          })),
        ],
      },
    },
  },
  initialGlobals: { theme: 'light', lang: 'fr', forcedColours: 'off' },
};

export default preview;
