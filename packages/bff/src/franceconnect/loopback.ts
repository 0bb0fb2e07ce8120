import { isIP } from 'node:net';

/**
 * Loopback hosts are the only ones allowed over plain http (a local FranceConnect, a developer's
 * machine); everything else must use https (qualification #18).
 */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}
