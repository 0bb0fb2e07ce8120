import type {
  ButtonTexts,
  LoginTexts,
  PasskeyTexts,
  ProfileTexts,
  StepUpTexts,
  UserTexts,
} from './translation.js';

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
  reauthenticate: 'Par sécurité, confirmez d’abord votre identité : vos modifications seront conservées.',
  confirmIdentity: 'Confirmer mon identité',
  restored: 'Vos modifications ont été conservées : vérifiez-les, puis enregistrez.',
};

export const stepUp: StepUpTexts = {
  intro: {
    'recent-authentication': 'Par sécurité, confirmez votre identité pour continuer.',
    'second-factor':
      'Par sécurité, cette action demande un second facteur d’authentification : une clé d’accès, ou FranceConnect+.',
  },
  usePasskey: 'Utiliser ma clé d’accès',
  password: 'Mot de passe',
  confirm: 'Confirmer',
  wrongPassword: 'Mot de passe incorrect.',
  passkeyFailed: 'La clé d’accès n’a pas pu être vérifiée. Réessayez, ou utilisez un autre moyen.',
  busy: 'Vérification en cours…',
  confirmed: 'Votre identité est confirmée.',
  continue: 'Continuer',
  none: {
    'recent-authentication':
      'Aucun moyen de confirmer votre identité n’est disponible : déconnectez-vous, puis reconnectez-vous.',
    'second-factor':
      'Aucun second facteur n’est disponible sur votre compte : ajoutez une clé d’accès depuis votre profil.',
  },
  signedOut: 'Votre session a pris fin : connectez-vous à nouveau.',
  signIn: 'Se connecter',
  unavailable: 'Le service ne répond pas. Vérifiez votre connexion à Internet, puis réessayez.',
};

export const passkeys: PasskeyTexts = {
  empty: 'Aucune clé d’accès n’est enregistrée sur votre compte.',
  added: (date) => `Ajoutée le ${date}`,
  lastUsed: (date) => `dernière utilisation le ${date}`,
  neverUsed: 'jamais utilisée',
  synced: 'synchronisée entre vos appareils',
  rename: (name) => `Renommer « ${name} »`,
  remove: (name) => `Retirer « ${name} »`,
  renameButton: 'Renommer',
  removeButton: 'Retirer',
  newName: 'Nouveau nom',
  save: 'Enregistrer',
  cancel: 'Annuler',
  confirmRemoval: (name) => `Retirer la clé d’accès « ${name} » de votre compte ?`,
  yesRemove: 'Oui, la retirer',
  nameLabel: 'Nom de la nouvelle clé d’accès',
  nameHint: 'Pour la reconnaître, par exemple « Mon téléphone ».',
  add: 'Ajouter une clé d’accès',
  registered: (name) => `La clé d’accès « ${name} » est ajoutée.`,
  renamed: 'Le nom est enregistré.',
  removed: (name) => `La clé d’accès « ${name} » est retirée.`,
  failed: 'L’opération n’a pas abouti. Veuillez réessayer.',
  unsupported: 'Votre navigateur ne permet pas d’utiliser des clés d’accès.',
  stepUp: 'Par sécurité, confirmez d’abord votre identité :',
};
