import { css } from 'lit';
import { formStyles } from '../../internal/form.styles.js';

// One passkey per row: its name, then its dates, then its actions; the form to add one below the list.
export const styles = [
  formStyles,
  css`
    ul {
      margin: 0 0 1.5rem;
      padding: 0;
      list-style: none;
    }
    li {
      padding: 1rem 0;
      border-bottom: 1px solid color-mix(in srgb, currentColor 20%, transparent);
    }
    .name {
      margin: 0;
      font-weight: 700;
    }
    .meta {
      margin: 0 0 0.5rem;
      font-size: 0.875em;
    }
    .actions,
    .inline {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
    }
    .inline p,
    .inline label {
      flex-basis: 100%;
      margin: 0;
    }
    .inline input {
      flex: 1 1 12rem;
      width: auto;
      margin: 0;
    }
    .step-up {
      margin: 0 0 1.5rem;
      padding: 1rem;
      border-left: 4px solid #000091;
    }
    .dark .step-up {
      border-left-color: #8585f6;
    }
  `,
];
