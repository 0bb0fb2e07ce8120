import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  DATA_API_NAMES,
  DATA_APIS,
  dataForScopes,
  siretProblem,
  type DataApiName,
} from '@franceconnect-kit/protocol';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { z } from 'zod';
import { apiError, caseOf, type ErrorCase } from './api-errors.js';
import { sendJson } from './http-io.js';
import {
  dataRecordOf,
  loadIdentities,
  parseIdentities,
  type ProviderErrorStatus,
  type TestIdentity,
} from './identities.js';
import { listen } from './listen.js';
import { franceConnectClaims, introspectionIdentity, type IntrospectionIdentity } from './pivot-claims.js';

export interface DataProviderOptions {
  /** Default 3002; 0 picks a free port. */
  port?: number;
  /** Default `'127.0.0.1'`. */
  host?: string;
  /** The local FranceConnect's issuer (`RunningMockFranceConnect.issuer`), whose `/checktoken` it calls. */
  issuer: string;
  /** This data provider's credentials at FranceConnect (e.g. `DEMO_DATA_PROVIDER`). */
  client_id: string;
  client_secret: string;
  /** Whose records it holds. Default: the identities file shipped with the package. */
  identities?: TestIdentity[];
}

/** An answer forced on the next requests (tests): an error, a delay, or both. */
export interface ForcedAnswer {
  /** Only requests to this API (default: any). */
  api?: DataApiName;
  /** Answer this error, as API Particulier words it, whatever the token and the recipient. */
  status?: ProviderErrorStatus;
  /** Seconds in a 429's `Retry-After` (default 30). */
  retryAfter?: number;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
  /** How many requests it applies to (default 1). */
  times?: number;
}

/** One request the data provider received, as tests may check it (never the token or the data). */
export interface ReceivedRequest {
  /** Epoch milliseconds when it arrived. */
  at: number;
  /** Epoch milliseconds when it was answered. */
  answeredAt: number;
  path: string;
  /** The catalogue API of the path, if any. */
  api: DataApiName | undefined;
  recipient: string | null;
  /** What FranceConnect's `/checktoken` said of the bearer token (`unchecked`: not asked). */
  token: 'absent' | 'active' | 'inactive' | 'unchecked';
  /** The token's data scopes when it was active, and its end (epoch seconds). */
  scopes?: string[];
  tokenExpiresAt?: number;
  /** A digest of the bearer token: equal for requests made with the same token, never the token. */
  tokenId?: string;
  status: number;
}

export interface RunningDataProvider {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** What it received, oldest first (the last 1000 requests). */
  readonly received: readonly ReceivedRequest[];
  /** Forces an answer on the next matching request(s): an error status, a delay. */
  forceNext(answer: ForcedAnswer): void;
  close: () => Promise<void>;
}

/** API Particulier v3's family-quotient endpoint, FranceConnect mode. */
export const QUOTIENT_FAMILIAL_PATH = DATA_APIS.quotient_familial.endpoint;

const introspectionSchema = z.object({
  token_introspection: z.union([
    z.object({
      active: z.literal(true),
      scope: z.string(),
      exp: z.number().optional(),
      given_name: z.string(),
      given_name_array: z.array(z.string()),
      family_name: z.string(),
      birthdate: z.string(),
      gender: z.enum(['female', 'male', 'unspecified']),
      birthplace: z.string(),
      birthcountry: z.string(),
    }),
    z.object({ active: z.literal(false) }),
  ]),
});
type Introspection = z.infer<typeof introspectionSchema>['token_introspection'];

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;
const JOURNAL_SIZE = 1000;

function samePerson(a: IntrospectionIdentity, b: IntrospectionIdentity): boolean {
  return (
    a.family_name === b.family_name &&
    a.given_name === b.given_name &&
    a.birthdate === b.birthdate &&
    a.gender === b.gender &&
    a.birthplace === b.birthplace &&
    a.birthcountry === b.birthcountry
  );
}

const apiOfPath = new Map<string, DataApiName>(
  DATA_API_NAMES.map((name) => [DATA_APIS[name].endpoint, name]),
);

/**
 * Starts a data provider that behaves like API Particulier v3 in FranceConnect mode, for every API of
 * the catalogue: the service calls `GET <endpoint>?recipient=<SIRET>` with the FranceConnect access
 * token; it checks the token at FranceConnect's `/checktoken` with its own credentials, finds the
 * person by their pivot identity, and answers `{ data, links, meta }` with what the token's scopes
 * open, or API Particulier's errors (401, 403, 404, 409, 422, 429 with `Retry-After`, 503).
 */
export async function startDataProvider(options: DataProviderOptions): Promise<RunningDataProvider> {
  const people = (options.identities ? parseIdentities(options.identities) : loadIdentities()).map(
    (identity) => ({ pivot: introspectionIdentity(franceConnectClaims(identity)), identity }),
  );
  const issuer = options.issuer.replace(/\/+$/, '');
  const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`));
  const received: ReceivedRequest[] = [];
  const forced: Array<ForcedAnswer & { left: number }> = [];

  async function checkToken(token: string): Promise<Introspection> {
    const response = await fetch(`${issuer}/checktoken`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token,
        client_id: options.client_id,
        client_secret: options.client_secret,
      }),
    });
    if (response.status !== 200) throw new Error(`FranceConnect's /checktoken answered ${response.status}`);
    const { payload } = await jwtVerify(await response.text(), jwks, {
      issuer,
      audience: options.client_id,
      typ: 'token-introspection+jwt',
    });
    return introspectionSchema.parse(payload).token_introspection;
  }

  function takeForced(api: DataApiName): ForcedAnswer | undefined {
    const index = forced.findIndex((answer) => answer.api === undefined || answer.api === api);
    const answer = forced[index];
    if (!answer) return undefined;
    if (--answer.left <= 0) forced.splice(index, 1);
    return answer;
  }

  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    api: DataApiName,
    entry: Omit<ReceivedRequest, 'answeredAt' | 'status'>,
  ): Promise<number> {
    const catalogue = DATA_APIS[api];
    const fail = (error: ErrorCase, retryAfter = 30): number => {
      const headers: Record<string, string> = {};
      if (error.status === 401) headers['www-authenticate'] = 'Bearer';
      if (error.status === 429) {
        // API Particulier's rate limit headers (documentation « Volumétrie »), and the wait.
        headers['retry-after'] = String(retryAfter);
        headers['ratelimit-limit'] = '20';
        headers['ratelimit-remaining'] = '0';
        headers['ratelimit-reset'] = String(Math.ceil(Date.now() / 1000) + retryAfter);
      }
      sendJson(res, error.status, { errors: [apiError(catalogue, error)] }, headers);
      return error.status;
    };

    const answer = takeForced(api);
    if (answer?.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (answer?.status !== undefined) return fail(caseOf(answer.status), answer.retryAfter);

    const bearer = BEARER.exec(req.headers.authorization ?? '');
    if (!bearer?.[1]) {
      entry.token = 'absent';
      return fail({ status: 401, reason: 'absent' });
    }
    entry.tokenId = createHash('sha256').update(bearer[1]).digest('base64url').slice(0, 16);
    let introspection: Introspection;
    try {
      introspection = await checkToken(bearer[1]);
    } catch (error) {
      console.error(
        `local data provider: checktoken failed: ${error instanceof Error ? error.message : 'error'}`,
      );
      sendJson(res, 502, {
        errors: [
          {
            code: '00502',
            title: 'FranceConnect injoignable',
            detail: 'La vérification du jeton auprès de FranceConnect a échoué.',
            source: null,
            meta: {},
          },
        ],
      });
      return 502;
    }
    if (!introspection.active) {
      entry.token = 'inactive';
      return fail({ status: 401, reason: 'invalid' });
    }
    entry.token = 'active';
    entry.scopes = introspection.scope.split(' ').filter(Boolean);
    if (introspection.exp !== undefined) entry.tokenExpiresAt = introspection.exp;

    // As API Particulier: the recipient is checked once the FranceConnect token is.
    const recipient = url.searchParams.get('recipient');
    if (recipient === null || recipient === '') return fail({ status: 422, reason: 'missing' });
    if (siretProblem(recipient) !== undefined) return fail({ status: 422, reason: 'not_a_siret' });

    const scopes = entry.scopes.filter((scope) => Object.hasOwn(catalogue.scopes, scope));
    if (scopes.length === 0) return fail({ status: 403 });

    const person = people.find((candidate) => samePerson(candidate.pivot, introspection));
    const record = person && dataRecordOf(person.identity, api);
    if (!record) return fail({ status: 404 });
    if ('error' in record && typeof record.error === 'number') {
      const retryAfter = typeof record.retryAfter === 'number' ? record.retryAfter : undefined;
      return fail(caseOf(record.error as ProviderErrorStatus), retryAfter);
    }
    sendJson(res, 200, { data: dataForScopes(catalogue, record, scopes), links: {}, meta: {} });
    return 200;
  }

  const listening = await listen(options.host ?? '127.0.0.1', options.port ?? 3002, () => (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const api = apiOfPath.get(url.pathname);
    const entry: Omit<ReceivedRequest, 'answeredAt' | 'status'> = {
      at: Date.now(),
      path: url.pathname,
      api,
      recipient: url.searchParams.get('recipient'),
      token: 'unchecked',
    };
    const record = (status: number) => {
      received.push({ ...entry, answeredAt: Date.now(), status });
      if (received.length > JOURNAL_SIZE) received.shift();
    };
    if (api === undefined || req.method !== 'GET') {
      const status = api === undefined ? 404 : 405;
      sendJson(res, status, {
        errors: [
          {
            code: api === undefined ? '00404' : '00405',
            title: api === undefined ? 'Ressource inconnue' : 'Méthode non autorisée',
            detail: `Seuls GET <endpoint>?recipient=<SIRET> existent : ${[...apiOfPath.keys()].join(', ')}.`,
            source: null,
            meta: {},
          },
        ],
      });
      record(status);
      return;
    }
    serve(req, res, url, api, entry)
      .then(record)
      .catch((error: unknown) => {
        console.error(
          `local data provider: ${req.method} ${url.pathname} failed: ${error instanceof Error ? error.message : 'error'}`,
        );
        if (!res.headersSent)
          sendJson(res, 500, {
            errors: [
              { code: '00500', title: 'Erreur interne', detail: 'Erreur interne.', source: null, meta: {} },
            ],
          });
        record(500);
      });
  });
  return {
    url: listening.url,
    received,
    forceNext: (answer) => {
      forced.push({ ...answer, left: answer.times ?? 1 });
    },
    close: listening.close,
  };
}
