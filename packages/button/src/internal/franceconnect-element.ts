import { LitElement, type PropertyDeclarations } from 'lit';
import type { Language } from '../translations/translation.js';
import { languageOf } from './locale.js';
import { unwatchPageContext, watchPageContext } from './page-context.js';
import { resolveTheme, type Theme, type ThemeSetting } from './theme.js';

/**
 * Base of every element of the kit: translated from the `lang` of the element or its nearest ancestor,
 * themed light or dark, and re-rendered live when either changes on the page.
 */
export class FranceConnectElement extends LitElement {
  // `langAttribute` only makes a change of the `lang` attribute re-render the element; `lang` itself stays
  // the native global attribute, so inheritance and `:lang()` keep working.
  static override properties: PropertyDeclarations = { theme: {}, langAttribute: { attribute: 'lang' } };

  /**
   * `light`, `dark`, or `auto` (default): the DSFR theme of the page (`<html data-fr-theme>`) when present,
   * else the system colour scheme (`prefers-color-scheme`), following their changes live.
   */
  declare theme: ThemeSetting;

  /**
   * The language: `en` (or a regional variant) shows the English texts, anything else the French ones
   * (the default). Usually inherited: the element takes the `lang` of its nearest ancestor.
   */
  declare protected langAttribute: string | null;

  constructor() {
    super();
    this.theme = 'auto';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    watchPageContext(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    unwatchPageContext(this);
  }

  /** The language in effect for this element: its `lang` or its nearest ancestor's. */
  protected get language(): Language {
    return languageOf(this);
  }

  /** The theme in effect: `light` or `dark`. */
  protected get resolvedTheme(): Theme {
    return resolveTheme(this.theme, this);
  }
}
