import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { OutboundInterceptor } from '../franceconnect/outbound-fetch.js';

/*
 * Prometheus metrics of one BFF (prom-client, a registry of its own). Every label value comes from a
 * closed list written here: a value outside it is counted as `other`. So no label can carry an
 * identity, an email, a session or user id, a token or anything a client sends.
 */

/** Why a sign-in failed: the reasons the BFF logs (`login.rejected`…), nothing else. */
const FAILURE_REASONS = new Set<string>([
  'cancelled',
  'invalid_credentials',
  'throttled',
  // routes/callback.ts
  'malformed_callback',
  'replayed_state',
  'missing_state',
  'unknown_state',
  'issuer_mismatch',
  'franceconnect_error',
  'missing_code',
  // franceconnect/errors.ts (FranceConnectErrorCode)
  'unavailable',
  'metadata_invalid',
  'token_rejected',
  'id_token_invalid',
  'nonce_mismatch',
  'acr_insufficient',
  'userinfo_invalid',
  'claims_invalid',
]);
const STORES = new Set(['session', 'account', 'retrieved_data']);
const METHODS = new Set(['franceconnect', 'local']);
const FRANCECONNECT_ENDPOINTS: Array<[RegExp, string]> = [
  [/\/\.well-known\/openid-configuration$/, 'discovery'],
  [/\/jwks$/, 'jwks'],
  [/\/token$/, 'token'],
  [/\/userinfo$/, 'userinfo'],
  [/\/session\/end$/, 'end_session'],
];

const allowed = (values: Set<string>, value: unknown) =>
  typeof value === 'string' && values.has(value) ? value : 'other';

/** The state of the last call to FranceConnect, for readiness. */
export interface OutboundHealth {
  /** `undefined` before any call. */
  lastOutcome: 'ok' | 'error' | undefined;
  /** Epoch ms of the last failure. */
  lastFailureAt: number | undefined;
}

export class BffMetrics {
  readonly registry = new Registry();
  readonly franceconnect: OutboundHealth = { lastOutcome: undefined, lastFailureAt: undefined };
  readonly #signIns: Counter<'method'>;
  readonly #failures: Counter<'reason'>;
  readonly #storeErrors: Counter<'store'>;
  readonly #franceconnectLatency: Histogram<'endpoint' | 'outcome'>;
  readonly #providerLatency: Histogram<'outcome'>;
  readonly #retrievals: Counter<'outcome'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'franceconnect_bff_' });
    this.#signIns = new Counter({
      name: 'franceconnect_bff_sign_ins_total',
      help: 'Sessions signed in, by method (franceconnect, local).',
      labelNames: ['method'],
      registers,
    });
    this.#failures = new Counter({
      name: 'franceconnect_bff_sign_in_failures_total',
      help: 'Sign-ins that did not complete, by reason (cancelled, unknown_state, invalid_credentials…).',
      labelNames: ['reason'],
      registers,
    });
    this.#storeErrors = new Counter({
      name: 'franceconnect_bff_store_errors_total',
      help: 'Failures of a store (session, account, retrieved_data).',
      labelNames: ['store'],
      registers,
    });
    this.#franceconnectLatency = new Histogram({
      name: 'franceconnect_bff_franceconnect_request_duration_seconds',
      help: 'Calls to FranceConnect, by endpoint and outcome (2xx…5xx, error).',
      labelNames: ['endpoint', 'outcome'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#providerLatency = new Histogram({
      name: 'franceconnect_bff_data_provider_request_duration_seconds',
      help: 'Calls to the data provider, by outcome (2xx…5xx, error).',
      labelNames: ['outcome'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#retrievals = new Counter({
      name: 'franceconnect_bff_data_retrievals_total',
      help: 'Data retrievals, by outcome (retrieved, or the failure code).',
      labelNames: ['outcome'],
      registers,
    });
    for (const method of METHODS) this.#signIns.inc({ method }, 0);
  }

  /** Counts what the BFF's structured log events tell (see `observedLogger`). */
  observe(event: string, fields: Record<string, unknown>): void {
    switch (event) {
      case 'session.signed_in':
        this.#signIns.inc({ method: allowed(METHODS, fields.method ?? 'franceconnect') });
        return;
      case 'login.rejected':
        this.#failures.inc({ reason: allowed(FAILURE_REASONS, fields.reason) });
        return;
      case 'login.cancelled':
        this.#failures.inc({ reason: 'cancelled' });
        return;
      case 'sign_in.refused':
        this.#failures.inc({ reason: 'invalid_credentials' });
        return;
      case 'sign_in.throttled':
        this.#failures.inc({ reason: 'throttled' });
        return;
      case 'data.retrieved':
        this.#retrievals.inc({ outcome: 'retrieved' });
        return;
      case 'data.failed':
      case 'data.refused':
        this.#retrievals.inc({ outcome: allowed(DATA_OUTCOMES, fields.code ?? fields.reason) });
        return;
    }
    const store = /^(\w+)_store\.(unavailable|connection_lost|rewrite_failed)$/.exec(event)?.[1];
    if (store !== undefined) this.#storeErrors.inc({ store: allowed(STORES, store) });
  }

  /** Times each call to FranceConnect (and records its outcome for readiness). */
  franceconnectInterceptor(inner: OutboundInterceptor | undefined): OutboundInterceptor {
    return async (url, request, send) => {
      const endpoint = FRANCECONNECT_ENDPOINTS.find(([pattern]) => pattern.test(new URL(url).pathname))?.[1];
      const stop = this.#franceconnectLatency.startTimer({ endpoint: endpoint ?? 'other' });
      try {
        const response = await (inner ? inner(url, request, send) : send(url, request));
        stop({ outcome: `${Math.floor(response.status / 100)}xx` });
        this.franceconnect.lastOutcome = response.status >= 500 ? 'error' : 'ok';
        if (response.status >= 500) this.franceconnect.lastFailureAt = Date.now();
        return response;
      } catch (error) {
        stop({ outcome: 'error' });
        this.franceconnect.lastOutcome = 'error';
        this.franceconnect.lastFailureAt = Date.now();
        throw error;
      }
    };
  }

  /** Times each call to the data provider. */
  dataProviderInterceptor(inner: OutboundInterceptor | undefined): OutboundInterceptor {
    return async (url, request, send) => {
      const stop = this.#providerLatency.startTimer();
      try {
        const response = await (inner ? inner(url, request, send) : send(url, request));
        stop({ outcome: `${Math.floor(response.status / 100)}xx` });
        return response;
      } catch (error) {
        stop({ outcome: 'error' });
        throw error;
      }
    };
  }

  /** `GET /metrics` in Prometheus's text format: mount it on a port or path that only Prometheus reaches. */
  readonly handler: RequestHandler = (_req, res, next) => {
    this.registry.metrics().then((text) => {
      res.set('Content-Type', this.registry.contentType).set('Cache-Control', 'no-store').send(text);
    }, next);
  };
}

const DATA_OUTCOMES = new Set([
  'unavailable',
  'timeout',
  'token_refused',
  'forbidden',
  'not_found',
  'rejected',
  'invalid_response',
  'identity_mismatch',
  'account_mismatch',
  'cancelled',
]);
