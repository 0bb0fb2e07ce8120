import { createHash } from 'node:crypto';

/**
 * FranceConnect's pairwise subject: 64 hexadecimal characters (a SHA-256) followed by `v1`, stable for
 * one identity and one service provider, different between service providers.
 */
export function pairwiseSubject(identityId: string, sectorIdentifier: string, salt: string): string {
  return `${createHash('sha256').update(`${sectorIdentifier}\u0000${identityId}\u0000${salt}`).digest('hex')}v1`;
}
