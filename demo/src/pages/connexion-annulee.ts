// The BFF's `pages.cancelled`: the person went back from FranceConnect (`access_denied`). It offers to
// try again and the site's other sign-in methods; someone already signed in (who was linking their
// account to FranceConnect) finds their way back to their profile.
import { session } from '../session.js';
import '../site.js';

void session.then((signedIn) => {
  const back = document.querySelector<HTMLElement>('[data-signed-in]');
  if (back) back.hidden = !signedIn?.account;
});
