import { LitElement, css, html } from 'lit';
import { property } from 'lit/decorators.js';

/**
 * The FranceConnect sign-in button.
 *
 * @summary A compliant « S’identifier avec FranceConnect » button.
 */
export class FranceConnectButton extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
    }
  `;

  /** Where the button leads. */
  @property() href = '/auth/login';

  override render() {
    return html`<a href=${this.href}><span>S’identifier avec</span> <span>FranceConnect</span></a>`;
  }
}
