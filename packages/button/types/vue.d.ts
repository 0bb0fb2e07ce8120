// Vue 3: `import '@franceconnect-kit/button/vue'` defines every element and types their tags in
// templates (vue-tsc, Volar), as Vue's guide for custom elements does: each tag is a global component
// whose props are the element's attributes and whose `on…` props are its events. Tell Vue's compiler that
// they are custom elements (`isCustomElement: (tag) => tag.startsWith('franceconnect-')`).
import type { EmitFn, HTMLAttributes } from 'vue';
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

/** `profile-href` → `profileHref`: Vue matches a template's kebab-case attribute to a camelCase prop. */
type Camel<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : Name;
type Camelized<Attributes> = { [Name in keyof Attributes as Camel<Name & string>]: Attributes[Name] };
/** `franceconnect-click` → `onFranceconnectClick`, what `@franceconnect-click` becomes. */
type Handlers<Events> = {
  [Name in keyof Events as `on${Capitalize<Camel<Name & string>>}`]?: (event: Events[Name]) => void;
};

type Element<Instance extends HTMLElement, Tag extends keyof FranceConnectAttributes> = new () => Instance & {
  /** @deprecated For template type checking only: not a property of the element. */
  $props: Omit<HTMLAttributes, Camel<keyof FranceConnectAttributes[Tag] & string>> &
    Camelized<FranceConnectAttributes[Tag]> &
    Handlers<FranceConnectEvents[Tag]>;
  /** @deprecated For template type checking only: not a property of the element. */
  $emit: EmitFn<{
    [Name in keyof FranceConnectEvents[Tag]]: (event: FranceConnectEvents[Tag][Name]) => void;
  }>;
};

declare module 'vue' {
  interface GlobalComponents {
    'franceconnect-button': Element<FranceConnectButton, 'franceconnect-button'>;
    'franceconnect-login': Element<FranceConnectLogin, 'franceconnect-login'>;
    'franceconnect-user': Element<FranceConnectUser, 'franceconnect-user'>;
    'franceconnect-profile-form': Element<FranceConnectProfileForm, 'franceconnect-profile-form'>;
    'franceconnect-prefill': Element<FranceConnectPrefill, 'franceconnect-prefill'>;
    'franceconnect-data-mention': Element<FranceConnectDataMention, 'franceconnect-data-mention'>;
    'franceconnect-step-up': Element<FranceConnectStepUp, 'franceconnect-step-up'>;
    'franceconnect-passkeys': Element<FranceConnectPasskeys, 'franceconnect-passkeys'>;
  }
}

export * from '../dist/index.js';
export type { FranceConnectAttributes, FranceConnectEvents } from './elements.js';
