import type { IncomingMessage, ServerResponse } from 'node:http';
import { SCREEN_HEADERS } from './screens/layout.js';

const FORM_LIMIT = 16 * 1024;

export class BadBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadBodyError';
  }
}

/** Reads a request body up to `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = FORM_LIMIT): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BadBodyError(`le corps de la requête dépasse ${limit} octets`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function isForm(req: IncomingMessage): boolean {
  return (
    (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ===
    'application/x-www-form-urlencoded'
  );
}

/** A POSTed HTML form (`application/x-www-form-urlencoded` only). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (!isForm(req)) throw new BadBodyError('le corps doit être application/x-www-form-urlencoded');
  return new URLSearchParams(await readBody(req));
}

/** The first field given more than once, if any (each parameter must have exactly one value). */
export function repeatedField(params: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}

export function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...SCREEN_HEADERS, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store', 'content-length': 0 });
  res.end();
}
