// `?reason=<code>`: why the BFF sent the browser to one of the site's error pages.

/** The BFF's code, when it is one (letters, digits and `_` only: nothing else is ever shown). */
export function reason(): string | undefined {
  const value = new URLSearchParams(location.search).get('reason');
  return value !== null && /^[a-z0-9_]{1,64}$/.test(value) ? value : undefined;
}

/** Fills and shows `element`'s `<code>` with the reason, for the help desk. */
export function showReason(element: HTMLElement | null): void {
  const code = reason();
  const slot = element?.querySelector('code');
  if (!element || !slot || code === undefined) return;
  slot.textContent = code;
  element.hidden = false;
}
