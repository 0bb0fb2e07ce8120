import { NOTICES } from '@franceconnect-kit/bff';
import type { Plugin } from 'vite';

const ID = 'virtual:bff-notices';
const RESOLVED = `\0${ID}`;

/**
 * `import { NOTICES } from 'virtual:bff-notices'`: the texts of the BFF's `?notice=` codes, taken from
 * its public export at build time, so that the pages show exactly the BFF's sentences without
 * shipping the server package to the browser.
 */
export function bffNotices(): Plugin {
  return {
    name: 'demoville:bff-notices',
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    load: (id) => (id === RESOLVED ? `export const NOTICES = ${JSON.stringify(NOTICES)};` : undefined),
  };
}
