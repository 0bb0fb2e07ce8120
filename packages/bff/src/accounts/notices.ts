/** Notices of the accounts (see `NOTICES`). */
export const ACCOUNT_NOTICES = {
  /** The account was deleted, every session ended, and FranceConnect's session too (qualification #12). */
  'account-deleted':
    'Votre compte a été supprimé et vous êtes déconnecté, de ce service comme de FranceConnect.',
  /** The account was deleted and every session ended, while FranceConnect could not be reached. */
  'account-deleted-franceconnect-unreachable':
    'Votre compte a été supprimé et vous êtes déconnecté de ce service. FranceConnect ne répond pas pour le moment : fermez votre navigateur pour terminer votre session FranceConnect.',
} as const;
