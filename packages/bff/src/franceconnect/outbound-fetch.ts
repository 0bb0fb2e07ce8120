import { rootCertificates } from 'node:tls';
import type { CustomFetchOptions } from 'openid-client';
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import { FranceConnectUnreachableError } from './errors.js';

/** The request options openid-client hands to its HTTP client. */
export type OutboundRequest = Pick<CustomFetchOptions, 'method' | 'headers' | 'body' | 'signal'>;

/** An HTTP client for FranceConnect: `fetch`-shaped, but typed to what the BFF sends. */
export type OutboundFetch = (url: string, request: OutboundRequest) => Promise<Response>;

/**
 * Observes or adapts each outbound call to FranceConnect (a proxy, metrics, tests that tamper with a
 * response). Call `send` to perform the request with the BFF's own client; not calling it replaces
 * the call entirely.
 */
export type OutboundInterceptor = (
  url: string,
  request: OutboundRequest,
  send: OutboundFetch,
) => Promise<Response>;

export interface OutboundClientOptions {
  /** Seconds before connecting, receiving headers or receiving the body gives up. */
  timeoutSeconds: number;
  /** Extra PEM certificates to trust on top of Node's bundled roots (e.g. a test CA). */
  trustedCertificates?: readonly string[] | undefined;
  interceptor?: OutboundInterceptor | undefined;
}

export interface OutboundClient {
  fetch: OutboundFetch;
  close(): Promise<void>;
}

/**
 * The only way the BFF talks to FranceConnect: TLS 1.2 or 1.3 only (qualification #18), bounded
 * timeouts, redirects never followed, failures turned into `FranceConnectUnreachableError`.
 */
export function createOutboundClient(options: OutboundClientOptions): OutboundClient {
  const timeout = options.timeoutSeconds * 1000;
  const agent = new Agent({
    connect: {
      minVersion: 'TLSv1.2', // qualification #18: whatever the process-wide OpenSSL defaults are
      timeout,
      ...(options.trustedCertificates?.length
        ? { ca: [...rootCertificates, ...options.trustedCertificates] }
        : {}),
    },
    headersTimeout: timeout,
    bodyTimeout: timeout,
    keepAliveTimeout: 30_000,
  });

  const send: OutboundFetch = async (url, request) => {
    const signal = request.signal ? withTimeout(request.signal, timeout) : AbortSignal.timeout(timeout);
    try {
      const response = await undiciFetch(url, {
        method: request.method,
        headers: request.headers,
        body: (request.body ?? null) as UndiciRequestInit['body'],
        redirect: 'manual',
        signal,
        dispatcher: agent,
      });
      return response;
    } catch (error) {
      throw unreachable(error);
    }
  };

  const interceptor = options.interceptor;
  return {
    fetch: interceptor ? (url, request) => interceptor(url, request, send) : send,
    close: () => agent.close(),
  };
}

/**
 * `signal`, also aborted after `ms`: what `AbortSignal.any([signal, AbortSignal.timeout(ms)])` does,
 * without its cost on Node 20 (weak references tracked per signal, on every outbound call).
 */
function withTimeout(signal: AbortSignal, ms: number): AbortSignal {
  const controller = new AbortController();
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  setTimeout(() => {
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, ms).unref();
  return controller.signal;
}

function unreachable(error: unknown): FranceConnectUnreachableError {
  const chain: Array<Error & { code?: unknown }> = [];
  for (let current: unknown = error; current instanceof Error && chain.length < 5; current = current.cause) {
    chain.push(current);
  }
  const names = chain.map(
    (item) => `${item.name} ${typeof item.code === 'string' ? item.code : ''} ${item.message}`,
  );
  const text = names.join(' | ');
  if (/TimeoutError|AbortError|UND_ERR_\w*TIMEOUT/.test(text)) {
    return new FranceConnectUnreachableError('timeout', 'FranceConnect did not answer in time', {
      cause: error,
    });
  }
  if (/SSL|TLS|protocol version|certificate|CERT_/i.test(text)) {
    return new FranceConnectUnreachableError('tls', 'the TLS handshake with FranceConnect failed', {
      cause: error,
    });
  }
  return new FranceConnectUnreachableError('network', 'FranceConnect could not be reached', { cause: error });
}
