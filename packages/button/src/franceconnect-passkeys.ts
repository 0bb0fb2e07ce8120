// Defines <franceconnect-passkeys> and the <franceconnect-step-up> it shows when an action needs it:
// `import '@franceconnect-kit/button/franceconnect-passkeys.js'`.
import './franceconnect-step-up.js';
import { FranceConnectPasskeys } from './components/franceconnect-passkeys/franceconnect-passkeys.js';
import { define } from './internal/define.js';

export { FranceConnectPasskeys };
export type { PasskeyView } from './components/franceconnect-passkeys/franceconnect-passkeys.js';

define('franceconnect-passkeys', FranceConnectPasskeys);

declare global {
  interface HTMLElementTagNameMap {
    'franceconnect-passkeys': FranceConnectPasskeys;
  }
}
