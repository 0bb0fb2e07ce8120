// Defines <franceconnect-prefill>: `import '@franceconnect-kit/button/franceconnect-prefill.js'`. Not part
// of the buttons' bundles: pages with a form to pre-fill load it on its own.
import {
  FranceConnectPrefill,
  type FranceConnectPrefillEvent,
} from './components/franceconnect-prefill/franceconnect-prefill.js';
import { define } from './internal/define.js';

export { FranceConnectPrefill };
export type {
  FranceConnectPrefillDetail,
  FranceConnectPrefillEvent,
} from './components/franceconnect-prefill/franceconnect-prefill.js';

define('franceconnect-prefill', FranceConnectPrefill);

declare global {
  interface HTMLElementTagNameMap {
    'franceconnect-prefill': FranceConnectPrefill;
  }
  interface HTMLElementEventMap {
    'franceconnect-prefill': FranceConnectPrefillEvent;
  }
}
