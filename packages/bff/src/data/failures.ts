/**
 * Why a retrieval did not happen, each with the French sentence the person reads (in `/api/data`'s
 * `failure.message`, and as the `?notice=data-…` text of pages without JavaScript). The sentences
 * never quote the provider's own answer: it is third-party text.
 */
export const DATA_FAILURE_MESSAGES = {
  /** Connection refused or reset, TLS refused, a 5xx answer. */
  unavailable:
    'Le fournisseur de données n’a pas pu être joint. Vos données n’ont pas été récupérées : réessayez dans quelques instants, ou remplissez le formulaire vous-même.',
  timeout:
    'Le fournisseur de données n’a pas répondu à temps. Vos données n’ont pas été récupérées : réessayez dans quelques instants, ou remplissez le formulaire vous-même.',
  /** 401: the access token was refused (expired, revoked). */
  token_refused:
    'Le fournisseur de données n’a pas accepté l’autorisation transmise par FranceConnect. Vos données n’ont pas été récupérées : vous pouvez réessayer.',
  /** 403: the token does not carry a scope the provider serves, or this service is not allowed. */
  forbidden:
    'Le fournisseur de données n’autorise pas ce service à recevoir ces données. Vos données n’ont pas été récupérées : remplissez le formulaire vous-même.',
  /** 404: no record for this person. */
  not_found:
    'Aucun dossier à votre nom n’a été trouvé chez le fournisseur de données. Remplissez le formulaire vous-même.',
  /** 409: a request for the same data is already being processed at the provider. */
  conflict:
    'Une demande de vos données est déjà en cours chez le fournisseur de données. Vos données n’ont pas été récupérées : réessayez dans quelques instants.',
  /** 429: the provider receives too many requests from this service. */
  rate_limited:
    'Le fournisseur de données reçoit trop de demandes. Vos données n’ont pas été récupérées : réessayez dans quelques minutes, ou remplissez le formulaire vous-même.',
  /** 400, 422 or another 4xx: the provider refused this service's request (e.g. its recipient SIRET). */
  rejected:
    'Le fournisseur de données a refusé la demande de ce service. Vos données n’ont pas été récupérées : remplissez le formulaire vous-même.',
  /** Not JSON, not the expected shape, too large, or a redirect. */
  invalid_response:
    'La réponse du fournisseur de données est illisible. Vos données n’ont pas été récupérées : réessayez plus tard, ou remplissez le formulaire vous-même.',
  /** FranceConnect answered for another person than the one signed in to the service. */
  identity_mismatch:
    'L’identité utilisée sur FranceConnect n’est pas celle de la personne connectée à ce service. Par sécurité, aucune donnée n’a été récupérée.',
  /** The FranceConnect identity is linked to another account than the signed-in one. */
  account_mismatch:
    'Cette identité FranceConnect est liée à un autre compte que le vôtre. Par sécurité, aucune donnée n’a été récupérée.',
  /** The person went back from FranceConnect without confirming the transfer. */
  cancelled:
    'Vous avez annulé la récupération de vos données avec FranceConnect. Vous pouvez réessayer, ou remplir le formulaire vous-même.',
} as const;

export type DataFailureCode = keyof typeof DATA_FAILURE_MESSAGES;

/** A retrieval that did not happen, with its reason (`code`) and, for logs, a detail without data. */
export class DataRetrievalError extends Error {
  override readonly name = 'DataRetrievalError';
  readonly code: DataFailureCode;
  /** The provider's HTTP status, when it answered. */
  readonly status: number | undefined;
  /** Seconds the provider asks to wait before trying again (its `Retry-After`), when it said so. */
  readonly retryAfter: number | undefined;

  constructor(
    code: DataFailureCode,
    detail: string,
    options: { status?: number; retryAfter?: number | undefined; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.retryAfter = options.retryAfter;
  }
}

/**
 * The notices the data route sends the browser back with (`returnTo?notice=data-…`), merged into the
 * BFF's `NOTICES`: only codes travel in the URL.
 */
export const DATA_NOTICES = {
  'data-retrieved': 'Vos données ont été récupérées avec FranceConnect.',
  'data-unavailable': DATA_FAILURE_MESSAGES.unavailable,
  'data-timeout': DATA_FAILURE_MESSAGES.timeout,
  'data-token-refused': DATA_FAILURE_MESSAGES.token_refused,
  'data-forbidden': DATA_FAILURE_MESSAGES.forbidden,
  'data-not-found': DATA_FAILURE_MESSAGES.not_found,
  'data-conflict': DATA_FAILURE_MESSAGES.conflict,
  'data-rate-limited': DATA_FAILURE_MESSAGES.rate_limited,
  'data-rejected': DATA_FAILURE_MESSAGES.rejected,
  'data-invalid-response': DATA_FAILURE_MESSAGES.invalid_response,
  'data-identity-mismatch': DATA_FAILURE_MESSAGES.identity_mismatch,
  'data-account-mismatch': DATA_FAILURE_MESSAGES.account_mismatch,
  'data-cancelled': DATA_FAILURE_MESSAGES.cancelled,
} as const satisfies Record<`data-${string}`, string>;

export type DataNoticeCode = keyof typeof DATA_NOTICES;

export function noticeOfFailure(code: DataFailureCode): DataNoticeCode {
  return `data-${code.replace(/_/g, '-')}` as DataNoticeCode;
}
