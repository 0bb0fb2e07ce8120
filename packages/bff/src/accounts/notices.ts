/** Notices of the accounts (see `NOTICES`). */
export const ACCOUNT_NOTICES = {
  /** The account was deleted, every session ended, and FranceConnect's session too (qualification #12). */
  'account-deleted':
    'Votre compte a été supprimé et vous êtes déconnecté, de ce service comme de FranceConnect.',
} as const;
