// Defines <franceconnect-user>: `import '@franceconnect-kit/button/franceconnect-user.js'`.
import { FranceConnectUser } from './components/franceconnect-user/franceconnect-user.js';
import { define } from './internal/define.js';

export { FranceConnectUser };
export type { SessionInfo } from './internal/bff.js';

define('franceconnect-user', FranceConnectUser);

declare global {
  interface HTMLElementTagNameMap {
    'franceconnect-user': FranceConnectUser;
  }
}
