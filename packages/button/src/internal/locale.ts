import type { Language } from '../translations/translation.js';

/**
 * English for `en` and its regional variants, French (the default) for any other language. The language
 * is the browser's own (`:lang()`): the element's `lang`, else its nearest ancestor's, across shadow roots.
 */
export const languageOf = (element: Element): Language => (element.matches(':lang(en)') ? 'en' : 'fr');
