import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { FranceConnectElement } from '../../internal/franceconnect-element.js';
import { checkPlacement } from '../../internal/placement.js';
import { brandOf, variantOf, type ButtonVariant } from '../../internal/variants.js';
import * as en from '../../translations/en.js';
import * as fr from '../../translations/fr.js';
import { styles } from './franceconnect-login.styles.js';

/**
 * The whole FranceConnect sign-in (or sign-up) section of checklist points 1–7, in order: a heading, the
 * explanatory sentence, the FranceConnect button with its help link, a separator line with « ou », then
 * the site's own sign-in methods. FranceConnect always comes first.
 *
 * @summary The sign-in or sign-up section: sentence, FranceConnect button, « ou », then the site's methods.
 * @tagname franceconnect-login
 *
 * @slot heading - The section's heading. Defaults to an `<h2>` « Se connecter » (« Créer un compte »
 * in sign-up mode). Slot a hidden element to have none.
 * @slot - The site's own sign-in methods (its password form…), shown below « ou ». Never social-network
 * sign-in buttons (qualification #7).
 *
 * @cssprop [--franceconnect-scale=1] - Scales the button homothetically (see `<franceconnect-button>`).
 *
 * @event {FranceConnectClickEvent} franceconnect-click - From the button inside, before navigating.
 * Cancelable.
 *
 * No CSS part: the heading, sentence and « ou » take the page's typography; the button is locked.
 */
export class FranceConnectLogin extends FranceConnectElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = { mode: {}, variant: {}, href: {} };

  /** `login` (default) for the sign-in page, `signup` for the sign-up page (qualification #3, #4). */
  declare mode: 'login' | 'signup';

  /** The button's variant: `login` (default), `plus` or `data`. */
  declare variant: ButtonVariant;

  /** Where the button leads (see `<franceconnect-button>`). */
  declare href: string | undefined;

  constructor() {
    super();
    this.mode = 'login';
    this.variant = 'login';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (__DEV__) {
      checkPlacement({
        element: this,
        variant: () => variantOf(this.variant),
        rendersSentence: true,
      });
    }
  }

  protected override render(): TemplateResult {
    const lang = this.language;
    const t = { fr: fr.login, en: en.login }[lang];
    const variant = variantOf(this.variant);
    const heading = this.mode === 'signup' ? t.heading.signup : t.heading.login;
    return html`<div class="heading">
        <slot name="heading"><h2>${heading}</h2></slot>
      </div>
      <p class="sentence">${t.sentence(brandOf(variant))}</p>
      <franceconnect-button
        variant=${variant}
        href=${this.href ?? nothing}
        theme=${this.theme}
        lang=${lang}
      ></franceconnect-button>
      <p class="separator">${t.or}</p>
      <slot></slot>`;
  }
}
