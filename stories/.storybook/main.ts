import type { StorybookConfig } from '@storybook/web-components-vite';
import type { Plugin } from 'vite';

/**
 * The stories show the production build of the elements (what integrators ship), in `storybook dev` too:
 * the development build warns about the placement of lone buttons, which isolated stories are by design.
 * A plugin, because Storybook adds its own export conditions (Vite's defaults included) after `viteFinal`.
 */
const productionElements: Plugin = {
  name: 'franceconnect-kit:production-elements',
  enforce: 'post',
  config(config) {
    const conditions = config.resolve?.conditions ?? [];
    config.resolve = {
      ...config.resolve,
      conditions: conditions
        .map((condition) => (condition === 'development|production' ? 'production' : condition))
        .filter((condition) => condition !== 'development'),
    };
  },
};

// Written by hand: `storybook init` cannot run against this registry (see the toolchain notes).
const config: StorybookConfig = {
  stories: ['../src/**/*.mdx', '../src/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true },
  viteFinal: (vite) => ({
    ...vite,
    plugins: [...(vite.plugins ?? []), productionElements],
    // Only problems in `npm test`'s output; Storybook's own chunks (axe, the docs blocks) are large on purpose.
    logLevel: 'warn',
    build: {
      ...vite.build,
      chunkSizeWarningLimit: 2048,
      // Browsers with `light-dark()`, so the CSS keeps it: lowered, it would not follow a nested color-scheme.
      cssTarget: ['chrome123', 'edge123', 'firefox120', 'safari17.5'],
    },
  }),
};

export default config;
