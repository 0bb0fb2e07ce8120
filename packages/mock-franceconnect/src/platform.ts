import {
  IDENTITY_SCOPE_CLAIMS,
  PLUS_ACR_VALUES,
  PLUS_IDENTITY_SCOPE_CLAIMS,
} from '@franceconnect-kit/protocol';

/**
 * What the local FranceConnect emulates: FranceConnect v2 (`franceconnect`, eIDAS low) or
 * FranceConnect+ (`franceconnect-plus`, eIDAS substantial and high, encrypted tokens, a second factor
 * at the identity provider). One process runs one of them, on its own port and issuer.
 */
export type Platform = 'franceconnect' | 'franceconnect-plus';

export interface PlatformRules {
  /** Shown on every screen. */
  brand: 'FranceConnect' | 'FranceConnect+';
  /** The eIDAS levels it issues. */
  acrValues: readonly string[];
  /** Each identity scope and the claims it releases. */
  scopeClaims: Readonly<Record<string, readonly string[]>>;
  /** ID token and userinfo signature algorithms a client may register. */
  signingAlgorithms: readonly ('ES256' | 'RS256')[];
  /** Whether the ID token and userinfo are encrypted to the client's `jwks_uri`. */
  encrypted: boolean;
  /** Its session: FranceConnect 30 minutes sliding, FranceConnect+ 10 minutes. */
  sessionSeconds: number;
  /** Default port of the local one. */
  port: number;
  /** The sentence its screens show, and its help link. */
  sentence: string;
  helpUrl: string;
}

export const PLATFORMS: Readonly<Record<Platform, PlatformRules>> = {
  franceconnect: {
    brand: 'FranceConnect',
    acrValues: ['eidas1'],
    scopeClaims: IDENTITY_SCOPE_CLAIMS,
    signingAlgorithms: ['ES256', 'RS256'],
    encrypted: false,
    sessionSeconds: 1800,
    port: 3001,
    sentence:
      'FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services en ligne.',
    helpUrl: 'https://franceconnect.gouv.fr/',
  },
  'franceconnect-plus': {
    brand: 'FranceConnect+',
    acrValues: PLUS_ACR_VALUES,
    scopeClaims: PLUS_IDENTITY_SCOPE_CLAIMS,
    // FranceConnect+ signs with ES256 only.
    signingAlgorithms: ['ES256'],
    encrypted: true,
    sessionSeconds: 600,
    port: 3003,
    sentence:
      'FranceConnect+ est la solution proposée par l’État pour renforcer la sécurité de vos services en ligne les plus sensibles.',
    helpUrl: 'https://franceconnect.gouv.fr/france-connect-plus',
  },
};

const KNOWN_ACR = ['eidas1', 'eidas2', 'eidas3'];

/**
 * The level an authorization gets from its `acr_values`, as FranceConnect's `core-acr` picks it: the
 * lowest known value sent; none known: FranceConnect `eidas1`, FranceConnect+ its highest (`eidas3`);
 * a known value the platform does not issue (FranceConnect+ asked `eidas1`): `invalid_acr`.
 */
export function chosenAcr(
  platform: Platform,
  acrValues: string | undefined,
): { acr: string } | { invalid: string } {
  const rules = PLATFORMS[platform];
  const sent = (acrValues ?? '').split(' ').filter(Boolean);
  const known = KNOWN_ACR.filter((level) => sent.includes(level));
  const lowest = known[0];
  if (platform === 'franceconnect') {
    // FranceConnect v2 only knows eidas1, and the service must ask for it (qualification #19).
    return sent.includes('eidas1') ? { acr: 'eidas1' } : { invalid: sent.join(' ') || '(none)' };
  }
  if (lowest === undefined) return { acr: rules.acrValues.at(-1) ?? 'eidas3' };
  return rules.acrValues.includes(lowest) ? { acr: lowest } : { invalid: lowest };
}
