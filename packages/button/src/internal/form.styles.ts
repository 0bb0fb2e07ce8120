import { css } from 'lit';

// The form look of the account elements that act (step-up, passkeys): the DSFR's grey underlined
// fields and blue buttons, light and dark; the page's font.
export const formStyles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none !important;
  }
  .root {
    color: #3a3a3a;
    line-height: 1.5;
  }
  p {
    margin: 0 0 1rem;
  }
  label {
    display: block;
  }
  .hint {
    display: block;
    color: #666;
    font-size: 0.875em;
  }
  input {
    box-sizing: border-box;
    display: block;
    width: 100%;
    margin: 0.5rem 0 1rem;
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
  button {
    padding: 0.5rem 1.5rem;
    border: 1px solid #000091;
    background: #000091;
    color: #f5f5fe;
    font: inherit;
    cursor: pointer;
  }
  button:hover {
    background: #1212ff;
  }
  button.secondary {
    background: transparent;
    color: #000091;
  }
  button.secondary:hover {
    background: #e3e3fd;
  }
  button[disabled] {
    opacity: 0.6;
    cursor: wait;
  }
  a {
    color: #000091;
  }
  input:focus-visible,
  button:focus-visible,
  a:focus-visible,
  .alert:focus-visible {
    outline: 2px solid #0a76f6;
    outline-offset: 2px;
  }
  .alert {
    color: #ce0500;
    font-weight: 700;
  }
  .alert:empty,
  .status:empty {
    display: none;
  }
  .status {
    color: #18753c;
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
  .dark {
    color: #cecece;
  }
  .dark .hint {
    color: #929292;
  }
  .dark input {
    background: #242424;
    box-shadow: inset 0 -2px 0 0 #cecece;
  }
  .dark .alert {
    color: #ff5655;
  }
  .dark .status {
    color: #27a658;
  }
  .dark a {
    color: #8585f6;
  }
  .dark button {
    border-color: #8585f6;
    background: #8585f6;
    color: #000091;
  }
  .dark button:hover {
    background: #b1b1f9;
  }
  .dark button.secondary {
    background: transparent;
    color: #8585f6;
  }
  .dark button.secondary:hover {
    background: #1b1b35;
  }
`;
