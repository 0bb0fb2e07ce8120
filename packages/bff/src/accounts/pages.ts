import type { Page } from '../http/pages.js';

const HOME = 'Retour à l’accueil';

/** The BFF's pages about linking an account to FranceConnect (« Lier mon compte FranceConnect »). */
export const ACCOUNT_PAGES = {
  signInFirst: (home: string): Page => ({
    title: 'Connectez-vous d’abord',
    paragraphs: [
      'Pour lier votre compte à FranceConnect, connectez-vous d’abord à votre compte, puis recommencez.',
    ],
    links: [{ href: home, label: HOME }],
  }),
  alreadyLinked: (profile: string): Page => ({
    title: 'Votre compte est déjà lié à FranceConnect',
    paragraphs: ['Vous pouvez déjà vous connecter à votre compte avec FranceConnect.'],
    links: [{ href: profile, label: 'Retour à votre profil' }],
  }),
  identityTaken: (profile: string): Page => ({
    title: 'Cette identité FranceConnect est déjà liée à un autre compte',
    paragraphs: [
      'Un autre compte de ce service utilise déjà cette identité FranceConnect : elle ne peut pas être liée à un second compte.',
      'Connectez-vous à cet autre compte avec FranceConnect, ou supprimez-le avant de recommencer.',
    ],
    links: [{ href: profile, label: 'Retour à votre profil' }],
  }),
} as const;
