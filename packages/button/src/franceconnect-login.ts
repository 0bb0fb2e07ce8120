// Defines <franceconnect-login> and the <franceconnect-button> it renders.
import './franceconnect-button.js';
import { FranceConnectLogin } from './components/franceconnect-login/franceconnect-login.js';
import { define } from './internal/define.js';

export { FranceConnectLogin };

define('franceconnect-login', FranceConnectLogin);

declare global {
  interface HTMLElementTagNameMap {
    'franceconnect-login': FranceConnectLogin;
  }
}
