import { css } from 'lit';

// Geometry at a 16 px base, in em so that it all scales together (qualification #1): the sign-in box is
// 209 × 56 (13.0625em × 3.5em), FranceConnect+ 245 × 56, the data button 56 high. A wider font widens the
// box and, for the fixed-ratio buttons, heightens it in proportion (`aspect-ratio`), so the text never
// overflows and the box is never smaller nor another shape. Colours are private on purpose: the rules
// forbid recolouring the button (qualification #2), so no custom property or part exposes them.
export const styles = css`
  /* Page CSS reaches the host only. What could shrink, recolour or deform the button is locked (inner
     !important wins over outer !important); spacing, alignment and display stay the page's. */
  :host {
    display: inline-block;
    vertical-align: top;
    font-size: max(16px, 1rem) !important;
    text-decoration: none !important;
    filter: none !important;
    mix-blend-mode: normal !important;
    opacity: 1 !important;
    transform: none !important;
    scale: none !important;
    rotate: none !important;
    zoom: 1 !important;
    clip-path: none !important;
    mask: none !important;
  }
  :host([hidden]) {
    display: none !important;
  }
  :host::before,
  :host::after {
    content: none !important;
  }

  /* No inherited typography or colour from the page reaches the label ("all" keeps custom properties,
     so --franceconnect-scale still applies). */
  .root {
    all: initial;
    display: grid;
    justify-items: start;
    direction: ltr;
    white-space: nowrap;
    font-family: Marianne, Arial, 'Liberation Sans', sans-serif;
    /* The one scaling control, on the host's locked base size; below 1 counts as 1, so never smaller
       than 209 × 56. An invalid value falls back to the base size. */
    font-size: calc(1em * max(1, var(--franceconnect-scale, 1)));
  }

  .button {
    box-sizing: border-box;
    position: relative;
    display: grid;
    align-content: center;
    min-width: 13.0625em;
    aspect-ratio: 209 / 56;
    margin: 0 0 0.5em; /* 8 px above the help link (qualification #2) */
    padding: 0 0.75em 0 4em; /* the text column starts 64 px from the left edge */
    border: 0;
    background: #000091;
    color: #f5f5fe;
    font: inherit;
    line-height: 1;
    text-decoration: none;
    /* A <button> (the form fallback) is centred by the browser's own styles: drawn as the link is. */
    text-align: left;
    cursor: pointer;
  }
  .plus .button {
    min-width: 15.3125em;
    aspect-ratio: 245 / 56;
    padding-right: 0.25em;
  }
  .data .button {
    aspect-ratio: auto;
    height: 3.5em;
    min-width: 18.625em; /* fits « Récupérer ses données avec » in Arial, so the box is known before upgrade */
  }
  .data:lang(en) .button {
    min-width: 15em;
  }
  .button:hover {
    background: #1212ff;
  }
  .button:active {
    background: #2323ff;
  }
  .button:disabled,
  .button[aria-disabled] {
    background: #e5e5e5;
    color: #929292;
    cursor: default;
  }
  .button:focus-visible,
  .help a:focus-visible {
    outline: 2px solid #0a76f6;
    outline-offset: 2px;
  }

  /* The DSFR's dark scheme. */
  .dark .button {
    background: #8585f6;
    color: #000091;
  }
  .dark .button:hover {
    background: #b1b1f9;
  }
  .dark .button:active {
    background: #c6c6fb;
  }
  .dark .button:disabled,
  .dark .button[aria-disabled] {
    background: #2a2a2a;
    color: #666;
  }
  .dark .help a {
    color: #8585f6;
  }

  .logo {
    position: absolute;
    top: calc(50% - 1.5em); /* vertically centred */
    left: 0.75em;
    width: 2.5em;
    height: 3em;
  }
  .first {
    font-size: 1.0625em;
  }
  .brand {
    font-size: 1.125em;
    font-weight: 700;
  }
  /* Real text (part of the accessible name « … FranceConnect+ »), drawn large beside the brand. Inline,
     so that it does not split the name; no line height and lowered into the line, then drawn back up,
     so that it does not move the lines either. */
  .plus-sign {
    position: relative;
    top: -0.1em;
    vertical-align: -0.1em;
    font-size: 3em;
    line-height: 0;
    margin-left: 0.25em;
  }

  .help {
    margin: 0;
    font-size: 0.875em;
    line-height: calc(24 / 14);
  }
  .help a {
    color: #000091;
  }

  @media (forced-colors: active) {
    .button {
      border: 1px solid;
    }
  }
`;
