// Development-only checks of the button's own attributes; only reached from `if (__DEV__)` branches.
import { variantOf } from '../../internal/variants.js';
import { warnOnce } from '../../internal/warn.js';
import type { FranceConnectButton } from './franceconnect-button.js';

/** Warns about attribute values that would not do what the page means. */
export function checkAttributes(button: FranceConnectButton, fallback: Element | null): void {
  if (variantOf(button.variant) !== button.variant) {
    warnOnce(button, 'variant', `variant="${String(button.variant)}" is unknown; use login, plus or data.`);
  }
  const fallbackHref = fallback instanceof HTMLAnchorElement ? fallback.getAttribute('href') : null;
  if (button.href !== undefined && fallbackHref !== null && fallbackHref !== button.href) {
    warnOnce(
      button,
      'href',
      `href="${button.href}" differs from its fallback link (${fallbackHref}): the page would behave differently with and without JavaScript.`,
    );
  }
}
