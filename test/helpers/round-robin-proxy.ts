import { createServer, request, type IncomingMessage, type Server } from 'node:http';

/** One request as the proxy passed it on. */
export interface Served {
  method: string;
  path: string;
  /** The upstream that answered, or `undefined` when none could. */
  by: string | undefined;
  status: number;
}

/**
 * A load balancer in front of several instances, as small as a test needs: round-robin, each request
 * on a new connection, the next upstream tried when one refuses the connection (or, for GET and HEAD,
 * drops it before answering): what nginx's `proxy_next_upstream error` does. An upstream that fails
 * after answering started gives 502, nothing is hidden. It records which upstream served each request.
 */
export class RoundRobinProxy {
  readonly served: Served[] = [];
  readonly #upstreams = new Map<string, number>();
  #next = 0;
  #pinned: string | undefined;
  #server: Server | undefined;

  /** Adds (or moves) an upstream. */
  set(name: string, port: number): void {
    this.#upstreams.set(name, port);
  }

  /** The next request goes to this upstream first (then round-robin again). */
  sendNextTo(name: string): void {
    this.#pinned = name;
  }

  /** Which upstream served the last request to `path` (its beginning). */
  lastServed(pathStart: string): string | undefined {
    return [...this.served].reverse().find((entry) => entry.path.startsWith(pathStart))?.by;
  }

  async listen(port: number): Promise<void> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void this.#forward(req, Buffer.concat(chunks)).then(
          ({ response, by }) => {
            this.served.push({
              method: req.method ?? 'GET',
              path: req.url ?? '/',
              by,
              status: response.statusCode ?? 0,
            });
            res.writeHead(response.statusCode ?? 502, { ...response.headers, 'x-served-by': by });
            response.pipe(res);
            response.on('error', () => res.destroy());
          },
          () => {
            this.served.push({
              method: req.method ?? 'GET',
              path: req.url ?? '/',
              by: undefined,
              status: 502,
            });
            res.writeHead(502).end('no upstream answered');
          },
        );
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.#server?.once('error', reject);
      this.#server?.listen(port, '127.0.0.1', resolve);
    });
  }

  #order(): string[] {
    const names = [...this.#upstreams.keys()];
    const start =
      this.#pinned !== undefined && names.includes(this.#pinned) ? names.indexOf(this.#pinned) : this.#next;
    this.#pinned = undefined;
    this.#next = (start + 1) % names.length;
    return names.map((_, index) => names[(start + index) % names.length] ?? '');
  }

  async #forward(req: IncomingMessage, body: Buffer): Promise<{ response: IncomingMessage; by: string }> {
    const retryable = req.method === 'GET' || req.method === 'HEAD';
    let lastError: unknown;
    for (const name of this.#order()) {
      const port = this.#upstreams.get(name);
      try {
        const response = await new Promise<IncomingMessage>((resolve, reject) => {
          const upstream = request(
            {
              host: '127.0.0.1',
              port,
              method: req.method,
              path: req.url,
              headers: req.headers,
              agent: false,
            },
            resolve,
          );
          upstream.once('error', reject);
          upstream.end(body);
        });
        return { response, by: name };
      } catch (error) {
        lastError = error;
        const code = (error as { code?: string }).code;
        if (code !== 'ECONNREFUSED' && !retryable) break;
      }
    }
    throw lastError;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server?.closeAllConnections();
      this.#server?.close(() => resolve());
    });
  }
}
