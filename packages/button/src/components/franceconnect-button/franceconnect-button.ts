import { html, type PropertyDeclarations, type TemplateResult } from 'lit';
import { FranceConnectElement } from '../../internal/franceconnect-element.js';
import { logo } from '../../internal/logo.js';
import { checkPlacement, renderedBySection } from '../../internal/placement.js';
import { brandOf, defaultHrefOf, helpUrlOf, variantOf, type ButtonVariant } from '../../internal/variants.js';
import * as en from '../../translations/en.js';
import * as fr from '../../translations/fr.js';
import { checkAttributes } from './franceconnect-button.checks.js';
import { styles } from './franceconnect-button.styles.js';

/** `detail` of the `franceconnect-click` event. */
export interface FranceConnectClickDetail {
  readonly variant: ButtonVariant;
  /** The absolute URL the button is about to open (the form's action when it submits a form). */
  readonly href: string;
}

export type FranceConnectClickEvent = CustomEvent<FranceConnectClickDetail>;

/**
 * The official FranceConnect button, always followed by its « Qu’est-ce que FranceConnect ? » link 8 px
 * below, with the official label, colours and geometry (209 × 56 at a 16 px base), in light and dark
 * themes. Its colours, label and ratio cannot be changed from outside; its outer spacing and alignment
 * can. A click opens FranceConnect in the same tab (never a pop-up or an iframe, qualification #13).
 *
 * @summary The FranceConnect button (« S’identifier avec FranceConnect ») and its help link.
 * @tagname franceconnect-button
 *
 * @slot - Fallback for pages without JavaScript: an `<a href>`, or a `<form>` (for example a POST with a
 * CSRF field). Never displayed once the element is defined: the button then follows that link, or submits
 * that form with `requestSubmit()`.
 *
 * @cssprop [--franceconnect-scale=1] - Scales the button and its link homothetically (e.g. `1.25`).
 * Values below 1 count as 1: the button is never smaller than 209 × 56, nor another shape.
 *
 * @event {FranceConnectClickEvent} franceconnect-click - Fired before opening FranceConnect, with
 * `detail: { variant, href }`. Cancelable: `preventDefault()` stops the navigation. Bubbles out of
 * shadow roots.
 *
 * No CSS part: the brand's colours, label and ratio are private (qualification #2).
 */
export class FranceConnectButton extends FranceConnectElement {
  static override styles = styles;

  // Declared without decorators: no helper in the bundle, and the same shape in every build.
  static override properties: PropertyDeclarations = {
    variant: {},
    href: {},
    disabled: { type: Boolean },
    describedBy: { attribute: 'aria-describedby' },
  };

  /**
   * `login` (default): « S’identifier avec FranceConnect »; `plus`: « S’identifier avec
   * FranceConnect+ » (eIDAS substantial or high); `data`: « Récupérer ses données avec FranceConnect ».
   */
  declare variant: ButtonVariant;

  /**
   * Where the button leads. Defaults to the fallback link's `href` when there is one, else `/auth/login`
   * (`/auth/data` for the data variant, `/auth/plus/login` for FranceConnect+). Ignored when the fallback
   * is a form.
   */
  declare href: string | undefined;

  /** Greys the button out; the help link stays usable. */
  declare disabled: boolean;

  /**
   * `aria-describedby` on the element: ids of the page's elements that describe the button (e.g. a
   * `<franceconnect-data-mention>`); the link inside reads them as its description.
   */
  declare describedBy: string | null;

  constructor() {
    super();
    this.variant = 'login';
    this.disabled = false;
  }

  /** The light-DOM fallback that the upgraded button stands for: a form to submit, or a link to follow. */
  private get fallback(): Element | null {
    return this.querySelector('form, a[href]');
  }

  /** Fires `franceconnect-click`, then lets the link navigate or submits the fallback form, unless cancelled. */
  private readonly onClick = (event: MouseEvent): void => {
    const form = this.fallback;
    const href =
      form instanceof HTMLFormElement ? form.action : (event.currentTarget as HTMLAnchorElement).href;
    const proceed = this.dispatchEvent(
      new CustomEvent<FranceConnectClickDetail>('franceconnect-click', {
        detail: { variant: variantOf(this.variant), href },
        bubbles: true,
        composed: true,
        cancelable: true,
      }),
    );
    if (!proceed) event.preventDefault();
    else if (form instanceof HTMLFormElement) form.requestSubmit();
  };

  protected override updated(): void {
    // The description lives in the page, outside the shadow root: referenced as elements, not ids.
    (
      this.renderRoot.querySelector('.button') as Element & { ariaDescribedByElements: Element[] | null }
    ).ariaDescribedByElements = this.describedBy
      ? this.describedBy.split(' ').flatMap((id) => (this.getRootNode() as Document).getElementById(id) ?? [])
      : null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (__DEV__ && !renderedBySection(this)) {
      checkPlacement({ element: this, variant: () => variantOf(this.variant), rendersSentence: false });
    }
  }

  protected override render(): TemplateResult {
    const lang = this.language;
    const t = { fr: fr.button, en: en.button }[lang];
    const variant = variantOf(this.variant);
    const fallback = this.fallback;
    const help = t.whatIs(brandOf(variant));
    if (__DEV__) checkAttributes(this, fallback);
    // The plus of FranceConnect+ is text, so that the accessible name is the visible « …FranceConnect+ ».
    const label = html`${logo}<span class="first"
        >${variant === 'data' ? t.retrieveDataWith : t.signInWith}</span
      ><span class="brand"
        >${variant === 'plus' ? html`FranceConnect<span class="plus-sign">+</span>` : 'FranceConnect'}</span
      >`;
    // A link without target: FranceConnect opens in the same tab, at the top level (qualification #13).
    const control =
      fallback instanceof HTMLFormElement
        ? html`<button class="button" type="button" ?disabled=${this.disabled} @click=${this.onClick}>
            ${label}
          </button>`
        : this.disabled
          ? html`<a class="button" role="link" aria-disabled="true">${label}</a>`
          : html`<a
              class="button"
              href=${this.href ?? fallback?.getAttribute('href') ?? defaultHrefOf(variant)}
              @click=${this.onClick}
              >${label}</a
            >`;
    return html`<div class="root ${variant} ${this.resolvedTheme}" lang=${lang}>
      ${control}
      <p class="help">
        <a href=${helpUrlOf(variant)} target="_blank" rel="noopener" title="${help} - ${t.newWindow}"
          >${help}</a
        >
      </p>
      <slot hidden @slotchange=${() => this.requestUpdate()}></slot>
    </div>`;
  }
}
