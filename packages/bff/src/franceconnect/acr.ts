import { ACR_LEVELS, type Acr } from '../config.js';

/**
 * Whether FranceConnect's `acr` is a known eIDAS level at least as high as the one asked for
 * (qualification #19: `eidas3` satisfies `eidas2`; a missing or unknown value satisfies nothing).
 */
export function acrSatisfies(received: unknown, requested: Acr): received is Acr {
  if (typeof received !== 'string') return false;
  const level = ACR_LEVELS.indexOf(received as Acr);
  return level !== -1 && level >= ACR_LEVELS.indexOf(requested);
}
