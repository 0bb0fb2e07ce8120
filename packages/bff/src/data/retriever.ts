import type { Request } from 'express';
import type { BffContext } from '../context.js';
import type { OutboundFetch } from '../franceconnect/outbound-fetch.js';
import type { Logger } from '../log.js';
import type { SignedIn } from '../session/session-data.js';
import { DATA_FAILURE_MESSAGES, DataRetrievalError, type DataFailureCode } from './failures.js';
import { callProvider, type ProviderCall } from './provider-call.js';
import type { ApiOutcome, DataFailure, RetrievedData } from './retrieved-data.js';
import type { RetrievedDataStore } from './retrieved-data-store.js';
import type { DataSettings } from './settings.js';

/** What both moments of retrieval share: the calls, and keeping their outcome for the session. */
export interface Retriever {
  /**
   * Calls every API at once, in parallel, with the access token (it lives 60 seconds); each outcome
   * stands on its own, a failure never hides another API's data. Logs each outcome without its data.
   * Never rejects.
   */
  retrieve(log: Logger, accessToken: string, calls: readonly ProviderCall[]): Promise<ApiOutcome[]>;
  /** Changes what this request's signed-in session retrieved, in one write. */
  keep(
    req: Request,
    signedIn: SignedIn,
    change: (previous: RetrievedData | undefined) => RetrievedData,
  ): Promise<void>;
  /** A failure as the page shows it. */
  failure(
    code: DataFailureCode,
    scopes: string[],
    extra?: { api?: string; retryAfter?: number | undefined },
  ): DataFailure;
}

export function createRetriever(
  ctx: BffContext,
  { settings, store, fetch }: { settings: DataSettings; store: RetrievedDataStore; fetch: OutboundFetch },
): Retriever {
  const failure: Retriever['failure'] = (code, scopes, extra = {}) => ({
    code,
    message: DATA_FAILURE_MESSAGES[code],
    provider: settings.providerUrl,
    scopes,
    at: new Date().toISOString(),
    ...(extra.api === undefined ? {} : { api: extra.api }),
    ...(extra.retryAfter === undefined ? {} : { retryAfter: extra.retryAfter }),
  });

  return {
    failure,
    retrieve: (log, accessToken, calls) =>
      Promise.all(
        calls.map(async (call): Promise<ApiOutcome> => {
          const { api, provider, endpoint, scopes } = call;
          try {
            const data = await callProvider(fetch, settings, call, accessToken);
            log.info({ event: 'data.retrieved', api, scopes }, 'data retrieved');
            return { api, provider, endpoint, scopes, data };
          } catch (caught) {
            const error =
              caught instanceof DataRetrievalError
                ? caught
                : new DataRetrievalError('unavailable', 'unexpected failure', { cause: caught });
            log.warn(
              {
                event: 'data.failed',
                api,
                code: error.code,
                status: error.status,
                detail: error.message,
                scopes,
              },
              'data retrieval failed',
            );
            return {
              api,
              provider,
              endpoint,
              scopes,
              failure: failure(error.code, scopes, { api, retryAfter: error.retryAfter }),
            };
          }
        }),
      ),
    keep: async (req, signedIn, change) => {
      const previous = await store.get(req.sessionID, signedIn.userId);
      // Never beyond the session's own end: its idle timeout from now, its absolute lifetime from sign-in.
      const absoluteLeft =
        (signedIn.signedInAt + ctx.settings.sessionAbsoluteTimeout * 1000 - Date.now()) / 1000;
      const ttl = Math.floor(Math.min(settings.retention, ctx.settings.sessionIdleTimeout, absoluteLeft));
      if (ttl > 0) await store.set(req.sessionID, signedIn.userId, change(previous), ttl);
    },
  };
}
