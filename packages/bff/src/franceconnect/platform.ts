/**
 * The two FranceConnect platforms a service may use: FranceConnect (v2, eIDAS low: `eidas1`) and
 * FranceConnect+ (eIDAS substantial and high: `eidas2`, `eidas3`, encrypted tokens). Each has its own
 * issuer, partner registration (client id and secret) and sessions.
 */
export type Platform = 'franceconnect' | 'franceconnect-plus';

/** The brand shown to people, never translated. */
export const PLATFORM_NAMES: Readonly<Record<Platform, string>> = {
  franceconnect: 'FranceConnect',
  'franceconnect-plus': 'FranceConnect+',
};
