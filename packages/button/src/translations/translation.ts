// The texts of each element, per language (one module per language: fr.ts, en.ts). The labels are the
// official wordings: translated, never reworded; the brand (« FranceConnect », « FranceConnect+ ») is
// never translated. Each element imports only its own texts, so a bundle carries only what it shows.

export type Language = 'fr' | 'en';

export interface ButtonTexts {
  /** First line of the sign-in buttons (login and plus variants). */
  readonly signInWith: string;
  /** First line of the data button. */
  readonly retrieveDataWith: string;
  /** The help link under every button (qualification #2). */
  readonly whatIs: (brand: string) => string;
  /** Appended to the help link's title, since it opens a new window. */
  readonly newWindow: string;
}

export interface LoginTexts {
  /** The explanatory sentence above the button (qualification #1). */
  readonly sentence: (brand: string) => string;
  /** The separator between FranceConnect and the site's own methods (qualification #6). */
  readonly or: string;
  /** Default heading in each mode. */
  readonly heading: { readonly login: string; readonly signup: string };
}

export interface UserTexts {
  /** The link to the profile page (qualification #14). */
  readonly profile: string;
  readonly logout: string;
  /** The accessible name of the group: whose account this is. */
  readonly account: (name: string) => string;
}

export interface ProfileTexts {
  /** Heading of the locked pivot identity. */
  readonly identity: string;
  /** Why the pivot identity cannot be edited (qualification #15). */
  readonly locked: string;
  /** Labels of the pivot identity fields, FranceConnect's claim names as keys. */
  readonly labels: {
    readonly given_name: string;
    readonly family_name: string;
    readonly birthdate: string;
    readonly gender: string;
    readonly birthplace: string;
    readonly birthcountry: string;
    readonly preferred_username: string;
    readonly email: string;
  };
  readonly genders: { readonly female: string; readonly male: string; readonly unspecified: string };
  readonly optional: string;
  /** The submit button, per mode. */
  readonly submit: { readonly profile: string; readonly signup: string };
  /** Announced once saved, per mode. */
  readonly saved: { readonly profile: string; readonly signup: string };
  /** Shown when the server could not save (network, session ended…). */
  readonly failed: string;
  /** A sensitive change (the email) needs a recent authentication first. */
  readonly reauthenticate: string;
  readonly confirmIdentity: string;
  /** The changes typed before confirming one's identity, put back. */
  readonly restored: string;
}

export interface StepUpTexts {
  /** Said when the BFF gives no sentence of its own. */
  readonly intro: { readonly 'recent-authentication': string; readonly 'second-factor': string };
  readonly usePasskey: string;
  readonly password: string;
  readonly confirm: string;
  readonly wrongPassword: string;
  readonly passkeyFailed: string;
  readonly busy: string;
  readonly confirmed: string;
  readonly continue: string;
  readonly none: { readonly 'recent-authentication': string; readonly 'second-factor': string };
  readonly signedOut: string;
  readonly signIn: string;
  readonly unavailable: string;
}

export interface PasskeyTexts {
  readonly empty: string;
  readonly added: (date: string) => string;
  readonly lastUsed: (date: string) => string;
  readonly neverUsed: string;
  readonly synced: string;
  /** The accessible names of the buttons (they start with their visible text). */
  readonly rename: (name: string) => string;
  readonly remove: (name: string) => string;
  readonly renameButton: string;
  readonly removeButton: string;
  readonly newName: string;
  readonly save: string;
  readonly cancel: string;
  readonly confirmRemoval: (name: string) => string;
  readonly yesRemove: string;
  readonly nameLabel: string;
  readonly nameHint: string;
  readonly add: string;
  readonly registered: (name: string) => string;
  readonly renamed: string;
  readonly removed: (name: string) => string;
  readonly failed: string;
  readonly unsupported: string;
  readonly stepUp: string;
}
