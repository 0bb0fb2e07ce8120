// The sign-up confirmation after a first FranceConnect sign-in (qualification #10), the BFF's
// `accounts.signUpPage`: the identity FranceConnect certified, locked, and the account created with
// <franceconnect-profile-form mode="signup">; or « J’ai déjà un compte », which links that identity to
// an existing local account (`POST /api/signup/link`, qualification #11).
import { handleSubmit, send } from '../forms.js';
import { PLACE_NAMES } from '../places.js';
import { session } from '../session.js';
import { returnTo, showState } from '../site.js';

const form = document.querySelector('franceconnect-profile-form');
if (form) form.placeNames = PLACE_NAMES;

void session.then((signedIn) => {
  showState(!signedIn ? 'signed-out' : signedIn.account ? 'account' : 'pending');
});

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
