// Inscription: FranceConnect first (<franceconnect-login mode="signup">), then a local account with an
// email and a password (`POST /auth/local/signup`), optionally with the identity the person declares,
// which links the account to FranceConnect at their first FranceConnect sign-in (qualification #11).
import { handleSubmit, send } from '../forms.js';
import { returnTo } from '../site.js';

const IDENTITY = ['given_name', 'family_name', 'birthdate', 'gender', 'birthcountry', 'birthplace'] as const;

const destination = returnTo();
const login = document.querySelector('franceconnect-login');
if (login && destination !== '/') login.href = `/auth/login?returnTo=${encodeURIComponent(destination)}`;

handleSubmit(
  document.querySelector<HTMLFormElement>('#inscription-locale'),
  async (values) => {
    const body: Record<string, string> = { email: values.email ?? '', password: values.password ?? '' };
    if (values.preferred_username) body.preferred_username = values.preferred_username;
    // The identity goes whole or not at all; the BFF names what is missing.
    if (IDENTITY.some((field) => values[field])) {
      for (const field of IDENTITY) {
        const value = values[field] ?? '';
        if (value !== '' || field === 'birthplace') body[field] = value;
      }
    }
    const answer = await send('/auth/local/signup', body);
    if (answer.status !== 201) return answer;
    location.assign(destination);
    return 'done';
  },
  'La création du compte n’a pas abouti. Veuillez réessayer.',
);
