import { createServer, request, type Server } from 'node:http';

/**
 * A fixed address in front of a BFF that tests replace (new keys, new options): FranceConnect's
 * registration names one URL, and restarting a server on the same port would race with the kept-alive
 * connections of the clients. Requests are forwarded as they are to the current target.
 */
export interface Switchboard {
  url: string;
  port: number;
  /** Where requests go from now on (`http://127.0.0.1:<port>`). */
  connect(target: string): void;
  close(): Promise<void>;
}

export async function startSwitchboard(port: number): Promise<Switchboard> {
  let target: URL | undefined;
  const server: Server = createServer((req, res) => {
    if (!target) {
      res.writeHead(503).end();
      return;
    }
    const forwarded = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connect: (next) => {
      target = new URL(next);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
