import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { importJWK, SignJWT } from 'jose';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import type { DataProviderRegistration } from './clients.js';
import { ERROR_CODES } from './error-codes.js';
import { BadBodyError, readForm, repeatedField, sendJson } from './http-io.js';
import type { TestIdentity } from './identities.js';
import { signingKey } from './keys.js';
import { franceConnectClaims, introspectionIdentity } from './pivot-claims.js';
import { ACR } from './provider.js';
import { pairwiseSubject } from './subject.js';

const checktokenRequest = z.strictObject({
  token: z.string().min(1),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
});

/** The acr the token was issued for (oidc-provider keeps the requested claims on the token). */
function acrOf(claims: unknown): string | undefined {
  const values = (claims as { id_token?: { acr?: { values?: unknown } } } | undefined)?.id_token?.acr?.values;
  return Array.isArray(values) ? values.join(' ') : undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface ChecktokenOptions {
  provider: Provider;
  issuer: string;
  identities: ReadonlyMap<string, TestIdentity>;
  dataProviders: readonly DataProviderRegistration[];
  subjectSalt: string;
}

/**
 * `POST /api/v2/checktoken`: a data provider, authenticated with its own credentials, asks what an
 * access token is worth. The answer is a signed JWT (`application/token-introspection+jwt`) with the
 * token's scopes that this data provider serves, the pivot identity and a subject of its own.
 */
export function checktokenHandler({
  provider,
  issuer,
  identities,
  dataProviders,
  subjectSalt,
}: ChecktokenOptions) {
  async function introspection(
    token: string,
    dataProvider: DataProviderRegistration,
  ): Promise<Record<string, unknown>> {
    const accessToken = await provider.AccessToken.find(token);
    const identity = accessToken?.accountId ? identities.get(accessToken.accountId) : undefined;
    if (!accessToken || accessToken.isExpired || !identity) return { active: false };
    const served = new Set(dataProvider.scopes);
    const { claims } = accessToken;
    return {
      active: true,
      aud: accessToken.clientId,
      sub: pairwiseSubject(identity.login, dataProvider.client_id, subjectSalt),
      iat: accessToken.iat,
      exp: accessToken.exp,
      acr: acrOf(claims) ?? ACR,
      jti: accessToken.jti,
      scope: (accessToken.scope ?? '')
        .split(' ')
        .filter((scope) => served.has(scope))
        .join(' '),
      ...introspectionIdentity(franceConnectClaims(identity)),
    };
  }

  return async function checktoken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'invalid_request', error_description: 'POST only' }, { allow: 'POST' });
      return;
    }
    let form: URLSearchParams;
    try {
      form = await readForm(req);
    } catch (error) {
      if (!(error instanceof BadBodyError)) throw error;
      sendJson(res, 400, { error: 'invalid_request', error_description: ERROR_CODES.Y000013 });
      return;
    }
    const parsed =
      repeatedField(form) === undefined ? checktokenRequest.safeParse(Object.fromEntries(form)) : undefined;
    if (!parsed?.success) {
      sendJson(res, 400, { error: 'invalid_request', error_description: ERROR_CODES.Y000013 });
      return;
    }
    const { token, client_id, client_secret } = parsed.data;
    // The same answers as FranceConnect's DataProviderNotFound / InvalidCredentials exceptions.
    const dataProvider = dataProviders.find((candidate) => candidate.client_id === client_id);
    if (!dataProvider) {
      sendJson(res, 401, { error: 'access_denied', error_description: ERROR_CODES.Y330001 });
      return;
    }
    if (!sameSecret(client_secret, dataProvider.client_secret)) {
      sendJson(res, 401, { error: 'access_denied', error_description: ERROR_CODES.Y330002 });
      return;
    }
    const alg = dataProvider.checktoken_signed_response_alg ?? 'ES256';
    const jwk = signingKey(alg);
    const jwt = await new SignJWT({ token_introspection: await introspection(token, dataProvider) })
      .setProtectedHeader({ alg, kid: jwk.kid, typ: 'token-introspection+jwt' })
      .setIssuer(issuer)
      .setAudience(dataProvider.client_id)
      .setIssuedAt()
      .sign(await importJWK(jwk, alg));
    res.writeHead(200, {
      'content-type': 'application/token-introspection+jwt',
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(jwt),
    });
    res.end(jwt);
  };
}
