import type { ButtonTexts, LoginTexts } from './translation.js';

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
