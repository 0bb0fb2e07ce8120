// Defines <franceconnect-data-mention>: `import '@franceconnect-kit/button/franceconnect-data-mention.js'`.
// It carries the catalogue's labels, so it is not part of the buttons' bundles: pages with a data button
// load it on its own.
import { FranceConnectDataMention } from './components/franceconnect-data-mention/franceconnect-data-mention.js';
import { define } from './internal/define.js';

export { FranceConnectDataMention };

define('franceconnect-data-mention', FranceConnectDataMention);

declare global {
  interface HTMLElementTagNameMap {
    'franceconnect-data-mention': FranceConnectDataMention;
  }
}
