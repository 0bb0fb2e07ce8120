import { FranceConnectButton } from './franceconnect-button.js';

export { FranceConnectButton };

if (!customElements.get('franceconnect-button')) {
  customElements.define('franceconnect-button', FranceConnectButton);
}

declare global {
  interface HTMLElementTagNameMap {
    'franceconnect-button': FranceConnectButton;
  }
}
