import type { ButtonTexts, LoginTexts, ProfileTexts, UserTexts } from './translation.js';

export const button: ButtonTexts = {
  signInWith: 'Sign in with',
  retrieveDataWith: 'Retrieve my data with',
  whatIs: (brand) => `What is ${brand}?`,
  newWindow: 'new window',
};

export const login: LoginTexts = {
  sentence: (brand) =>
    brand === 'FranceConnect+'
      ? 'FranceConnect+ is the solution offered by the French State to strengthen the security of your most sensitive online services.'
      : 'FranceConnect is the solution offered by the French State to secure and simplify signing in to your online services.',
  or: 'or',
  heading: { login: 'Sign in', signup: 'Create an account' },
};

export const user: UserTexts = {
  profile: 'My profile',
  logout: 'Sign out',
  account: (name) => `Account of ${name}`,
};

export const profile: ProfileTexts = {
  identity: 'Your identity',
  locked: 'This information is provided by FranceConnect and cannot be changed.',
  labels: {
    given_name: 'Given name(s)',
    family_name: 'Birth name',
    birthdate: 'Date of birth',
    gender: 'Sex',
    birthplace: 'Place of birth',
    birthcountry: 'Country of birth',
    preferred_username: 'Usage name',
    email: 'Email address',
  },
  genders: { female: 'Female', male: 'Male', unspecified: 'Unspecified' },
  optional: 'Optional',
  submit: { profile: 'Save', signup: 'Create my account' },
  saved: { profile: 'Your changes are saved.', signup: 'Your account is created.' },
  failed: 'Saving failed. Please try again.',
};
