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
