import { request } from 'node:http';
import type { FranceConnectUser } from '../../helpers/franceconnect-user.js';

/**
 * A top-level navigation as a browser makes it (`Sec-Fetch-Mode: navigate`, which Node's fetch never
 * sends), with the browser's cookies: a link followed, or a form submitted. Redirects not followed.
 */
export function navigation(
  user: FranceConnectUser,
  url: string,
  { method = 'GET', form }: { method?: string; form?: Record<string, string> } = {},
): Promise<{ status: number; location: string | undefined }> {
  const target = new URL(url);
  const body = form ? new URLSearchParams(form).toString() : undefined;
  const cookie = user.jar.header(target);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      target,
      {
        method,
        headers: {
          accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
          'sec-fetch-mode': 'navigate',
          'sec-fetch-site': 'same-origin',
          'sec-fetch-dest': 'document',
          ...(cookie ? { cookie } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded', origin: target.origin } : {}),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, location: response.headers.location }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
