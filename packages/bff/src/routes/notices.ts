/** Notices of signing in and out (see `NOTICES`). */
export const SIGN_IN_NOTICES = {
  /** `state` or `nonce` did not match, or the answer did not belong to this browser (qualification #20). */
  'login-interrupted':
    'Votre connexion avec FranceConnect n’a pas pu être vérifiée : par sécurité, elle a été interrompue. Veuillez réessayer.',
  /** Signed out of the service, but FranceConnect's answer to the logout could not be checked. */
  'logout-unconfirmed':
    'Vous êtes déconnecté de ce service. La déconnexion de FranceConnect n’a pas pu être confirmée : fermez votre navigateur pour terminer votre session FranceConnect.',
  /** Signed out of the service while FranceConnect could not be reached: its session is still open. */
  'logout-franceconnect-unreachable':
    'Vous êtes déconnecté de ce service. FranceConnect ne répond pas pour le moment : votre session FranceConnect n’a pas pu être fermée. Fermez votre navigateur pour la terminer.',
} as const;
