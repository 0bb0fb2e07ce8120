// The sign-up confirmation after a first FranceConnect sign-in (qualification #10), the BFF's
// `accounts.signUpPage`: the identity FranceConnect certified, locked, and the account created with
// <franceconnect-profile-form mode="signup">; or « J’ai déjà un compte », which links that identity to
// an existing local account once its password is typed (`POST /api/signup/link`, qualification #11).
// When a local account declared this identity, the page says so first.
import { handleSubmit, send } from '../forms.js';
import { PLACE_NAMES } from '../places.js';
import { session } from '../session.js';
import { returnTo, showState } from '../site.js';

const form = document.querySelector('franceconnect-profile-form');
if (form) form.placeNames = PLACE_NAMES;

void session.then(async (signedIn) => {
  showState(!signedIn ? 'signed-out' : signedIn.account ? 'account' : 'pending');
  if (signedIn && !signedIn.account) await pointOutExistingAccount();
});

/**
 * A local account declared this identity (the BFF's `existingAccount`): it is linked only once its
 * password is typed here, never by the identity alone (qualification #11).
 */
async function pointOutExistingAccount(): Promise<void> {
  try {
    const response = await fetch('/api/signup', {
      headers: { accept: 'application/json' },
      cache: 'no-store',
    });
    const body = response.ok ? ((await response.json()) as { existingAccount?: boolean }) : {};
    const notice = document.querySelector<HTMLElement>('[data-existing-account]');
    if (notice && body.existingAccount === true) notice.hidden = false;
  } catch {
    // offline: the page works without the notice
  }
}

handleSubmit(
  document.querySelector<HTMLFormElement>('#relier'),
  async ({ email, password }) => {
    const answer = await send('/api/signup/link', { email, password });
    if (answer.status !== 200) return answer;
    location.assign(returnTo());
    return 'done';
  },
  'La liaison de votre compte n’a pas abouti. Veuillez réessayer.',
);
