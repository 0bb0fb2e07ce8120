// React 19: `import '@franceconnect-kit/button/react'` defines every element and types their tags in
// JSX (attributes, data properties, `onfranceconnect-click`…). React 19 sets a custom element's known
// properties and listens to `on` + the event's name.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  FranceConnectButton,
  FranceConnectLogin,
  FranceConnectPasskeys,
  FranceConnectProfileForm,
  FranceConnectStepUp,
  FranceConnectUser,
} from '../dist/index.js';
import type { FranceConnectDataMention } from '../dist/franceconnect-data-mention.js';
import type { FranceConnectPrefill } from '../dist/franceconnect-prefill.js';
import type { FranceConnectAttributes, FranceConnectEvents } from './elements.js';

type Handlers<Events> = { [Name in keyof Events as `on${Name & string}`]?: (event: Events[Name]) => void };

type Props<Element extends HTMLElement, Tag extends keyof FranceConnectAttributes> = Omit<
  DetailedHTMLProps<HTMLAttributes<Element>, Element>,
  keyof FranceConnectAttributes[Tag]
> &
  FranceConnectAttributes[Tag] &
  Handlers<FranceConnectEvents[Tag]>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'franceconnect-button': Props<FranceConnectButton, 'franceconnect-button'>;
      'franceconnect-login': Props<FranceConnectLogin, 'franceconnect-login'>;
      'franceconnect-user': Props<FranceConnectUser, 'franceconnect-user'>;
      'franceconnect-profile-form': Props<FranceConnectProfileForm, 'franceconnect-profile-form'>;
      'franceconnect-prefill': Props<FranceConnectPrefill, 'franceconnect-prefill'>;
      'franceconnect-data-mention': Props<FranceConnectDataMention, 'franceconnect-data-mention'>;
      'franceconnect-step-up': Props<FranceConnectStepUp, 'franceconnect-step-up'>;
      'franceconnect-passkeys': Props<FranceConnectPasskeys, 'franceconnect-passkeys'>;
    }
  }
}

export * from '../dist/index.js';
export type { FranceConnectAttributes, FranceConnectEvents } from './elements.js';
