// Static drawings of what the rules forbid. They imitate a misused button with plain markup and never touch
// the real element, which cannot be deformed, recoloured or relabelled; each is marked as an imitation.
import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
// The official logo, from the package's source assets (the element inlines the same drawing).
import logo from '../../../packages/button/assets/franceconnect-logo.svg';

export interface Imitation {
  readonly first?: string;
  readonly brand?: string;
  readonly background?: string;
  readonly color?: string;
  /** Width and height set apart from each other: a deformed button. */
  readonly width?: string;
  readonly height?: string;
  /** Whether to draw the « Qu’est-ce que FranceConnect ? » link under it. */
  readonly help?: boolean;
}

/** A drawing of a FranceConnect button (not a link: nothing happens on click). */
export function imitation({
  first = 'S’identifier avec',
  brand = 'FranceConnect',
  background = '#000091',
  color = '#f5f5fe',
  width,
  height,
  help = true,
}: Imitation = {}): TemplateResult {
  return html`<span class="imitation">
    <span class="imitation-button" style=${styleMap({ background, color, width, height })}>
      <img src=${logo} alt="" />
      <span class="imitation-label"><span>${first}</span><b>${brand}</b></span>
    </span>
    ${help ? html`<span class="imitation-help">Qu’est-ce que FranceConnect ?</span>` : nothing}
  </span>`;
}

/** A drawing of a form field. */
export const imitationField = (label: string): TemplateResult =>
  html`<span class="imitation-field"><span>${label}</span><span class="imitation-input"></span></span>`;

/** A drawing of an ordinary button, such as a social network's « Continuer avec … ». */
export const imitationPlainButton = (label: string): TemplateResult =>
  html`<span class="imitation-plain-button">${label}</span>`;
