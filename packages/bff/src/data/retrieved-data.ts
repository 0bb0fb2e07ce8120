import type { JsonValue } from '../session/session-data.js';
import type { DataFailureCode } from './failures.js';

/** One successful call to a data provider. */
export interface DataSource {
  /** The data provider's base URL. */
  provider: string;
  /** The endpoint called (its path). */
  endpoint: string;
  /** The data scopes this call was made for. */
  scopes: string[];
  /** ISO date of the retrieval. */
  retrievedAt: string;
}

/** The last failed retrieval, as the page can show it. */
export interface DataFailure {
  code: DataFailureCode;
  /** A French sentence for the person, e.g. « Le fournisseur de données ne répond pas… ». */
  message: string;
  provider: string;
  scopes: string[];
  /** ISO date of the attempt. */
  at: string;
}

/** The body of `GET /api/data`. */
export interface DataResponse {
  /** What the providers sent, by their own names (API Particulier's `data`: `quotient_familial`…). */
  data: Record<string, JsonValue>;
  /** Where each part came from and when, oldest first. */
  sources: DataSource[];
  /** ISO date of the latest successful retrieval, `null` if none succeeded. */
  retrievedAt: string | null;
  /** The last attempt, when it failed; `null` once one succeeds. */
  failure: DataFailure | null;
}

/** What one session retrieved: each source with its own data, and the last failure. */
export interface RetrievedData {
  sources: Array<DataSource & { data: Record<string, JsonValue> }>;
  failure: DataFailure | null;
}

/** A successful retrieval replaces what came from the same endpoint and clears the last failure. */
export function withSource(
  previous: RetrievedData | undefined,
  source: DataSource & { data: Record<string, JsonValue> },
): RetrievedData {
  const others = (previous?.sources ?? []).filter(
    (existing) => existing.provider !== source.provider || existing.endpoint !== source.endpoint,
  );
  return { sources: [...others, source], failure: null };
}

/** A failure is recorded next to what was retrieved before, which it never erases. */
export function withFailure(previous: RetrievedData | undefined, failure: DataFailure): RetrievedData {
  return { sources: previous?.sources ?? [], failure };
}

export function responseOf(retrieved: RetrievedData): DataResponse {
  const data: Record<string, JsonValue> = {};
  for (const source of retrieved.sources) Object.assign(data, source.data);
  const latest = retrieved.sources.map((source) => source.retrievedAt).sort();
  return {
    data,
    sources: retrieved.sources.map(({ data: _data, ...source }) => source),
    retrievedAt: latest.at(-1) ?? null,
    failure: retrieved.failure,
  };
}
