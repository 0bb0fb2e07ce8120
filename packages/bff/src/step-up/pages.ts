import type { Page } from '../http/pages.js';

/** The BFF's pages about confirming one's identity for a sensitive act. */
export const STEP_UP_PAGES = {
  signedOut: (signIn: string): Page => ({
    title: 'Votre session a pris fin',
    paragraphs: ['Connectez-vous à nouveau pour continuer.'],
    links: [{ href: signIn, label: 'Se connecter' }],
  }),
  notComparable: (platform: string, back: string): Page => ({
    title: `${platform} ne peut pas confirmer votre identité ici`,
    paragraphs: [
      `Votre compte n’est pas lié à ${platform} : ce service ne pourrait pas vérifier que c’est bien vous.`,
      'Utilisez un autre moyen de confirmer votre identité.',
    ],
    links: [{ href: back, label: 'Retour' }],
  }),
  notNew: (platform: string, retry: string, back: string): Page => ({
    title: 'Votre identité n’a pas été demandée à nouveau',
    paragraphs: [
      `${platform} n’a pas demandé à nouveau votre identification : elle ne peut pas confirmer cette action.`,
      'Réessayez dans quelques instants.',
    ],
    links: [
      { href: retry, label: 'Réessayer' },
      { href: back, label: 'Retour' },
    ],
  }),
} as const;

/** Notices of confirming one's identity (see `NOTICES`). */
export const STEP_UP_NOTICES = {
  /** Someone else's FranceConnect(+) identity was used to confirm a sensitive act: refused, and logged out of it. */
  'reauthentication-refused':
    'L’identité utilisée pour confirmer n’est pas celle de votre compte : l’action n’a pas été autorisée. Vous restez connecté à ce service.',
} as const;
