import { DATA_APIS, isDataApiName } from '@franceconnect-kit/protocol';
import type { JsonValue } from '../session/session-data.js';
import type { DataFailureCode } from './failures.js';

/** A retrieval that did not happen, as the page can show it. */
export interface DataFailure {
  code: DataFailureCode;
  /** A French sentence for the person, e.g. « Le fournisseur de données ne répond pas… ». */
  message: string;
  provider: string;
  scopes: string[];
  /** ISO date of the attempt. */
  at: string;
  /** The API that failed; absent when the whole attempt did (cancelled, another person…). */
  api?: string;
  /** Seconds the provider asked to wait before trying again (a 429's `Retry-After`). */
  retryAfter?: number;
}

/** What one session holds of one API: its last data, and its last attempt when that failed. */
export interface ApiRetrieval {
  provider: string;
  endpoint: string;
  /** The scopes of the last attempt. */
  scopes: string[];
  /** What the API sent last time it answered (API Particulier's `data`), `null` if it never did. */
  data: Record<string, JsonValue> | null;
  /** ISO date of `data`. */
  retrievedAt: string | null;
  /** The last attempt, when it failed; `null` once one succeeds. A failure never erases `data`. */
  failure: DataFailure | null;
}

/** What one session retrieved, per API, and how its last attempt ended. Plain JSON (any store fits). */
export interface RetrievedData {
  apis: Record<string, ApiRetrieval>;
  /** The last attempt's first failure, `null` when it fully succeeded. */
  failure: DataFailure | null;
}

/** One API in `GET /api/data`. */
export interface ApiResponse extends ApiRetrieval {
  /** The API's French name (the catalogue's), e.g. « Statut étudiant ». */
  label: string;
  /** The administration that holds the data, as FranceConnect names it. */
  administration: string;
  /** How its last attempt ended. */
  status: 'retrieved' | 'failed';
}

/** Where a part of `data` came from (`GET /api/data`'s `sources`). */
export interface DataSource {
  api: string;
  /** The data provider's base URL. */
  provider: string;
  /** The endpoint called (its path). */
  endpoint: string;
  /** The data scopes this call was made for. */
  scopes: string[];
  /** ISO date of the retrieval. */
  retrievedAt: string;
}

/** The body of `GET /api/data`. */
export interface DataResponse {
  /** Per API (`statut_etudiant`…): what came back, or why nothing did. */
  apis: Record<string, ApiResponse>;
  /**
   * Every API's `data` merged into one object, by the providers' own names. Kept for pages written
   * before `apis`: two APIs may use the same name (`est_beneficiaire`), so read `apis` instead.
   */
  data: Record<string, JsonValue>;
  /** Where each part of `data` came from and when, oldest first. */
  sources: DataSource[];
  /** ISO date of the latest successful retrieval, `null` if none succeeded. */
  retrievedAt: string | null;
  /** The last attempt's first failure; `null` when it fully succeeded. */
  failure: DataFailure | null;
}

/** One call's outcome, as kept. */
export type ApiOutcome = { api: string; provider: string; endpoint: string; scopes: string[] } & (
  { data: Record<string, JsonValue>; failure?: undefined } | { data?: undefined; failure: DataFailure }
);

/**
 * An attempt's outcomes, API by API: a success replaces that API's data and clears its failure; a
 * failure is recorded next to the data retrieved before, which it never erases.
 */
export function withOutcomes(
  previous: RetrievedData | undefined,
  outcomes: readonly ApiOutcome[],
  at: string,
): RetrievedData {
  const apis = { ...previous?.apis };
  for (const outcome of outcomes) {
    const { api, provider, endpoint, scopes } = outcome;
    const before = apis[api];
    apis[api] =
      outcome.data !== undefined
        ? { provider, endpoint, scopes, data: outcome.data, retrievedAt: at, failure: null }
        : {
            provider,
            endpoint,
            scopes,
            data: before?.data ?? null,
            retrievedAt: before?.retrievedAt ?? null,
            failure: outcome.failure,
          };
  }
  return { apis, failure: outcomes.find((outcome) => outcome.failure)?.failure ?? null };
}

/** A failure of the whole attempt (cancelled, another person's identity…), recorded on each API asked. */
export function withFailure(
  previous: RetrievedData | undefined,
  failure: DataFailure,
  calls: ReadonlyArray<{ api: string; provider: string; endpoint: string; scopes: string[] }>,
): RetrievedData {
  const apis = { ...previous?.apis };
  for (const { api, provider, endpoint, scopes } of calls) {
    const before = apis[api];
    apis[api] = {
      provider,
      endpoint,
      scopes,
      data: before?.data ?? null,
      retrievedAt: before?.retrievedAt ?? null,
      failure,
    };
  }
  return { apis, failure };
}

export function responseOf(retrieved: RetrievedData): DataResponse {
  // A store shared across versions may still hold what an earlier version kept (without `apis`).
  const kept = retrieved.apis ?? {};
  const apis: Record<string, ApiResponse> = {};
  for (const [name, api] of Object.entries(kept)) {
    const entry = isDataApiName(name) ? DATA_APIS[name] : undefined;
    apis[name] = {
      label: entry?.label ?? name,
      administration: entry?.administration ?? '',
      status: api.failure ? 'failed' : 'retrieved',
      ...api,
    };
  }
  const sources = Object.entries(kept)
    .flatMap(([name, api]) =>
      api.data !== null && api.retrievedAt !== null
        ? [
            {
              api: name,
              provider: api.provider,
              endpoint: api.endpoint,
              scopes: api.scopes,
              retrievedAt: api.retrievedAt,
              data: api.data,
            },
          ]
        : [],
    )
    .sort((a, b) => a.retrievedAt.localeCompare(b.retrievedAt));
  const data: Record<string, JsonValue> = {};
  for (const source of sources) Object.assign(data, source.data);
  return {
    apis,
    data,
    sources: sources.map(({ data: _data, ...source }) => source),
    retrievedAt: sources.at(-1)?.retrievedAt ?? null,
    failure: retrieved.failure,
  };
}
