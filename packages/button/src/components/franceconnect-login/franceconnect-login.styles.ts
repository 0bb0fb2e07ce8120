import { css } from 'lit';

// The heading, the sentence and « ou » take the page's typography (font, size, colour): only the button
// itself is locked. The order is fixed: sentence, button and its link, separator, the site's methods
// (qualification #1, #5, #6).
export const styles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none !important;
  }
  .heading ::slotted(*),
  h2 {
    margin: 0 0 1rem;
  }
  h2 {
    font-size: 1.5em;
    line-height: 1.25;
  }
  .sentence {
    margin: 0 0 1rem;
  }
  .separator {
    display: flex;
    align-items: center;
    gap: 1rem;
    margin: 1.5rem 0;
  }
  .separator::before,
  .separator::after {
    content: '';
    flex: 1;
    border-top: 1px solid color-mix(in srgb, currentColor 30%, transparent);
  }
`;
