import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import * as client from 'openid-client';
import { z } from 'zod';
import type { SigningAlgorithm } from '../config.js';
import type { Logger } from '../log.js';
import { Availability } from './availability.js';
import { FranceConnectError, FranceConnectUnreachableError, findCause } from './errors.js';
import { isLoopbackUrl } from './loopback.js';
import { createOutboundClient, type OutboundClient, type OutboundInterceptor } from './outbound-fetch.js';

export interface FranceConnectClientOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  signingAlgorithm: SigningAlgorithm;
  /** Seconds before an outbound call gives up. */
  httpTimeout: number;
  logger: Logger;
  trustedCertificates?: readonly string[] | undefined;
  interceptor?: OutboundInterceptor | undefined;
  /** After a failed discovery, calls fail fast for this long instead of hammering FranceConnect. */
  retryDelayMs?: number;
  /** How long a probe of FranceConnect may take before it counts as down, in ms. Default: `httpTimeout`, at most 5 s. */
  probeTimeoutMs?: number;
  /** FranceConnect+: the ID token and userinfo come encrypted to the service's keys, and must. */
  encryption?: ResponseDecryption | undefined;
}

/** Opens FranceConnect+'s encrypted answers (franceconnect-plus/response-encryption.ts). */
export interface ResponseDecryption {
  /** The key management algorithm of the published key, which FranceConnect+ must offer. */
  readonly currentAlgorithm: string;
  /** Lets openid-client decrypt the answers of one exchange. */
  configure(config: client.Configuration): Promise<void>;
  /** The signed JWT inside an encrypted answer; rejects (`encryption_invalid`) anything else. */
  open(token: string | undefined, part: 'id_token' | 'userinfo'): Promise<string>;
}

/** How many times the documents were fetched over the network (the benchmark expects 0 per sign-in). */
export interface FranceConnectFetchCounts {
  discovery: number;
  jwks: number;
}

/** One code exchange: its configuration, and the raw ID token once the token endpoint answered. */
export interface Exchange {
  config: client.Configuration;
  /** The signed ID token the token endpoint returned (on FranceConnect+, once decrypted). */
  receivedIdToken(): string | undefined;
}

interface Loaded {
  metadata: client.ServerMetadata;
  /** Used only to build URLs (authorize, end session): no network call goes through it. */
  urlConfiguration: client.Configuration;
  /** The origins of the authorization and end-session endpoints, computed on first use. */
  browserOrigins?: ReadonlySet<string>;
}

function originsOf(metadata: client.ServerMetadata): ReadonlySet<string> {
  return new Set(
    [metadata.authorization_endpoint, metadata.end_session_endpoint]
      .filter((endpoint): endpoint is string => typeof endpoint === 'string' && URL.canParse(endpoint))
      .map((endpoint) => new URL(endpoint).origin),
  );
}

const endpoint = z.string().refine((value) => URL.canParse(value), 'not a URL');
const metadataSchema = z.object({
  issuer: z.string(),
  authorization_endpoint: endpoint,
  token_endpoint: endpoint,
  userinfo_endpoint: endpoint,
  jwks_uri: endpoint,
  end_session_endpoint: endpoint,
  id_token_signing_alg_values_supported: z.array(z.string()).optional(),
  userinfo_signing_alg_values_supported: z.array(z.string()).optional(),
});
const jwksSchema = z.object({ keys: z.array(z.looseObject({ kid: z.string().optional() })).max(100) });

/**
 * FranceConnect as seen by the BFF: its metadata and signing keys, fetched once and cached
 * (proconnect-identite refetches discovery on every request; we do not), and the openid-client
 * configuration every protocol step uses.
 *
 * - Discovery is lazy and shared by concurrent callers; a failure is retried by the next caller after
 *   a short delay, so the BFF recovers by itself when FranceConnect comes back.
 * - The JWKS is kept in memory. When FranceConnect signs with a `kid` the cache does not hold (key
 *   rotation), it is fetched again, once for that `kid`, before the signature is checked.
 */
export class FranceConnectClient {
  readonly issuer: string;
  readonly fetchCounts: FranceConnectFetchCounts = { discovery: 0, jwks: 0 };
  readonly #options: FranceConnectClientOptions;
  readonly #outbound: OutboundClient;
  readonly #insecure: boolean;
  /** Whether FranceConnect answers: fed by every call to it, and a probe when nothing was heard lately. */
  readonly #availability: Availability;
  #loaded: Loaded | undefined;
  #loading: Promise<Loaded> | undefined;
  #failure: { at: number; error: FranceConnectError } | undefined;
  #jwks: JSONWebKeySet = { keys: [] };
  /** `kid`s for which the JWKS was already fetched again: never twice for the same one. */
  readonly #refetchedFor = new Set<string>();

  constructor(options: FranceConnectClientOptions) {
    this.#options = options;
    this.issuer = options.issuer;
    this.#insecure = new URL(options.issuer).protocol === 'http:';
    this.#outbound = createOutboundClient({
      timeoutSeconds: options.httpTimeout,
      trustedCertificates: options.trustedCertificates,
      interceptor: options.interceptor,
    });
    const probeTimeout = options.probeTimeoutMs ?? Math.min(options.httpTimeout * 1000, 5000);
    this.#availability = new Availability({
      logger: options.logger,
      // HEAD of the discovery document: the host of the authorization and logout endpoints, no body,
      // and never mistaken for a fetch of the metadata (those are counted: once per process).
      probe: async () => {
        const response = await this.#outbound.fetch(discoveryUrl(this.issuer), {
          method: 'HEAD',
          headers: { accept: 'application/json' },
          body: undefined,
          signal: AbortSignal.timeout(probeTimeout),
        });
        await response.body?.cancel();
        if (response.status >= 500) throw new Error(`FranceConnect answered ${response.status}`);
      },
    });
  }

  /**
   * Whether a browser may be sent to FranceConnect now: `false` while its calls fail (the breaker is
   * open), after a short probe when nothing was heard from it lately. Sign-ins show the unavailable
   * page at once instead of sending the browser to a dead host; logouts stay local.
   */
  reachable(): Promise<boolean> {
    return this.#availability.reachable();
  }

  /** Discovery and JWKS, fetched on first use. Rejects with `FranceConnectError` (`unavailable`…). */
  async metadata(): Promise<client.ServerMetadata> {
    return (await this.#load()).metadata;
  }

  /**
   * The origins this client sends browsers to (its authorization and end-session endpoints), once
   * discovered: the only other sites a redirect of the BFF may lead to.
   */
  browserOrigins(): ReadonlySet<string> {
    const loaded = this.#loaded;
    if (!loaded) return new Set();
    return (loaded.browserOrigins ??= originsOf(loaded.metadata));
  }

  /** The configuration used to build authorization and end-session URLs. */
  async urlConfiguration(): Promise<client.Configuration> {
    return (await this.#load()).urlConfiguration;
  }

  /**
   * A configuration for one code exchange (token + userinfo): `client_secret_post`, the registered
   * signing algorithm, signatures of the ID token and userinfo verified (openid-client only does so
   * with `enableNonRepudiationChecks`), keys served from the cache. A fresh one per exchange so that
   * a JWKS refreshed by a rotation is the one openid-client sees; the keys are still imported once per
   * JWKS, not per exchange (see `cachedJwksResponse`).
   */
  async exchange(): Promise<Exchange> {
    const { metadata } = await this.#load();
    const config = this.#configuration(metadata);
    const encryption = this.#options.encryption;
    await encryption?.configure(config);
    let idToken: string | undefined;
    config[client.customFetch] = async (url, request) => {
      if (sameUrl(url, metadata.jwks_uri) && request.method === 'GET') {
        // openid-client asks for the keys; they come from the cache, never from the network.
        return cachedJwksResponse(this.#jwks);
      }
      const response = await this.#send(url, request);
      const isToken = sameUrl(url, metadata.token_endpoint);
      if ((isToken || sameUrl(url, metadata.userinfo_endpoint)) && response.status === 200) {
        // The body is read once, here, and handed on as a new response: no second stream (clone).
        const text = await response.text();
        let jws = signedPart(response.headers.get('content-type'), text);
        // FranceConnect+: nothing but a JWE to the service's key goes further (openid-client alone would take a JWS).
        if (encryption) jws = await encryption.open(jws, isToken ? 'id_token' : 'userinfo');
        if (isToken) idToken = jws;
        if (jws !== undefined) await this.#ensureKeyFor(jws);
        return new Response(text, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      }
      return response;
    };
    client.enableNonRepudiationChecks(config);
    return { config, receivedIdToken: () => idToken };
  }

  /**
   * Whether `idToken` carries FranceConnect's valid signature and names this client as audience,
   * whatever its other claims. Only used to decide whether it may go back to FranceConnect as an
   * `id_token_hint` after a nonce mismatch.
   */
  async isSignedForUs(idToken: string): Promise<boolean> {
    try {
      const { payload } = await compactVerify(idToken, createLocalJWKSet(this.#jwks), {
        algorithms: [this.#options.signingAlgorithm],
      });
      const claims = z
        .object({ iss: z.string(), aud: z.union([z.string(), z.array(z.string())]) })
        .parse(JSON.parse(new TextDecoder().decode(payload)));
      const audiences = typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
      return claims.iss === this.issuer && audiences.includes(this.#options.clientId);
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.#outbound.close();
  }

  #configuration(metadata: client.ServerMetadata): client.Configuration {
    const algorithm = this.#options.signingAlgorithm;
    const config = new client.Configuration(
      metadata,
      this.#options.clientId,
      {
        client_secret: this.#options.clientSecret,
        id_token_signed_response_alg: algorithm,
        userinfo_signed_response_alg: algorithm,
      },
      // FranceConnect refuses client_secret_basic, openid-client's usual default.
      client.ClientSecretPost(this.#options.clientSecret),
    );
    config.timeout = this.#options.httpTimeout;
    // The configuration accepts only http issuers on loopback hosts (qualification #18).
    if (this.#insecure) client.allowInsecureRequests(config);
    return config;
  }

  async #load(): Promise<Loaded> {
    if (this.#loaded) return this.#loaded;
    if (this.#loading) return this.#loading;
    const retryDelay = this.#options.retryDelayMs ?? 2000;
    if (this.#failure && Date.now() - this.#failure.at < retryDelay) throw this.#failure.error;
    this.#loading = this.#discover()
      .then((loaded) => {
        this.#loaded = loaded;
        this.#failure = undefined;
        return loaded;
      })
      .catch((error: unknown) => {
        const failure = asFranceConnectError(error);
        this.#failure = { at: Date.now(), error: failure };
        this.#options.logger.warn(
          { event: 'franceconnect.discovery_failed', code: failure.code, reason: reasonOf(failure) },
          'FranceConnect discovery failed',
        );
        throw failure;
      })
      .finally(() => {
        this.#loading = undefined;
      });
    return this.#loading;
  }

  async #discover(): Promise<Loaded> {
    const discovered = await client.discovery(
      new URL(this.issuer),
      this.#options.clientId,
      this.#options.clientSecret,
      client.ClientSecretPost(this.#options.clientSecret),
      {
        [client.customFetch]: (url, request) => {
          this.fetchCounts.discovery++;
          return this.#send(url, request);
        },
        execute: this.#insecure ? [client.allowInsecureRequests] : [],
        timeout: this.#options.httpTimeout,
      },
    );
    const metadata = discovered.serverMetadata();
    const parsed = metadataSchema.safeParse(metadata);
    if (!parsed.success) {
      throw new FranceConnectError(
        'metadata_invalid',
        `FranceConnect's metadata lacks ${issuePaths(parsed.error)}`,
      );
    }
    for (const name of [
      'authorization_endpoint',
      'token_endpoint',
      'userinfo_endpoint',
      'jwks_uri',
      'end_session_endpoint',
    ] as const) {
      const url = new URL(parsed.data[name]);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
        throw new FranceConnectError('metadata_invalid', `FranceConnect's ${name} is not https`);
      }
    }
    const algorithm = this.#options.signingAlgorithm;
    for (const name of [
      'id_token_signing_alg_values_supported',
      'userinfo_signing_alg_values_supported',
    ] as const) {
      const supported = parsed.data[name];
      if (supported && !supported.includes(algorithm)) {
        throw new FranceConnectError(
          'metadata_invalid',
          `FranceConnect does not offer ${algorithm} (${name})`,
        );
      }
    }
    const encryption = this.#options.encryption;
    if (encryption) {
      for (const part of ['id_token', 'userinfo'] as const) {
        const algorithms = metadata[`${part}_encryption_alg_values_supported`];
        const encodings = metadata[`${part}_encryption_enc_values_supported`];
        if (Array.isArray(algorithms) && !algorithms.includes(encryption.currentAlgorithm)) {
          throw new FranceConnectError(
            'metadata_invalid',
            `FranceConnect+ does not encrypt with ${encryption.currentAlgorithm} (${part}_encryption_alg_values_supported)`,
          );
        }
        if (Array.isArray(encodings) && !encodings.includes('A256GCM')) {
          throw new FranceConnectError(
            'metadata_invalid',
            `FranceConnect+ does not encrypt with A256GCM (${part}_encryption_enc_values_supported)`,
          );
        }
      }
    }
    this.#jwks = await this.#fetchJwks(parsed.data.jwks_uri);
    this.#options.logger.info(
      { event: 'franceconnect.discovered', issuer: this.issuer },
      'FranceConnect discovered',
    );
    return { metadata, urlConfiguration: this.#configuration(metadata) };
  }

  async #fetchJwks(jwksUri: string): Promise<JSONWebKeySet> {
    this.fetchCounts.jwks++;
    const response = await this.#send(jwksUri, {
      method: 'GET',
      headers: { accept: 'application/json' },
      body: undefined,
      redirect: 'manual',
    });
    if (response.status !== 200) {
      throw new FranceConnectError('metadata_invalid', `FranceConnect's JWKS answered ${response.status}`);
    }
    const parsed = jwksSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success)
      throw new FranceConnectError('metadata_invalid', "FranceConnect's JWKS is malformed");
    return deepFreeze(parsed.data);
  }

  /**
   * The outbound client, with 5xx answers treated as FranceConnect being unavailable; every outcome
   * feeds the breaker.
   */
  async #send(url: string, request: client.CustomFetchOptions): Promise<Response> {
    let response: Response;
    try {
      response = await this.#outbound.fetch(url, request);
    } catch (error) {
      this.#availability.failed();
      throw error;
    }
    if (response.status >= 500) {
      this.#availability.failed();
      await response.body?.cancel();
      throw new FranceConnectUnreachableError('server_error', `FranceConnect answered ${response.status}`);
    }
    this.#availability.succeeded();
    return response;
  }

  /** Key rotation: a JWS signed with a `kid` we do not know makes us fetch the JWKS again, once. */
  async #ensureKeyFor(jws: string): Promise<void> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(jws).kid;
    } catch {
      return; // openid-client reports the malformed JWT itself
    }
    if (kid === undefined || this.#jwks.keys.some((key) => key.kid === kid)) return;
    if (this.#refetchedFor.has(kid)) return;
    if (this.#refetchedFor.size >= 100) this.#refetchedFor.clear();
    this.#refetchedFor.add(kid);
    const { jwks_uri: jwksUri } = await this.metadata();
    if (jwksUri === undefined) return;
    this.#jwks = await this.#fetchJwks(jwksUri);
    this.#options.logger.info(
      { event: 'franceconnect.jwks_refreshed' },
      'FranceConnect signing keys fetched again',
    );
  }
}

/**
 * The cached JWKS as openid-client reads it, the same (frozen) objects every time: openid-client keeps
 * the keys it imported by JWK object, so FranceConnect's keys are imported once per JWKS, not at every
 * exchange as a newly parsed JSON body would make it do.
 */
function cachedJwksResponse(jwks: JSONWebKeySet): Response {
  const response = new Response(null, { status: 200, headers: { 'content-type': 'application/json' } });
  Object.defineProperty(response, 'json', { value: () => Promise.resolve(jwks) });
  return response;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** Where an OpenID Provider publishes its metadata. */
function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

/** The JWS of a token response (its `id_token`) or of a JWT userinfo response, from its body. */
function signedPart(contentType: string | null, text: string): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/jwt') return text.trim();
  if (type === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (
      typeof body === 'object' &&
      body !== null &&
      'id_token' in body &&
      typeof body.id_token === 'string'
    ) {
      return body.id_token;
    }
  }
  return undefined;
}

function sameUrl(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  if (a === b) return true;
  return URL.canParse(a) && URL.canParse(b) && new URL(a).href === new URL(b).href;
}

function issuePaths(error: z.ZodError): string {
  return [...new Set(error.issues.map((issue) => issue.path.join('.')))].join(', ');
}

/** Any failure while discovering FranceConnect becomes a `FranceConnectError`. */
export function asFranceConnectError(error: unknown): FranceConnectError {
  if (error instanceof FranceConnectError) return error;
  const unreachable = findCause(error, FranceConnectUnreachableError);
  if (unreachable) return new FranceConnectError('unavailable', unreachable.message, { cause: unreachable });
  const known = findCause(error, FranceConnectError);
  if (known) return known;
  const message = error instanceof Error ? error.message : 'unknown error';
  return new FranceConnectError('metadata_invalid', `FranceConnect's discovery failed: ${message}`, {
    cause: error,
  });
}

/** A short, secret-free reason for logs: the unreachable reason or openid-client's error code. */
export function reasonOf(error: unknown): string | undefined {
  const unreachable = findCause(error, FranceConnectUnreachableError);
  if (unreachable) return unreachable.reason;
  const coded = findCause(error, client.ClientError);
  return coded?.code;
}
