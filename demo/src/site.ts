// What every page of the demo loads: the kit's elements, the site's styles, the theme switch, and the
// header's account area (« Se connecter » / « Créer un compte », or the signed-in person).
import '@franceconnect-kit/button';
import './styles/site.css';
import { session } from './session.js';
import { setUpThemeSwitch } from './theme.js';

setUpThemeSwitch(document.querySelector<HTMLSelectElement>('#theme-choice'));

void session.then((signedIn) => {
  const area = document.querySelector('[data-account]');
  if (!signedIn || !area) return;
  // qualification #14: the person sees they are signed in, reaches their profile, logs out.
  const user = document.createElement('franceconnect-user');
  user.data = signedIn;
  user.profileHref = '/profil';
  area.replaceChildren(user);
});

/**
 * Where to go after signing in or up: the page's `?returnTo=`, resolved as the browser resolves it (tabs
 * and newlines dropped, `\` read as `/`, dot segments removed), kept only when it stays on this site
 * and names no other host; else `fallback`. A path of this site, never another site.
 */
export function returnTo(fallback = '/'): string {
  const value = new URLSearchParams(location.search).get('returnTo');
  if (!value) return fallback;
  try {
    const url = new URL(value, location.origin);
    if (url.origin !== location.origin || url.pathname.startsWith('//')) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/** Shows the elements marked `data-state="<state>"` and hides the other states of the page. */
export function showState(state: string): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-state]')) {
    element.hidden = element.dataset.state !== state;
  }
}
