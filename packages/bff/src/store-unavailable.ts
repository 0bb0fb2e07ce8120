/**
 * A store the BFF depends on could not be used (Redis down, a database file unwritable, PostgreSQL
 * unreachable). Every store's own error extends this one, so that the error handler answers 503 for
 * any of them without knowing the features: the process keeps serving and the next request tries again.
 */
export class StoreUnavailableError extends Error {
  override readonly name: string = 'StoreUnavailableError';
  constructor(
    /** Which store, for logs and metrics: `session`, `account`, `retrieved_data`… */
    readonly store: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
