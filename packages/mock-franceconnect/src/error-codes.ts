/**
 * FranceConnect's error codes, as its error page shows them (`back/_doc/erreurs.md` in FranceConnect's
 * sources), with the message it shows the user. Y000400, Y000404 and Y000500 are the codes FranceConnect's
 * core gives to plain HTTP errors (bad request, not found, server error).
 */
export const ERROR_CODES = {
  /** One or more `/authorize` parameters failed FranceConnect's validation (missing, unknown, bad format). */
  Y030007: 'Une erreur technique est survenue, fermez l’onglet de votre navigateur et reconnectez-vous.',
  /** An `idp_hint` that is not an allowed identity provider. */
  Y030016: 'Une erreur technique est survenue, fermez l’onglet de votre navigateur et reconnectez-vous.',
  /** A bad request the OpenID Connect layer cannot send back to the service (unknown client, bad URL…). */
  Y000400: 'Une erreur technique est survenue, fermez l’onglet de votre navigateur et reconnectez-vous.',
  /** A checktoken call without the required parameters. */
  Y000013: 'Required parameter missing or invalid.',
  /** FranceConnect+: its session (10 minutes) expired, or the browser lost its cookie. */
  Y150001:
    'Votre session FranceConnect+ a expiré : elle ne dure que 10 minutes. Retournez sur le service et recommencez.',
  /** The interaction or session expired, or the browser lost its cookie. */
  Y190001: 'Votre session a expiré ou est invalide, fermez l’onglet de votre navigateur et reconnectez-vous.',
  /** Unknown data provider at `/checktoken`. */
  Y330001: 'Unknown client.',
  /** A data provider's wrong secret at `/checktoken`. */
  Y330002: 'Client authentication failed.',
  Y000404: 'La page demandée n’existe pas.',
  Y000500: 'Une erreur technique est survenue. Si le problème persiste, veuillez nous contacter.',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/** An error shown on FranceConnect's error page (never redirected to the service). */
export class FranceConnectPageError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    /** What was wrong, for the service's developers (shown under the user message). */
    readonly problems: readonly string[],
  ) {
    super(`${code}: ${problems.join('; ')}`);
    this.name = 'FranceConnectPageError';
  }
}
