import { dataSchemaOf, isDataApiName } from '@franceconnect-kit/protocol';
import { z } from 'zod';
import { FranceConnectUnreachableError, findCause } from '../franceconnect/errors.js';
import type { OutboundFetch } from '../franceconnect/outbound-fetch.js';
import type { JsonValue } from '../session/session-data.js';
import { DataRetrievalError } from './failures.js';
import type { DataSettings } from './settings.js';

/** One call to the data provider: an API of the catalogue (or a scope's own), its endpoint and scopes. */
export interface ProviderCall {
  /** The API's name (`statut_etudiant`). */
  api: string;
  provider: string;
  endpoint: string;
  scopes: string[];
}

/** A larger answer is not what a data API sends for one person: refused rather than held in memory. */
export const MAX_RESPONSE_BYTES = 256 * 1024;

/** A `Retry-After` beyond this is not believed: the person is told to come back later anyway. */
const MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60;

/** One call per allowed API that serves some of `scopes`, with those scopes, in the allow-list's order. */
export function callsFor(settings: DataSettings, scopes: readonly string[]): ProviderCall[] {
  return settings.apis.flatMap((api) => {
    const asked = api.scopes.filter((scope) => scopes.includes(scope));
    return asked.length === 0
      ? []
      : [{ api: api.name, provider: settings.providerUrl, endpoint: api.endpoint, scopes: asked }];
  });
}

// API Particulier's envelope: `{ data: {...}, links, meta }`; only `data` is kept.
const successSchema = z.looseObject({
  data: z.record(z.string(), z.unknown()).refine((value) => !Array.isArray(value), 'data must be an object'),
});
const errorSchema = z.looseObject({
  errors: z.array(z.looseObject({ code: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/) })).min(1),
});

/**
 * Calls the data provider as API Particulier's FranceConnect mode expects: `GET <endpoint>?recipient=
 * <SIRET>` with the FranceConnect access token as a Bearer token, at once (it lives 60 seconds).
 * Resolves with the provider's `data`; rejects with a `DataRetrievalError` naming what went wrong.
 */
export async function callProvider(
  fetch: OutboundFetch,
  settings: DataSettings,
  call: ProviderCall,
  accessToken: string,
): Promise<Record<string, JsonValue>> {
  const url = new URL(`${call.provider}${call.endpoint}`);
  url.searchParams.set('recipient', settings.recipientSiret);
  let response: Response;
  try {
    response = await fetch(url.href, {
      method: 'GET',
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      body: undefined,
    });
  } catch (error) {
    throw unreachable(error);
  }

  let body: string;
  try {
    body = await readCapped(response, MAX_RESPONSE_BYTES);
  } catch (error) {
    if (error instanceof DataRetrievalError) throw error;
    throw unreachable(error);
  }

  if (response.status !== 200) {
    throw failureOfStatus(response.status, body, retryAfterOf(response.headers.get('retry-after')));
  }
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(response.headers.get('content-type') ?? '')) {
    throw new DataRetrievalError('invalid_response', 'the data provider did not answer JSON', {
      status: 200,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new DataRetrievalError('invalid_response', 'the data provider answered malformed JSON', {
      status: 200,
    });
  }
  const result = successSchema.safeParse(parsed);
  if (!result.success) {
    throw new DataRetrievalError('invalid_response', 'the data provider’s answer has no data object', {
      status: 200,
    });
  }
  if (!isDataApiName(call.api)) return result.data.data as Record<string, JsonValue>;
  // The catalogue's shape: a field of another type is refused, a field it does not describe is dropped.
  const data = dataSchemaOf(call.api).safeParse(result.data.data);
  if (!data.success) {
    // The paths only: the values are personal data.
    const paths = [...new Set(data.error.issues.map((issue) => issue.path.join('.') || '(data)'))];
    throw new DataRetrievalError(
      'invalid_response',
      `the data provider’s answer does not match the catalogue at ${paths.slice(0, 5).join(', ')}`,
      { status: 200 },
    );
  }
  // JSON.parse only ever produces JSON values.
  return data.data as Record<string, JsonValue>;
}

/** `Retry-After` in seconds (delta-seconds or an HTTP date), when usable. */
export function retryAfterOf(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  const seconds = /^\d{1,10}$/.test(value) ? Number(value) : Math.ceil((Date.parse(value) - now) / 1000);
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  return Math.min(seconds, MAX_RETRY_AFTER_SECONDS);
}

function failureOfStatus(status: number, body: string, retryAfter: number | undefined): DataRetrievalError {
  // The provider's own error code (e.g. 37003) helps support; its free text is not logged.
  let providerCode = '';
  try {
    const errors = errorSchema.safeParse(JSON.parse(body));
    if (errors.success) providerCode = ` (code ${errors.data.errors[0]?.code ?? ''})`;
  } catch {
    // not JSON: nothing more to say
  }
  const detail = `the data provider answered ${status}${providerCode}`;
  if (status === 401) return new DataRetrievalError('token_refused', detail, { status });
  if (status === 403) return new DataRetrievalError('forbidden', detail, { status });
  if (status === 404) return new DataRetrievalError('not_found', detail, { status });
  if (status === 409) return new DataRetrievalError('conflict', detail, { status });
  if (status === 429) return new DataRetrievalError('rate_limited', detail, { status, retryAfter });
  if (status >= 400 && status < 500) return new DataRetrievalError('rejected', detail, { status });
  if (status >= 500) return new DataRetrievalError('unavailable', detail, { status });
  // 1xx, 2xx other than 200, 3xx (redirects are never followed).
  return new DataRetrievalError('invalid_response', detail, { status });
}

function unreachable(error: unknown): DataRetrievalError {
  const cause = findCause(error, FranceConnectUnreachableError);
  // The outbound client names timeouts; a body that stops arriving fails later, while being read.
  const timeout = cause ? cause.reason === 'timeout' : mentionsTimeout(error);
  return new DataRetrievalError(
    timeout ? 'timeout' : 'unavailable',
    timeout
      ? 'the data provider did not answer in time'
      : `the data provider could not be reached (${cause?.reason ?? 'network'})`,
    { cause: error },
  );
}

function mentionsTimeout(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (/Timeout|Abort/.test(current.name) || (typeof code === 'string' && code.includes('TIMEOUT'))) {
      return true;
    }
    current = current.cause;
  }
  return false;
}

/** The body as text, refused beyond `max` bytes without reading the rest. */
async function readCapped(response: Response, max: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > max || response.body === null) {
    await response.body?.cancel();
    if (declared > max) {
      throw new DataRetrievalError('invalid_response', 'the data provider’s answer is too large', {
        status: response.status,
      });
    }
    return '';
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new DataRetrievalError('invalid_response', 'the data provider’s answer is too large', {
        status: response.status,
      });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
