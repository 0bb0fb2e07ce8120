import type { DataApiSettings, DataSettings } from './settings.js';

/**
 * The allowed APIs a request names (`apis=statut_etudiant statut_etudiant_boursier`, from a button's
 * URL). Each must be one this service may retrieve; `problems` (French, for the 400 page) name the
 * others, and an empty list.
 */
export function requestedApis(
  settings: DataSettings,
  value: string,
): { apis: DataApiSettings[]; problems: string[] } {
  const names = [...new Set(value.split(/[\s,]+/).filter(Boolean))];
  const problems: string[] = [];
  if (names.length === 0) problems.push('le paramètre « apis » est vide');
  const allowed = settings.apis.map((api) => api.name);
  for (const name of names.filter((name) => !allowed.includes(name))) {
    problems.push(
      `le paramètre « apis » demande « ${name.slice(0, 100)} », qui ne fait pas partie des données que ce service peut demander (${allowed.join(', ')})`,
    );
  }
  return { apis: settings.apis.filter((api) => names.includes(api.name)), problems };
}
