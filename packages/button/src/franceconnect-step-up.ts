// Defines <franceconnect-step-up> and the <franceconnect-button> it renders:
// `import '@franceconnect-kit/button/franceconnect-step-up.js'`.
import './franceconnect-button.js';
import {
  FranceConnectStepUp,
  type FranceConnectConfirmedEvent,
} from './components/franceconnect-step-up/franceconnect-step-up.js';
import { define } from './internal/define.js';

export { FranceConnectStepUp };
export type {
  FranceConnectConfirmedDetail,
  FranceConnectConfirmedEvent,
  StepUpMethod,
  StepUpRequirement,
  StepUpStatus,
} from './components/franceconnect-step-up/franceconnect-step-up.js';

define('franceconnect-step-up', FranceConnectStepUp);

declare global {
  interface HTMLElementTagNameMap {
    'franceconnect-step-up': FranceConnectStepUp;
  }
  interface HTMLElementEventMap {
    'franceconnect-confirmed': FranceConnectConfirmedEvent;
  }
}
