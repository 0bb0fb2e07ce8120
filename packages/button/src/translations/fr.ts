import type { ButtonTexts, LoginTexts } from './translation.js';

export const button: ButtonTexts = {
  signInWith: 'S’identifier avec',
  retrieveDataWith: 'Récupérer ses données avec',
  whatIs: (brand) => `Qu’est-ce que ${brand} ?`,
  newWindow: 'nouvelle fenêtre',
};

export const login: LoginTexts = {
  sentence: (brand) =>
    brand === 'FranceConnect+'
      ? 'FranceConnect+ est la solution proposée par l’État pour renforcer la sécurité de vos services en ligne les plus sensibles.'
      : 'FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services en ligne.',
  or: 'ou',
  heading: { login: 'Se connecter', signup: 'Créer un compte' },
};
