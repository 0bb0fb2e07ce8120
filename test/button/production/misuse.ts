// Pages that break the placement rules: the development build warns about each (dev-warnings.test.ts),
// the production builds must not. Plain HTML, so that no other copy of Lit runs in the page.

export const misuses: Record<string, string> = {
  'without the explanatory sentence': '<section><franceconnect-button></franceconnect-button></section>',
  'inside a <dialog>': `<dialog open>
    <p>FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services en ligne.</p>
    <franceconnect-button></franceconnect-button>
  </dialog>`,
  'inside a popover': '<div popover="manual"><franceconnect-login></franceconnect-login></div>',
  'next to a social-network button':
    '<section><franceconnect-login><button>Se connecter avec Google</button></franceconnect-login></section>',
  'after another sign-in method': `<section>
    <form><input type="email" /><input type="password" /></form>
    <franceconnect-login></franceconnect-login>
  </section>`,
  'with an unknown variant': '<franceconnect-login variant="gold"></franceconnect-login>',
};

/** Renders `markup` in the page (opening its popover, if any); returns the container. */
export function render(markup: string): HTMLElement {
  const container = document.createElement('div');
  container.innerHTML = markup;
  document.body.append(container);
  container.querySelector<HTMLElement>('[popover]')?.showPopover();
  return container;
}

/** The kit element of `container`, upgraded. */
export function upgraded(container: HTMLElement): Element | null {
  const element = container.querySelector('franceconnect-login, franceconnect-button');
  return element?.shadowRoot ? element : null;
}
