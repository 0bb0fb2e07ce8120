// The BFF sends the browser home with `?notice=<code>` (an interrupted sign-in, an unconfirmed
// logout, a deleted account…): only the code travels; the text is the BFF's own (`NOTICES`).
import { NOTICES } from 'virtual:bff-notices';

const TONES: Record<string, { tone: 'success' | 'warning' | 'error'; title: string }> = {
  'login-interrupted': { tone: 'error', title: 'Connexion interrompue' },
  'logout-unconfirmed': { tone: 'warning', title: 'Déconnexion de FranceConnect non confirmée' },
  'logout-franceconnect-unreachable': { tone: 'warning', title: 'FranceConnect ne répond pas' },
  'account-deleted': { tone: 'success', title: 'Compte supprimé' },
  'account-deleted-franceconnect-unreachable': { tone: 'warning', title: 'Compte supprimé' },
  'data-retrieved': { tone: 'success', title: 'Données récupérées' },
};

/** Renders the page's notice, if any, at the start of `container`, then drops it from the address. */
export function showNotice(container: Element | null): void {
  const url = new URL(location.href);
  const code = url.searchParams.get('notice');
  if (!container || code === null || !Object.hasOwn(NOTICES, code)) return;
  const { tone, title } = TONES[code] ?? { tone: 'error', title: 'Récupération des données' };
  const alert = document.createElement('div');
  alert.className = `alert alert--${tone}`;
  alert.setAttribute('role', 'alert');
  const heading = document.createElement('strong');
  heading.className = 'alert__title';
  heading.textContent = title;
  const text = document.createElement('p');
  text.textContent = NOTICES[code] ?? '';
  alert.append(heading, text);
  container.prepend(alert);
  // A reload or a bookmark does not show it again.
  url.searchParams.delete('notice');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
}
