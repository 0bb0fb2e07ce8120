// Defines <franceconnect-profile-form>: `import '@franceconnect-kit/button/franceconnect-profile-form.js'`.
import {
  FranceConnectProfileForm,
  type FranceConnectSavedEvent,
} from './components/franceconnect-profile-form/franceconnect-profile-form.js';
import { define } from './internal/define.js';

export { FranceConnectProfileForm };
export type {
  FranceConnectSavedEvent,
  LockedIdentity,
  ProfileData,
} from './components/franceconnect-profile-form/franceconnect-profile-form.js';

define('franceconnect-profile-form', FranceConnectProfileForm);

declare global {
  interface HTMLElementTagNameMap {
    'franceconnect-profile-form': FranceConnectProfileForm;
  }
  interface HTMLElementEventMap {
    'franceconnect-saved': FranceConnectSavedEvent;
  }
}
