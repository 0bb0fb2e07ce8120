// Defines <franceconnect-button>: `import '@franceconnect-kit/button/franceconnect-button.js'`.
import {
  FranceConnectButton,
  type FranceConnectClickEvent,
} from './components/franceconnect-button/franceconnect-button.js';
import { define } from './internal/define.js';

export { FranceConnectButton };
export type {
  FranceConnectClickDetail,
  FranceConnectClickEvent,
} from './components/franceconnect-button/franceconnect-button.js';
export type { ButtonVariant } from './internal/variants.js';
export type { ThemeSetting } from './internal/theme.js';

define('franceconnect-button', FranceConnectButton);

declare global {
  interface HTMLElementTagNameMap {
    'franceconnect-button': FranceConnectButton;
  }
  interface HTMLElementEventMap {
    'franceconnect-click': FranceConnectClickEvent;
  }
}
