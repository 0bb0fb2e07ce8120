import { css } from 'lit';
import { formStyles } from '../../internal/form.styles.js';

// Each way to confirm, one under the other, separated by « ou » as on a sign-in page.
export const styles = [
  formStyles,
  css`
    .method {
      margin: 0 0 1rem;
    }
    .sentence {
      margin: 0 0 1rem;
    }
  `,
];
