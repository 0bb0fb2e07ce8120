// What a page may write on each element of the kit: its attributes (as in HTML), its properties for
// data, and its events. The framework typings (`react.d.ts`, `vue.d.ts`) are built from these, so that
// a wrong value (`variant="google"`) is a type error in a JSX or a Vue template.
import type {
  ButtonVariant,
  FranceConnectClickEvent,
  FranceConnectSavedEvent,
  ProfileData,
  SessionInfo,
  ThemeSetting,
} from '../dist/index.js';
import type { FranceConnectPrefillEvent } from '../dist/franceconnect-prefill.js';
import type {
  FranceConnectConfirmedEvent,
  StepUpRequirement,
  StepUpStatus,
} from '../dist/franceconnect-step-up.js';
import type { PasskeyView } from '../dist/franceconnect-passkeys.js';

/** Attributes every element takes. */
interface Common {
  /** `auto` (default): the page's theme (`data-fr-theme`, its CSS `color-scheme`), else the system's. */
  theme?: ThemeSetting;
  /** `en` for English; French otherwise. Usually inherited from the page. */
  lang?: string;
}

/** Attributes, by tag, as a page writes them (kebab-case). */
export interface FranceConnectAttributes {
  'franceconnect-button': Common & {
    /** `login` (default), `plus` (FranceConnect+) or `data` (« Récupérer ses données avec FranceConnect »). */
    variant?: ButtonVariant;
    /** Where it leads; default the fallback link's `href`, else `/auth/login` (`/auth/data` for `data`). */
    href?: string;
    disabled?: boolean;
  };
  'franceconnect-login': Common & {
    /** `login` (default, « Se connecter ») or `signup` (« Créer un compte »). */
    mode?: 'login' | 'signup';
    variant?: ButtonVariant;
    href?: string;
  };
  'franceconnect-user': Common & {
    /** The BFF's session endpoint, default `/api/me`. */
    endpoint?: string;
    /** The profile page, default `/profil`. */
    'profile-href'?: string;
    /** Where the logout form posts, default `/auth/logout`. */
    'logout-action'?: string;
    /** The session, `null` when signed out: given, nothing is fetched. */
    data?: SessionInfo | null;
  };
  'franceconnect-profile-form': Common & {
    /** `profile` (default) or `signup`. */
    mode?: 'profile' | 'signup';
    endpoint?: string;
    'csrf-token'?: string;
    'session-endpoint'?: string;
    /** `{ locked, editable }`: given, nothing is fetched. */
    data?: ProfileData;
    /** Names of places by INSEE code. */
    placeNames?: Record<string, string>;
    /** The message of each refused field. */
    errors?: Record<string, string>;
  };
  'franceconnect-prefill': {
    /** Where the retrieved data is read, default `/api/data`. */
    src?: string;
    /** The route that starts a retrieval, default `/auth/data`. */
    start?: string;
    /** The APIs (catalogue names, space-separated) whose data fills the form, and a button without `href` asks for. */
    apis?: string;
    /** The data scopes a button without `href` asks for (the earlier way; `apis` is preferred). */
    scopes?: string;
  };
  'franceconnect-data-mention': Common & {
    /** The APIs it names (space-separated); default: those of the button's link. */
    apis?: string;
    /** The id of the button it describes; default: the closest `<franceconnect-button>` before it. */
    for?: string;
  };
  'franceconnect-step-up': Common & {
    /** `recent-authentication` or `second-factor`; default the page's `?requirement=`, else `second-factor`. */
    requirement?: StepUpRequirement;
    /** Where to go once confirmed (a path of this site); default the page's `?returnTo=`, else `/`. */
    'return-to'?: string;
    /** The BFF's step-up status, default `/api/step-up`. */
    endpoint?: string;
    'session-endpoint'?: string;
    /** The site's sign-in page, for a session that ended; default `/auth/login`. */
    'sign-in-href'?: string;
    /** What the BFF said, `null` signed out: given, nothing is fetched. */
    status?: StepUpStatus | null;
  };
  'franceconnect-passkeys': Common & {
    /** The BFF's passkeys, default `/api/passkeys`. */
    endpoint?: string;
    'session-endpoint'?: string;
    /** The list: given, nothing is fetched. */
    passkeys?: PasskeyView[];
  };
}

/** Events, by tag. */
export interface FranceConnectEvents {
  'franceconnect-button': { 'franceconnect-click': FranceConnectClickEvent };
  'franceconnect-login': { 'franceconnect-click': FranceConnectClickEvent };
  'franceconnect-user': Record<never, never>;
  'franceconnect-profile-form': { 'franceconnect-saved': FranceConnectSavedEvent };
  'franceconnect-prefill': { 'franceconnect-prefill': FranceConnectPrefillEvent };
  'franceconnect-data-mention': Record<never, never>;
  'franceconnect-step-up': { 'franceconnect-confirmed': FranceConnectConfirmedEvent };
  'franceconnect-passkeys': Record<never, never>;
}
