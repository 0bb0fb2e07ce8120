/** The `theme` attribute: `auto` follows the page (DSFR `data-fr-theme`, else the system colour scheme). */
export type ThemeSetting = 'auto' | 'light' | 'dark';

export type Theme = 'light' | 'dark';

/**
 * `light` and `dark` are taken as they are; `auto` follows a DSFR `<html data-fr-theme>` when present,
 * otherwise `prefers-color-scheme` (qualification #1b: both themes).
 */
export function resolveTheme(setting: string | null | undefined, document: Document): Theme {
  if (setting === 'light' || setting === 'dark') return setting;
  const dsfr = document.documentElement.getAttribute('data-fr-theme');
  if (dsfr === 'light' || dsfr === 'dark') return dsfr;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
