import type { IncomingMessage, ServerResponse } from 'node:http';
import { siretProblem, type DataScope } from '@franceconnect-kit/protocol';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { z } from 'zod';
import { sendJson } from './http-io.js';
import { loadIdentities, parseIdentities, type CafRecord, type TestIdentity } from './identities.js';
import { listen } from './listen.js';
import { franceConnectClaims, introspectionIdentity, type IntrospectionIdentity } from './pivot-claims.js';

export interface DataProviderOptions {
  /** Default 3002; 0 picks a free port. */
  port?: number;
  /** Default `'127.0.0.1'`. */
  host?: string;
  /** The local FranceConnect's issuer (`RunningMockFranceConnect.issuer`), whose `/checktoken` it calls. */
  issuer: string;
  /** This data provider's credentials at FranceConnect (e.g. `DEMO_DATA_PROVIDER`). */
  client_id: string;
  client_secret: string;
  /** Whose CAF records it holds. Default: the identities file shipped with the package. */
  identities?: TestIdentity[];
}

export interface RunningDataProvider {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  close: () => Promise<void>;
}

/** The only endpoint: API Particulier v3's family quotient, FranceConnect mode. */
export const QUOTIENT_FAMILIAL_PATH = '/v3/dss/quotient_familial/france_connect';

/** Which part of the CAF record each data scope opens. */
const FIELD_OF_SCOPE: Record<DataScope, keyof CafRecord> = {
  cnaf_quotient_familial: 'quotient_familial',
  cnaf_allocataires: 'allocataires',
  cnaf_enfants: 'enfants',
  cnaf_adresse: 'adresse',
};

const introspectionSchema = z.object({
  token_introspection: z.union([
    z.object({
      active: z.literal(true),
      scope: z.string(),
      given_name: z.string(),
      given_name_array: z.array(z.string()),
      family_name: z.string(),
      birthdate: z.string(),
      gender: z.enum(['female', 'male', 'unspecified']),
      birthplace: z.string(),
      birthcountry: z.string(),
    }),
    z.object({ active: z.literal(false) }),
  ]),
});

const querySchema = z.object({ recipient: z.string({ error: 'paramètre obligatoire manquant' }) });

interface ApiError {
  status: number;
  code: string;
  title: string;
  detail: string;
  source?: { parameter: string } | null;
}

function sendError(res: ServerResponse, { status, code, title, detail, source = null }: ApiError): void {
  const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer' } : {};
  sendJson(res, status, { errors: [{ code, title, detail, source, meta: {} }] }, headers);
}

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

function samePerson(a: IntrospectionIdentity, b: IntrospectionIdentity): boolean {
  return (
    a.family_name === b.family_name &&
    a.given_name === b.given_name &&
    a.birthdate === b.birthdate &&
    a.gender === b.gender &&
    a.birthplace === b.birthplace &&
    a.birthcountry === b.birthcountry
  );
}

/**
 * Starts a data provider that behaves like API Particulier in FranceConnect mode: the service calls it
 * with the FranceConnect access token; it checks the token at FranceConnect's `/checktoken` with its
 * own credentials, finds the person by their pivot identity and answers what the token's scopes allow.
 */
export async function startDataProvider(options: DataProviderOptions): Promise<RunningDataProvider> {
  const records = (options.identities ? parseIdentities(options.identities) : loadIdentities()).flatMap(
    (identity) =>
      identity.caf
        ? [{ pivot: introspectionIdentity(franceConnectClaims(identity)), caf: identity.caf }]
        : [],
  );
  const issuer = options.issuer.replace(/\/+$/, '');
  const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`));

  async function checkToken(
    token: string,
  ): Promise<z.infer<typeof introspectionSchema>['token_introspection']> {
    const response = await fetch(`${issuer}/checktoken`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token,
        client_id: options.client_id,
        client_secret: options.client_secret,
      }),
    });
    if (response.status !== 200) throw new Error(`FranceConnect's /checktoken answered ${response.status}`);
    const { payload } = await jwtVerify(await response.text(), jwks, {
      issuer,
      audience: options.client_id,
      typ: 'token-introspection+jwt',
    });
    return introspectionSchema.parse(payload).token_introspection;
  }

  async function quotientFamilial(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const bearer = BEARER.exec(req.headers.authorization ?? '');
    if (!bearer?.[1]) {
      sendError(res, {
        status: 401,
        code: '00401',
        title: 'Jeton d’accès absent',
        detail: 'Envoyez le jeton d’accès FranceConnect dans l’en-tête Authorization: Bearer <jeton>.',
      });
      return;
    }
    const query = querySchema.safeParse(Object.fromEntries(url.searchParams));
    const problem = query.success ? siretProblem(query.data.recipient) : 'missing';
    if (problem !== undefined) {
      const detail = {
        missing: 'Le paramètre recipient (SIRET de l’organisme destinataire des données) est obligatoire.',
        format: 'Le paramètre recipient doit être un SIRET de 14 chiffres.',
        checksum: 'Le paramètre recipient n’est pas un SIRET valide (clé de contrôle incorrecte).',
      }[problem];
      sendError(res, {
        status: 400,
        code: '00400',
        title: 'Paramètre recipient invalide',
        detail,
        source: { parameter: 'recipient' },
      });
      return;
    }

    let introspection;
    try {
      introspection = await checkToken(bearer[1]);
    } catch (error) {
      console.error(
        `local data provider: checktoken failed: ${error instanceof Error ? error.message : 'error'}`,
      );
      sendError(res, {
        status: 502,
        code: '00502',
        title: 'FranceConnect injoignable',
        detail: 'La vérification du jeton auprès de FranceConnect a échoué.',
      });
      return;
    }
    if (!introspection.active) {
      sendError(res, {
        status: 401,
        code: '00401',
        title: 'Jeton d’accès invalide',
        detail: 'Le jeton FranceConnect est expiré, révoqué ou inconnu (il ne vit que 60 secondes).',
      });
      return;
    }
    const scopes = introspection.scope
      .split(' ')
      .filter((scope): scope is DataScope => Object.hasOwn(FIELD_OF_SCOPE, scope));
    if (scopes.length === 0) {
      sendError(res, {
        status: 403,
        code: '00403',
        title: 'Accès interdit',
        detail: `Le jeton ne porte aucun des scopes ${Object.keys(FIELD_OF_SCOPE).join(', ')}.`,
      });
      return;
    }
    const record = records.find((candidate) => samePerson(candidate.pivot, introspection))?.caf;
    if (!record) {
      sendError(res, {
        status: 404,
        code: '37003',
        title: 'Dossier allocataire absent',
        detail: 'Aucun dossier allocataire n’a été trouvé pour cette identité.',
      });
      return;
    }
    const data: Partial<CafRecord> = {};
    for (const scope of scopes)
      Object.assign(data, { [FIELD_OF_SCOPE[scope]]: record[FIELD_OF_SCOPE[scope]] });
    sendJson(res, 200, { data, links: {}, meta: {} });
  }

  const listening = await listen(options.host ?? '127.0.0.1', options.port ?? 3002, () => (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const done =
      url.pathname === QUOTIENT_FAMILIAL_PATH && req.method === 'GET'
        ? quotientFamilial(req, res, url)
        : Promise.resolve(
            sendError(res, {
              status: url.pathname === QUOTIENT_FAMILIAL_PATH ? 405 : 404,
              code: url.pathname === QUOTIENT_FAMILIAL_PATH ? '00405' : '00404',
              title: url.pathname === QUOTIENT_FAMILIAL_PATH ? 'Méthode non autorisée' : 'Ressource inconnue',
              detail: `Seul GET ${QUOTIENT_FAMILIAL_PATH}?recipient=<SIRET> existe.`,
            }),
          );
    done.catch((error: unknown) => {
      console.error(
        `local data provider: ${req.method} ${url.pathname} failed: ${error instanceof Error ? error.message : 'error'}`,
      );
      if (!res.headersSent)
        sendError(res, { status: 500, code: '00500', title: 'Erreur interne', detail: 'Erreur interne.' });
    });
  });
  return { url: listening.url, close: listening.close };
}
