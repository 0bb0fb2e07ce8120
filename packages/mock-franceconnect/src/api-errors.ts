import type { DataApi } from '@franceconnect-kit/protocol';
import type { ProviderErrorStatus } from './identities.js';

/**
 * API Particulier v3's error answers, as its OpenAPI documents them (etalab/admin_api_entreprise
 * `config/api-particulier-openapi-v3.yml`, `errors.md`): `{ errors: [{ code, title, detail, source, meta }] }`,
 * codes `00xxx` for API Particulier itself, `XXyyy` for the data provider `XX` (`XX003` not found,
 * `XX001` unavailable).
 */
export interface ApiParticulierError {
  code: string;
  title: string;
  detail: string;
  source: { parameter: string } | null;
  meta: Record<string, string | number>;
}

export type ErrorCase =
  | { status: 401; reason: 'absent' | 'invalid' }
  | { status: 403 }
  | { status: 404 }
  | { status: 409 }
  | { status: 422; reason: 'missing' | 'not_a_siret' }
  | { status: 429 }
  | { status: 503 };

/** The error answer of `api` for a case. */
export function apiError(api: DataApi, error: ErrorCase): ApiParticulierError {
  const provider = { provider: api.source.name };
  switch (error.status) {
    case 401:
      return {
        code: '00101',
        title: 'Interdit',
        detail:
          error.reason === 'absent'
            ? 'Votre jeton n’est pas renseigné : envoyez le jeton FranceConnect dans l’en-tête Authorization: Bearer <jeton>.'
            : 'Votre jeton n’est pas valide : le jeton FranceConnect est expiré, révoqué ou inconnu (il ne vit que 60 secondes).',
        source: { parameter: 'token' },
        meta: {},
      };
    case 403:
      return {
        code: '00100',
        title: 'Privilèges insuffisants',
        detail: `Votre jeton est valide mais ne porte aucun des scopes de cette API (${Object.keys(api.scopes).join(', ')}).`,
        source: { parameter: 'token' },
        meta: {},
      };
    case 404:
      return {
        code: `${api.source.code}003`,
        title: 'Entité non trouvée',
        detail: `Aucun dossier n’a été trouvé pour cette identité (${api.label}).`,
        source: null,
        meta: provider,
      };
    case 409:
      return {
        code: '00015',
        title: 'Conflit',
        detail:
          'Une requête associée à votre jeton est déjà en cours de traitement pour ces paramètres. Veuillez attendre la fin du traitement avant d’effectuer une nouvelle requête.',
        source: null,
        meta: {},
      };
    case 422:
      return error.reason === 'missing'
        ? {
            code: '00203',
            title: 'Entité non traitable',
            detail: 'Le paramètre recipient est obligatoire.',
            source: { parameter: 'recipient' },
            meta: {},
          }
        : {
            code: '00210',
            title: 'Entité non traitable',
            detail:
              'Le paramètre recipient n’est pas un SIRET valide (14 chiffres et une clé de contrôle correcte).',
            source: { parameter: 'recipient' },
            meta: {},
          };
    case 429:
      return {
        code: '00429',
        title: 'Trop de requêtes',
        detail: 'Vous avez effectué trop de requêtes.',
        source: null,
        meta: {},
      };
    case 503:
      return {
        code: `${api.source.code}001`,
        title: 'Service non disponible',
        detail: 'Service du fournisseur de données temporairement indisponible ou en maintenance.',
        source: null,
        meta: provider,
      };
  }
}

/** The case of a status given without its reason (a test identity's error, a forced answer). */
export function caseOf(status: ProviderErrorStatus): ErrorCase {
  if (status === 401) return { status, reason: 'invalid' };
  if (status === 422) return { status, reason: 'not_a_siret' };
  return { status };
}
