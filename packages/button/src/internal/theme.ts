/** The `theme` attribute: `auto` follows the page (DSFR `data-fr-theme`, its `color-scheme`, else the system's). */
export type ThemeSetting = 'auto' | 'light' | 'dark';

export type Theme = 'light' | 'dark';

/** The one scheme a `color-scheme` value declares (`dark`, `only light`…); none for `normal` or `light dark`. */
function declaredScheme(value: string): Theme | undefined {
  const schemes = value.match(/\b(light|dark)\b/g) as Theme[] | null;
  return schemes?.length === 1 ? schemes[0] : undefined;
}

/**
 * `light` and `dark` are taken as they are. `auto` follows, in order: a DSFR `<html data-fr-theme>`; the
 * CSS `color-scheme` where the element is, when it names one scheme (set on `<html>`, `<body>` or any
 * ancestor: `:root { color-scheme: dark }`, a dark section); otherwise the system's
 * `prefers-color-scheme` (qualification #1b: both themes). So a dark page on a computer in light mode,
 * which says it is dark, gets the dark button and a readable help link.
 */
export function resolveTheme(setting: string | null | undefined, element: Element): Theme {
  if (setting === 'light' || setting === 'dark') return setting;
  const document = element.ownerDocument;
  const dsfr = document.documentElement.getAttribute('data-fr-theme');
  if (dsfr === 'light' || dsfr === 'dark') return dsfr;
  return (
    declaredScheme(getComputedStyle(element).colorScheme) ??
    (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')
  );
}
