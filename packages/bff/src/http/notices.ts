import { DATA_NOTICES } from '../data/failures.js';

/**
 * Notices the BFF sends the browser home with (`/?notice=<code>`): the home page shows the text of
 * the code. Only codes travel in the URL, never free text, so nothing can be injected through it.
 */
export const NOTICES = {
  /** `state` or `nonce` did not match, or the answer did not belong to this browser (qualification #20). */
  'login-interrupted':
    'Votre connexion avec FranceConnect n’a pas pu être vérifiée : par sécurité, elle a été interrompue. Veuillez réessayer.',
  /** Signed out of the service, but FranceConnect's answer to the logout could not be checked. */
  'logout-unconfirmed':
    'Vous êtes déconnecté de ce service. La déconnexion de FranceConnect n’a pas pu être confirmée : fermez votre navigateur pour terminer votre session FranceConnect.',
  /** The account was deleted, every session ended, and FranceConnect's session too (qualification #12). */
  'account-deleted':
    'Votre compte a été supprimé et vous êtes déconnecté, de ce service comme de FranceConnect.',
  /** Data retrieval's outcomes, sent back to the form's page (`data-retrieved`, `data-not-found`…). */
  ...DATA_NOTICES,
} as const;

export type NoticeCode = keyof typeof NOTICES;

export function isNoticeCode(value: unknown): value is NoticeCode {
  return typeof value === 'string' && Object.hasOwn(NOTICES, value);
}

/** `home` with `notice=<code>` added to its query. */
export function withNotice(home: string, code: NoticeCode): string {
  const url = new URL(home, 'http://notice.invalid');
  url.searchParams.set('notice', code);
  return `${url.pathname}${url.search}${url.hash}`;
}
