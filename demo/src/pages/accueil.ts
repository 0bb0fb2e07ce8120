// Accueil: the BFF's notices (`?notice=`), and a greeting once signed in.
import { displayName, session } from '../session.js';
import { showNotice } from '../notices.js';
import '../site.js';

showNotice(document.querySelector('[data-notice]'));

void session.then((signedIn) => {
  if (!signedIn) return;
  for (const element of document.querySelectorAll<HTMLElement>('[data-signed-out]')) element.hidden = true;
  const greeting = document.querySelector<HTMLElement>('[data-signed-in]');
  const name = greeting?.querySelector('[data-name]');
  if (!greeting || !name) return;
  name.textContent = displayName(signedIn);
  greeting.hidden = false;
  // Signed in with FranceConnect for the first time, the account not created yet.
  const pending = document.querySelector<HTMLElement>('[data-pending]');
  if (pending) pending.hidden = signedIn.account !== null;
});
