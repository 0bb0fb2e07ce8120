import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import {
  CompactEncrypt,
  CompactSign,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';

/**
 * A small OpenID Provider shaped like FranceConnect v2 (same paths, client_secret_post, ES256-signed
 * ID token and JWT userinfo) that can forge every bad answer of security.md. The real local
 * FranceConnect never misbehaves; this one does on demand, and counts what it was asked.
 */

export type Claims = Record<string, unknown>;

/** How to sign a forged JWS. */
export type Signing =
  | 'valid'
  /** `alg: none`, no signature. */
  | 'none'
  /** HS256 with the client secret as key (the classic algorithm-confusion attack). */
  | 'hs256-client-secret'
  /** ES256 with a key FranceConnect never published, under the published kid. */
  | 'foreign-key'
  /** A valid signature with one character changed. */
  | 'tampered'
  /** RS256 while ES256 is registered. */
  | 'rs256';

export interface Forgery {
  /** Changes the ID token's claims before signing (return the claims to use). */
  idTokenClaims?: (claims: Claims) => Claims;
  idTokenSigning?: Signing;
  /** The JWS header's kid for the ID token. */
  idTokenKid?: string;
  userinfoClaims?: (claims: Claims) => Claims;
  userinfoSigning?: Signing;
  /** `json`: a plain JSON userinfo instead of the registered signed JWT. */
  userinfoFormat?: 'jwt' | 'json';
  /** The token endpoint answers this status with an OAuth error body. */
  tokenError?: { status: number; error: string };
  /** The token endpoint waits this long before answering. */
  tokenDelayMs?: number;
  /**
   * FranceConnect+ (a provider started with `encryptTo`): how the ID token and userinfo are encrypted.
   * `valid` (default): to the client's published key, its alg, A256GCM; `none`: not encrypted;
   * `foreign-key`: to a key the client never published (under its kid); `A128CBC-HS256`: another
   * content encryption; `RSA-OAEP-256`: to a new RSA key with another alg.
   */
  encryption?: 'valid' | 'none' | 'foreign-key' | 'A128CBC-HS256' | 'RSA-OAEP-256';
  /** Which answers `encryption` applies to. Default both. */
  encrypted?: Array<'id_token' | 'userinfo'>;
}

export interface ForgingProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What was asked of it, by endpoint. */
  counts: Record<'discovery' | 'jwks' | 'authorize' | 'token' | 'userinfo' | 'endSession', number>;
  /** The parameters of the last /authorize request. */
  lastAuthorize: URLSearchParams | undefined;
  lastEndSession: URLSearchParams | undefined;
  /** The form of the last token request, with the client's authentication headers. */
  lastTokenRequest: { body: URLSearchParams; authorization: string | undefined } | undefined;
  /** Every code, ID token, access token and userinfo JWT it handed out: none may appear in a log. */
  issued: string[];
  /** The pairwise subject of the test identity. */
  sub: string;
  /** The forgery applied to the next answers (reset with `forge({})`). */
  forge(forgery: Forgery): void;
  /** A new signing key with a new kid; the old one is no longer published. */
  rotateKeys(): Promise<string>;
  /** The kid signing now. */
  currentKid(): string;
  /** The identity userinfo returns. */
  identity: Claims;
  close(): Promise<void>;
}

interface Key {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function newKey(alg: 'ES256' | 'RS256' = 'ES256'): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `${alg.toLowerCase()}-${randomBytes(6).toString('hex')}`;
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function sign(
  payload: Claims,
  signing: Signing,
  key: Key,
  kid: string,
  clientSecret: string,
): Promise<string> {
  const body = new TextEncoder().encode(JSON.stringify(payload));
  switch (signing) {
    case 'none':
      return `${b64({ alg: 'none', typ: 'JWT' })}.${Buffer.from(body).toString('base64url')}.`;
    case 'hs256-client-secret':
      return new CompactSign(body)
        .setProtectedHeader({ alg: 'HS256', kid })
        .sign(new TextEncoder().encode(clientSecret));
    case 'foreign-key': {
      const foreign = await newKey();
      return new CompactSign(body).setProtectedHeader({ alg: 'ES256', kid }).sign(foreign.privateKey);
    }
    case 'rs256': {
      const rsa = await newKey('RS256');
      return new CompactSign(body).setProtectedHeader({ alg: 'RS256', kid }).sign(rsa.privateKey);
    }
    case 'tampered': {
      const jws = await new CompactSign(body).setProtectedHeader({ alg: 'ES256', kid }).sign(key.privateKey);
      const [header, payloadPart, signature = ''] = jws.split('.');
      const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
      return `${header}.${payloadPart}.${flipped}`;
    }
    case 'valid':
      return new CompactSign(body).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' }).sign(key.privateKey);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

export const TEST_IDENTITY: Claims = {
  given_name: 'Angela Claire Louise',
  given_name_array: ['Angela', 'Claire', 'Louise'],
  family_name: 'DUBOIS',
  birthdate: '1962-08-24',
  gender: 'female',
  birthplace: '75107',
  birthcountry: '99100',
  email: 'wossewodda-3728@yopmail.com',
  preferred_username: '',
};

/** Encrypts a signed JWT as FranceConnect+ does, or as the forgery asks. */
async function seal(jws: string, jwksUri: string, forgery: Forgery): Promise<string> {
  const mode = forgery.encryption ?? 'valid';
  if (mode === 'none') return jws;
  const response = await fetch(jwksUri);
  const [published] = ((await response.json()) as { keys: JWK[] }).keys;
  if (!published) throw new Error('the client publishes no key');
  const alg = published.alg ?? 'ECDH-ES';
  const plaintext = new TextEncoder().encode(jws);
  if (mode === 'foreign-key' || mode === 'RSA-OAEP-256') {
    const foreignAlg = mode === 'RSA-OAEP-256' ? 'RSA-OAEP-256' : alg;
    const foreign = await generateKeyPair(foreignAlg, { extractable: true });
    return new CompactEncrypt(plaintext)
      .setProtectedHeader({ alg: foreignAlg, enc: 'A256GCM', kid: published.kid, cty: 'JWT' })
      .encrypt(foreign.publicKey);
  }
  const key = await importJWK(published, alg);
  return new CompactEncrypt(plaintext)
    .setProtectedHeader({
      alg,
      enc: mode === 'A128CBC-HS256' ? mode : 'A256GCM',
      kid: published.kid,
      cty: 'JWT',
    })
    .encrypt(key);
}

export async function startForgingProvider(options: {
  port?: number;
  redirectUri: string;
  postLogoutRedirectUri: string;
  clientId?: string;
  clientSecret?: string;
  /**
   * FranceConnect+: the client's `jwks_uri`. The ID token and userinfo are then encrypted to its key,
   * the acr is `eidas2`, and discovery says FranceConnect+'s algorithms.
   */
  encryptTo?: string;
}): Promise<ForgingProvider> {
  const clientId = options.clientId ?? 'a'.repeat(64);
  const clientSecret = options.clientSecret ?? randomBytes(32).toString('hex');
  let key = await newKey();
  let forgery: Forgery = {};
  const codes = new Map<string, { nonce: string; scope: string; acr: string; redirectUri: string }>();
  const accessTokens = new Map<string, { scope: string }>();
  const sub = `${randomBytes(32).toString('hex')}v1`;
  const counts = { discovery: 0, jwks: 0, authorize: 0, token: 0, userinfo: 0, endSession: 0 };
  let issuer = '';

  const provider: ForgingProvider = {
    get issuer() {
      return issuer;
    },
    clientId,
    clientSecret,
    counts,
    lastAuthorize: undefined,
    lastEndSession: undefined,
    lastTokenRequest: undefined,
    issued: [],
    sub,
    forge(next) {
      forgery = next;
    },
    async rotateKeys() {
      key = await newKey();
      return key.kid;
    },
    currentKid: () => key.kid,
    identity: { ...TEST_IDENTITY },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  /** The forgery of one answer: `encryption` applies to the parts `encrypted` lists, both by default. */
  const forgeryFor = (part: 'id_token' | 'userinfo'): Forgery =>
    (forgery.encrypted ?? ['id_token', 'userinfo']).includes(part)
      ? forgery
      : { ...forgery, encryption: 'valid' };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res
      .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /api/v2/.well-known/openid-configuration':
        counts.discovery++;
        return json(res, 200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks`,
          end_session_endpoint: `${issuer}/session/end`,
          response_types_supported: ['code'],
          grant_types_supported: ['authorization_code'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['ES256', 'RS256', 'HS256'],
          userinfo_signing_alg_values_supported: ['ES256', 'RS256', 'HS256'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
          authorization_response_iss_parameter_supported: true,
          code_challenge_methods_supported: ['S256'],
          scopes_supported: [
            'openid',
            'given_name',
            'family_name',
            'birthdate',
            'gender',
            'birthplace',
            'birthcountry',
            'email',
            'preferred_username',
          ],
          acr_values_supported: options.encryptTo ? ['eidas2', 'eidas3'] : ['eidas1'],
          ...(options.encryptTo
            ? {
                id_token_encryption_alg_values_supported: ['RSA-OAEP', 'RSA-OAEP-256', 'ECDH-ES'],
                id_token_encryption_enc_values_supported: ['A256GCM'],
                userinfo_encryption_alg_values_supported: ['RSA-OAEP', 'RSA-OAEP-256', 'ECDH-ES'],
                userinfo_encryption_enc_values_supported: ['A256GCM'],
              }
            : {}),
        });
      case 'GET /api/v2/jwks':
        counts.jwks++;
        return json(res, 200, { keys: [key.publicJwk] });
      case 'GET /api/v2/authorize': {
        counts.authorize++;
        provider.lastAuthorize = url.searchParams;
        const p = url.searchParams;
        if (p.get('client_id') !== clientId || p.get('redirect_uri') !== options.redirectUri) {
          res.writeHead(400, { 'content-type': 'text/html' }).end('<h1>Y000400</h1>');
          return;
        }
        const code = randomBytes(24).toString('base64url');
        provider.issued.push(code);
        codes.set(code, {
          nonce: p.get('nonce') ?? '',
          scope: p.get('scope') ?? '',
          acr: p.get('acr_values') ?? 'eidas1',
          redirectUri: p.get('redirect_uri') ?? '',
        });
        const back = new URL(options.redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', p.get('state') ?? '');
        back.searchParams.set('iss', issuer);
        res.writeHead(302, { location: back.href }).end();
        return;
      }
      case 'POST /api/v2/token': {
        counts.token++;
        const body = new URLSearchParams(await readBody(req));
        provider.lastTokenRequest = { body, authorization: req.headers.authorization };
        if (forgery.tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, forgery.tokenDelayMs));
        if (forgery.tokenError) {
          return json(res, forgery.tokenError.status, {
            error: forgery.tokenError.error,
            error_description: 'forged',
          });
        }
        if (req.headers.authorization !== undefined)
          return json(res, 401, { error: 'invalid_client', error_description: 'basic refused' });
        if (body.get('client_id') !== clientId || body.get('client_secret') !== clientSecret) {
          return json(res, 401, { error: 'invalid_client' });
        }
        const grant = codes.get(body.get('code') ?? '');
        codes.delete(body.get('code') ?? '');
        if (
          !grant ||
          body.get('redirect_uri') !== grant.redirectUri ||
          body.get('grant_type') !== 'authorization_code'
        ) {
          return json(res, 400, { error: 'invalid_grant' });
        }
        const now = Math.floor(Date.now() / 1000);
        let claims: Claims = {
          iss: issuer,
          sub,
          aud: clientId,
          exp: now + 60,
          iat: now,
          auth_time: now,
          nonce: grant.nonce,
          acr: options.encryptTo ? 'eidas2' : 'eidas1',
          amr: options.encryptTo ? ['pwd', 'pop', 'mfa'] : ['pwd'],
        };
        if (forgery.idTokenClaims) claims = forgery.idTokenClaims(claims);
        let idToken = await sign(
          claims,
          forgery.idTokenSigning ?? 'valid',
          key,
          forgery.idTokenKid ?? key.kid,
          clientSecret,
        );
        if (options.encryptTo) {
          provider.issued.push(idToken);
          idToken = await seal(idToken, options.encryptTo, forgeryFor('id_token'));
        }
        const accessToken = randomBytes(32).toString('base64url');
        accessTokens.set(accessToken, { scope: grant.scope });
        provider.issued.push(idToken, accessToken);
        return json(res, 200, {
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: 60,
          id_token: idToken,
          scope: grant.scope,
        });
      }
      case 'GET /api/v2/userinfo': {
        counts.userinfo++;
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const grant = token ? accessTokens.get(token) : undefined;
        if (!grant) {
          res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
          return;
        }
        const scopes = new Set(grant.scope.split(' '));
        let claims: Claims = { sub, iss: issuer, aud: clientId, iat: Math.floor(Date.now() / 1000) };
        for (const [claim, value] of Object.entries(provider.identity)) {
          const scope = claim === 'given_name_array' ? 'given_name' : claim;
          if (scopes.has(scope)) claims[claim] = value;
        }
        if (forgery.userinfoClaims) claims = forgery.userinfoClaims(claims);
        if (forgery.userinfoFormat === 'json') return json(res, 200, claims);
        let jwt = await sign(claims, forgery.userinfoSigning ?? 'valid', key, key.kid, clientSecret);
        provider.issued.push(jwt);
        if (options.encryptTo) {
          jwt = await seal(jwt, options.encryptTo, forgeryFor('userinfo'));
          provider.issued.push(jwt);
        }
        res.writeHead(200, { 'content-type': 'application/jwt' }).end(jwt);
        return;
      }
      case 'GET /api/v2/session/end': {
        counts.endSession++;
        provider.lastEndSession = url.searchParams;
        const back = new URL(
          url.searchParams.get('post_logout_redirect_uri') ?? options.postLogoutRedirectUri,
        );
        back.searchParams.set('state', url.searchParams.get('state') ?? '');
        res.writeHead(303, { location: back.href }).end();
        return;
      }
      default:
        res.writeHead(404).end();
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening');
  issuer = `http://127.0.0.1:${address.port}/api/v2`;
  return provider;
}
