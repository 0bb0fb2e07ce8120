import { css } from 'lit';

// Takes the page's font; the colours follow the theme (the DSFR's light and dark schemes), the page
// being expected to be in the same theme.
export const styles = css`
  :host {
    display: inline-block;
  }
  :host([hidden]) {
    display: none !important;
  }
  .root {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    color: #3a3a3a;
  }
  .name {
    font-weight: 700;
  }
  a,
  button {
    color: #000091;
    font: inherit;
  }
  form {
    margin: 0;
  }
  button {
    padding: 0.25rem 0.75rem;
    border: 1px solid;
    background: none;
    cursor: pointer;
  }
  button:hover {
    background: #f5f5fe;
  }
  a:focus-visible,
  button:focus-visible {
    outline: 2px solid #0a76f6;
    outline-offset: 2px;
  }
  .dark {
    color: #cecece;
  }
  .dark a,
  .dark button {
    color: #8585f6;
  }
  .dark button:hover {
    background: #1b1b35;
  }
`;
