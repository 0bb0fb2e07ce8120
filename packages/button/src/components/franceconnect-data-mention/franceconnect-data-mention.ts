import {
  apiOfScope,
  DATA_APIS,
  isDataApiName,
  type DataApiName,
} from '@franceconnect-kit/protocol/catalogue';
import { warnOnce } from '../../internal/warn.js';

let count = 0;

/**
 * The mention the qualification deck announces under the data button (« à venir : un bouton qui
 * précise que les données seront récupérées avec une API FranceConnectée »): which data, from which
 * administration, with the catalogue's French labels. Put it right after the
 * `<franceconnect-button variant="data">` it describes:
 *
 * ```html
 * <franceconnect-button variant="data" href="/auth/data?apis=statut_etudiant"></franceconnect-button>
 * <franceconnect-data-mention></franceconnect-data-mention>
 * ```
 *
 * It reads the APIs from the button's link (`apis=`, or the data scopes of `scopes=`), or from its own
 * `apis` attribute, and follows them when they change. Its paragraph becomes the button's accessible
 * description (`aria-describedby`), so that a keyboard user hears it on the button. It sits below the
 * button and its help link, which stays 8 px under the button. No shadow DOM: the page's text styles
 * apply (the paragraph has the class `franceconnect-data-mention`). French only, as the labels are.
 *
 * @summary Under the data button: which data is retrieved, from which administration.
 * @tagname franceconnect-data-mention
 */
export class FranceConnectDataMention extends HTMLElement {
  static get observedAttributes(): string[] {
    return ['apis', 'for'];
  }

  /** Space-separated API names of the catalogue; default: those of the button's link. */
  get apis(): string {
    return this.getAttribute('apis') ?? '';
  }
  set apis(value: string) {
    this.setAttribute('apis', value);
  }

  /** The id of the button it describes; default: the closest `<franceconnect-button>` before it. */
  get for(): string {
    return this.getAttribute('for') ?? '';
  }
  set for(value: string) {
    this.setAttribute('for', value);
  }

  readonly #id = `franceconnect-data-mention-${++count}`;
  readonly #watch = new MutationObserver(() => this.#render());
  #described: Element | null = null;

  connectedCallback(): void {
    this.#render();
  }

  disconnectedCallback(): void {
    this.#watch.disconnect();
    this.#describe(null);
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.#render();
  }

  #button(): HTMLElement | null {
    if (this.for !== '') return (this.getRootNode() as Document | ShadowRoot).getElementById(this.for);
    // The closest button before it (the form filler may have put its messages in between).
    for (let previous = this.previousElementSibling; previous; previous = previous.previousElementSibling) {
      if (previous.localName === 'franceconnect-button') return previous as HTMLElement;
    }
    return null;
  }

  /** The catalogue's APIs this mention names, in the catalogue's order. */
  #names(button: HTMLElement | null): DataApiName[] {
    let requested = this.apis.split(/\s+/).filter(Boolean);
    if (requested.length === 0 && button) {
      const href = button.getAttribute('href') ?? button.querySelector('a[href]')?.getAttribute('href');
      const query = href ? new URL(href, location.href).searchParams : new URLSearchParams();
      requested = (query.get('apis') ?? '').split(/[\s,]+/).filter(Boolean);
      for (const scope of (query.get('scopes') ?? '').split(/\s+/).filter(Boolean)) {
        const api = apiOfScope(scope);
        if (api) requested.push(api);
      }
    }
    if (__DEV__) {
      for (const name of requested.filter((name) => !isDataApiName(name))) {
        warnOnce(this, `api:${name}`, `« ${name} » is not an API of the catalogue: it is not mentioned.`);
      }
    }
    return (Object.keys(DATA_APIS) as DataApiName[]).filter((name) => requested.includes(name));
  }

  #render(): void {
    const button = this.#button();
    this.#watch.disconnect();
    if (button) this.#watch.observe(button, { attributes: true, attributeFilter: ['href'] });
    const names = this.#names(button);
    let paragraph = this.querySelector<HTMLParagraphElement>(`#${this.#id}`);
    if (names.length === 0) {
      paragraph?.remove();
      this.#describe(null);
      return;
    }
    if (!paragraph) {
      paragraph = document.createElement('p');
      paragraph.id = this.#id;
      paragraph.className = 'franceconnect-data-mention';
      paragraph.lang = 'fr';
      this.replaceChildren(paragraph);
    }
    const parts = names.map((name) => `${DATA_APIS[name].label} (${DATA_APIS[name].administration})`);
    const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} et ${parts.at(-1)}` : parts[0];
    const text =
      parts.length > 1
        ? `Vos données seront récupérées avec des API FranceConnectées : ${list}.`
        : `Vos données seront récupérées avec une API FranceConnectée : ${list}.`;
    if (paragraph.textContent !== text) paragraph.textContent = text;
    this.#describe(button);
  }

  /** Makes the paragraph the button's description (and only that button's). */
  #describe(button: Element | null): void {
    if (this.#described && this.#described !== button) {
      const ids = (this.#described.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .filter((id) => id !== '' && id !== this.#id);
      if (ids.length > 0) this.#described.setAttribute('aria-describedby', ids.join(' '));
      else this.#described.removeAttribute('aria-describedby');
    }
    this.#described = button;
    if (!button) return;
    const ids = (button.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    if (!ids.includes(this.#id)) button.setAttribute('aria-describedby', [...ids, this.#id].join(' '));
  }
}
