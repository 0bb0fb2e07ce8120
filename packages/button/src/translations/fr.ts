import type { ButtonTexts, LoginTexts, ProfileTexts, UserTexts } from './translation.js';

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

export const user: UserTexts = {
  profile: 'Mon profil',
  logout: 'Se déconnecter',
  account: (name) => `Compte de ${name}`,
};

export const profile: ProfileTexts = {
  identity: 'Votre identité',
  locked: 'Ces informations sont fournies par FranceConnect et ne peuvent pas être modifiées.',
  labels: {
    given_name: 'Prénom(s)',
    family_name: 'Nom de naissance',
    birthdate: 'Date de naissance',
    gender: 'Sexe',
    birthplace: 'Lieu de naissance',
    birthcountry: 'Pays de naissance',
    preferred_username: 'Nom d’usage',
    email: 'Adresse électronique',
  },
  genders: { female: 'Féminin', male: 'Masculin', unspecified: 'Non précisé' },
  optional: 'Facultatif',
  submit: { profile: 'Enregistrer', signup: 'Créer mon compte' },
  saved: { profile: 'Vos modifications sont enregistrées.', signup: 'Votre compte est créé.' },
  failed: 'L’enregistrement n’a pas abouti. Veuillez réessayer.',
};
