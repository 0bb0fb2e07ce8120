// Connexion: FranceConnect first (<franceconnect-login>), then the local sign-in with an email and a
// password (`POST /auth/local/login`), and FranceConnect+ (eIDAS substantial) for those who have it.
// All lead back to `?returnTo=` (a path of this site).
import { handleSubmit, send } from '../forms.js';
import { returnTo } from '../site.js';

const destination = returnTo();
const login = document.querySelector('franceconnect-login');
if (login && destination !== '/') login.href = `/auth/login?returnTo=${encodeURIComponent(destination)}`;
const plus = document.querySelector<HTMLElement & { href?: string }>('franceconnect-button[variant="plus"]');
if (plus && destination !== '/') plus.href = `/auth/plus/login?returnTo=${encodeURIComponent(destination)}`;
const signUp = document.querySelector<HTMLAnchorElement>('a[href="/inscription"].button--secondary');
if (signUp && destination !== '/') signUp.search = `?returnTo=${encodeURIComponent(destination)}`;

handleSubmit(
  document.querySelector<HTMLFormElement>('#connexion-locale'),
  async ({ email, password }) => {
    const answer = await send('/auth/local/login', { email, password });
    if (answer.status !== 200) return answer;
    location.assign(destination);
    return 'done';
  },
  'La connexion n’a pas abouti. Veuillez réessayer.',
);
