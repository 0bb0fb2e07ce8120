// What the journeys read on the service's pages once signed in: the signed-in marks (a logout control,
// a profile link, the person's name beside them) and the profile's fields, editable or not. Run in the
// page; self-contained for the same reason as page/probe.ts.

export interface SignedInMarks {
  logout: string | null;
  profile: { name: string; href: string | null } | null;
  /** The text around the logout control (the header's account area). */
  badge: string;
}

export interface ProfileField {
  label: string;
  /** A control a person can type in or change. */
  editable: boolean;
  value: string;
}

export interface ProfileReading {
  fields: ProfileField[];
  /** Submit buttons of forms that hold fields (a sign-up confirmation), by name. */
  submits: string[];
}

export function readSignedInMarks(): SignedInMarks {
  const norm = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  function* walk(root: Document | ShadowRoot): Generator<Element> {
    for (const element of Array.from(root.querySelectorAll('*'))) {
      yield element;
      if (element.shadowRoot) yield* walk(element.shadowRoot);
    }
  }
  const visible = (element: Element) =>
    element.getBoundingClientRect().width > 0 && element.checkVisibility();
  const nameOf = (element: Element) =>
    norm(element.getAttribute('aria-label')) ||
    norm((element as HTMLElement).innerText) ||
    norm(element.getAttribute('title')) ||
    norm(element.getAttribute('value'));
  const controls = Array.from(walk(document)).filter(
    (element) =>
      element.matches('a, button, input[type="submit"], [role="button"], [role="menuitem"]') &&
      visible(element),
  );
  const logout = controls.find((element) =>
    /se d[ée]connecter|d[ée]connexion|log ?out|sign ?out/i.test(nameOf(element)),
  );
  const profile = controls.find(
    (element) =>
      element.localName === 'a' &&
      /mon profil|mon compte|mon espace|profil|my account|profile/i.test(nameOf(element)),
  );
  let badge = '';
  if (logout) {
    for (
      let node: Node | null = logout;
      node;
      node = node instanceof ShadowRoot ? node.host : ((node as Element).assignedSlot ?? node.parentNode)
    ) {
      if (node instanceof HTMLElement) {
        const text = norm(node.innerText);
        if (text.length > nameOf(logout).length + 2) {
          badge = text.slice(0, 300);
          break;
        }
      }
      if (node instanceof Element && node.localName === 'body') break;
    }
  }
  return {
    logout: logout ? nameOf(logout) : null,
    profile: profile ? { name: nameOf(profile), href: (profile as HTMLAnchorElement).href || null } : null,
    badge,
  };
}

export function readProfile(): ProfileReading {
  const norm = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  function* walk(root: Document | ShadowRoot): Generator<Element> {
    for (const element of Array.from(root.querySelectorAll('*'))) {
      yield element;
      if (element.shadowRoot) yield* walk(element.shadowRoot);
    }
  }
  const visible = (element: Element) =>
    element.getBoundingClientRect().width > 0 && element.checkVisibility();
  const all = Array.from(walk(document));
  const labelOf = (control: Element): string => {
    const root = control.getRootNode() as Document | ShadowRoot;
    const byIds = (ids: string | null) =>
      norm(
        (ids ?? '')
          .split(/\s+/)
          .filter(Boolean)
          .map((id) => root.getElementById(id)?.innerText ?? '')
          .join(' '),
      );
    const labelledBy = byIds(control.getAttribute('aria-labelledby'));
    if (labelledBy) return labelledBy;
    const aria = norm(control.getAttribute('aria-label'));
    if (aria) return aria;
    const id = control.getAttribute('id');
    const label =
      (id ? root.querySelector(`label[for="${CSS.escape(id)}"]`) : null) ?? control.closest('label');
    if (label) return norm((label as HTMLElement).innerText);
    return norm(control.getAttribute('placeholder')) || norm(control.getAttribute('name'));
  };
  const fields: ProfileField[] = [];
  for (const control of all) {
    if (!control.matches('input, select, textarea, [contenteditable="true"], [contenteditable=""]')) continue;
    if (
      control instanceof HTMLInputElement &&
      ['hidden', 'submit', 'button', 'image', 'reset', 'checkbox', 'radio', 'password'].includes(control.type)
    )
      continue;
    if (!visible(control)) continue;
    const input = control as HTMLInputElement;
    const editable = control.matches('[contenteditable]')
      ? true
      : !input.disabled &&
        !input.readOnly &&
        !control.closest('fieldset[disabled]') &&
        control.getAttribute('aria-readonly') !== 'true';
    fields.push({
      label: labelOf(control),
      editable,
      value: norm(input.value ?? (control as HTMLElement).innerText),
    });
  }
  // Values shown as text: description lists and two-cell table rows.
  for (const term of all.filter((element) => element.localName === 'dt' && visible(element))) {
    const definition = term.nextElementSibling;
    if (definition?.localName === 'dd')
      fields.push({
        label: norm((term as HTMLElement).innerText),
        editable: false,
        value: norm((definition as HTMLElement).innerText),
      });
  }
  for (const row of all.filter((element) => element.localName === 'tr' && visible(element))) {
    const cells = Array.from(row.children);
    if (cells.length === 2)
      fields.push({
        label: norm((cells[0] as HTMLElement).innerText),
        editable: false,
        value: norm((cells[1] as HTMLElement).innerText),
      });
  }
  const submits = all
    .filter(
      (element) =>
        element.matches(
          'form button:not([type="button"]):not([type="reset"]), form input[type="submit"], button[type="submit"]',
        ) && visible(element),
    )
    .map((element) => norm((element as HTMLElement).innerText) || norm(element.getAttribute('value')));
  return { fields, submits };
}
