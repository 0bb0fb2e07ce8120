import { css } from 'lit';

// The DSFR's form look (grey fields underlined, blue primary button) in its light and dark schemes;
// the page's font. The locked identity reads as text, not as fields: nothing there can be edited.
export const styles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  :host([hidden]) {
    display: none !important;
  }
  .root {
    color: #3a3a3a;
    line-height: 1.5;
  }
  .legend {
    margin: 0;
    font-weight: 700;
    font-size: 1.25em;
  }
  .note,
  .hint {
    color: #666;
    font-size: 0.875em;
  }
  .note {
    margin: 0.25rem 0 1rem;
  }
  dl {
    display: grid;
    grid-template-columns: minmax(8rem, max-content) 1fr;
    gap: 0.5rem 1.5rem;
    margin: 0 0 2rem;
  }
  dl div {
    display: contents;
  }
  dd {
    margin: 0;
    font-weight: 700;
  }
  /* On a narrow form (a phone, a side column), each value goes under its label. */
  @container (max-width: 28rem) {
    dl {
      grid-template-columns: 1fr;
      gap: 0;
    }
    dd {
      margin-bottom: 0.75rem;
    }
  }
  .field {
    margin: 0 0 1.5rem;
  }
  label {
    display: block;
  }
  .hint {
    display: block;
  }
  input {
    box-sizing: border-box;
    display: block;
    width: 100%;
    margin-top: 0.5rem;
    padding: 0.5rem 1rem;
    border: 0;
    border-radius: 0.25rem 0.25rem 0 0;
    box-shadow: inset 0 -2px 0 0 #3a3a3a;
    background: #eee;
    color: inherit;
    font: inherit;
  }
  [aria-invalid='true'] {
    box-shadow: inset 0 -2px 0 0 #ce0500;
  }
  .error,
  .alert {
    color: #ce0500;
  }
  .error {
    margin: 0.5rem 0 0;
  }
  .status {
    color: #18753c;
  }
  button {
    padding: 0.5rem 1.5rem;
    border: 0;
    background: #000091;
    color: #f5f5fe;
    font: inherit;
    cursor: pointer;
  }
  button:hover {
    background: #1212ff;
  }
  a {
    color: #000091;
  }
  .dark a {
    color: #8585f6;
  }
  input:focus-visible,
  a:focus-visible,
  button:focus-visible {
    outline: 2px solid #0a76f6;
    outline-offset: 2px;
  }
  .dark {
    color: #cecece;
  }
  .dark .note,
  .dark .hint {
    color: #929292;
  }
  .dark input {
    background: #242424;
    box-shadow: inset 0 -2px 0 0 #cecece;
  }
  .dark [aria-invalid='true'] {
    box-shadow: inset 0 -2px 0 0 #ff5655;
  }
  .dark .error,
  .dark .alert {
    color: #ff5655;
  }
  .dark .status {
    color: #27a658;
  }
  .dark button {
    background: #8585f6;
    color: #000091;
  }
  .dark button:hover {
    background: #b1b1f9;
  }
`;
