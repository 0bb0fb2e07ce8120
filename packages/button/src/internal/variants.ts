// The three official buttons and what differs between them.

/** `login`: « S’identifier avec FranceConnect »; `plus`: FranceConnect+ (eIDAS substantial or high);
 * `data`: « Récupérer ses données avec FranceConnect » (an API FranceConnectée). */
export type ButtonVariant = 'login' | 'data' | 'plus';

/** The variant named by an attribute value; `login` for anything else. */
export const variantOf = (value: unknown): ButtonVariant =>
  value === 'data' || value === 'plus' ? value : 'login';

/** The brand line, never translated. */
export const brandOf = (variant: ButtonVariant): string =>
  variant === 'plus' ? 'FranceConnect+' : 'FranceConnect';

/** Target of the « Qu’est-ce que … ? » link (qualification #2). */
export const helpUrlOf = (variant: ButtonVariant): string =>
  `https://franceconnect.gouv.fr/${variant === 'plus' ? 'france-connect-plus' : ''}`;

/**
 * Where the button leads when the page gives no `href` and no fallback link or form: the BFF's routes
 * (FranceConnect+'s sign-in is its own, `/auth/plus/login`).
 */
export const defaultHrefOf = (variant: ButtonVariant): string =>
  ({ login: '/auth/login', data: '/auth/data', plus: '/auth/plus/login' })[variant];
