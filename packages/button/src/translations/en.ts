import type {
  ButtonTexts,
  LoginTexts,
  PasskeyTexts,
  ProfileTexts,
  StepUpTexts,
  UserTexts,
} from './translation.js';

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
  reauthenticate: 'For your security, confirm your identity first: your changes will be kept.',
  confirmIdentity: 'Confirm my identity',
  restored: 'Your changes were kept: check them, then save.',
};

export const stepUp: StepUpTexts = {
  intro: {
    'recent-authentication': 'For your security, confirm your identity to go on.',
    'second-factor':
      'For your security, this needs a second authentication factor: a passkey, or FranceConnect+.',
  },
  usePasskey: 'Use my passkey',
  password: 'Password',
  confirm: 'Confirm',
  wrongPassword: 'Wrong password.',
  passkeyFailed: 'The passkey could not be verified. Try again, or use another way.',
  busy: 'Checking…',
  confirmed: 'Your identity is confirmed.',
  continue: 'Continue',
  none: {
    'recent-authentication': 'No way to confirm your identity is available: sign out, then sign in again.',
    'second-factor': 'Your account has no second factor: add a passkey from your profile.',
  },
  signedOut: 'Your session has ended: sign in again.',
  signIn: 'Sign in',
  unavailable: 'The service does not answer. Check your Internet connection, then try again.',
};

export const passkeys: PasskeyTexts = {
  empty: 'No passkey is registered on your account.',
  added: (date) => `Added on ${date}`,
  lastUsed: (date) => `last used on ${date}`,
  neverUsed: 'never used',
  synced: 'synced between your devices',
  rename: (name) => `Rename “${name}”`,
  remove: (name) => `Remove “${name}”`,
  renameButton: 'Rename',
  removeButton: 'Remove',
  newName: 'New name',
  save: 'Save',
  cancel: 'Cancel',
  confirmRemoval: (name) => `Remove the passkey “${name}” from your account?`,
  yesRemove: 'Yes, remove it',
  nameLabel: 'Name of the new passkey',
  nameHint: 'To recognise it, for example “My phone”.',
  add: 'Add a passkey',
  registered: (name) => `The passkey “${name}” is added.`,
  renamed: 'The name is saved.',
  removed: (name) => `The passkey “${name}” is removed.`,
  failed: 'That did not work. Please try again.',
  unsupported: 'Your browser does not support passkeys.',
  stepUp: 'For your security, confirm your identity first:',
};
