import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  server: Server;
  /** `http://host:port`, with 127.0.0.1 for a wildcard host. */
  url: string;
  close: () => Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Starts an HTTP server on `host:port` (0 = any free port) whose handler can depend on the URL it got
 * (the issuer of the local FranceConnect contains its port).
 */
export async function listen(
  host: string,
  port: number,
  makeHandler: (url: string) => Handler,
): Promise<Listening> {
  let handler: Handler | undefined;
  const server = createServer((req, res) => {
    if (handler) handler(req, res);
    else {
      res.writeHead(503, { 'retry-after': '1' });
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actualPort } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${actualPort}`;
  try {
    handler = makeHandler(url);
  } catch (error) {
    server.close();
    throw error;
  }
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
