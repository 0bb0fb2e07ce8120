// A server for the benchmark, in its own process so that its CPU time is its own. Driven over IPC by
// bench.ts. BENCH_SERVER selects it:
//   bare     a bare Express app answering /auth/login with the same 302 as the BFF, a Location and no
//            body (the baseline)
//   floor    Express + helmet + express-session with the BFF's SQLite store, saving the attempt in a
//            server-side pre-login session, then the same 302: the usual design, for comparison (the
//            BFF keeps attempts in sealed cookies instead and writes nothing at this step)
//   sqlite   the BFF with SQLite sessions
//   redis    the BFF with Redis sessions
//   eoc      express-openid-connect, configured as close to the BFF as it allows (its login only: it
//            always adds PKCE, which FranceConnect refuses, so it cannot complete a sign-in there)
//   minimal  the least a sign-in can cost with this stack: Express and openid-client doing the same
//            five exchanges (login, callback with token + userinfo and their two ES256 signatures,
//            /api/me) and nothing else: no security headers, no log, no signed cookie, no store (the
//            session in a Map). Not a way to build a service: the floor the BFF's cost is compared to
// It also answers `profile-start` / `profile-stop` (the V8 CPU profiler, over the inspector protocol),
// so that a profile holds the measured requests and not the start-up (profile.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import session from 'express-session';
import { auth } from 'express-openid-connect';
import * as oidc from 'openid-client';
import { randomBytes } from 'node:crypto';
import helmet from 'helmet';
import { DEFAULT_SCOPES } from '@franceconnect-kit/protocol';
import { createLogger, SqliteSessionStore, startBffServer, type RunningBff } from '@franceconnect-kit/bff';

type Message =
  { type: 'stats' } | { type: 'stop' } | { type: 'profile-start' } | { type: 'profile-stop'; path: string };

const send = (message: unknown) => process.send?.(message);
const kind = process.env.BENCH_SERVER ?? 'sqlite';
const port = Number(process.env.BENCH_PORT);
const location = process.env.BENCH_LOCATION ?? '';
const databasePath = () => join(mkdtempSync(join(tmpdir(), 'bff-bench-')), 'sessions.sqlite');

let bff: RunningBff | undefined;
let server: Server | undefined;

if (kind === 'bare' || kind === 'floor') {
  const app = express();
  app.disable('x-powered-by');
  if (kind === 'floor') {
    app.use(helmet());
    app.use(
      session({
        secret: 'benchmark-session-secret-of-32-characters',
        store: new SqliteSessionStore({ path: databasePath() }),
        resave: false,
        saveUninitialized: false,
        rolling: true,
        cookie: { httpOnly: true, sameSite: 'lax', maxAge: 1_800_000 },
      }),
    );
  }
  app.get('/auth/login', (req, res, next) => {
    if (kind === 'bare') {
      // The same 302 as the BFF's: a Location and an empty body.
      res.status(302).location(location).setHeader('Content-Length', '0');
      res.end();
      return;
    }
    const url = new URL(location);
    const state = url.searchParams.get('state') ?? '';
    (req.session as unknown as Record<string, unknown>).pendingLogin = {
      transactions: {
        [state]: {
          state,
          nonce: url.searchParams.get('nonce') ?? '',
          returnTo: '/demarches',
          scopes: (url.searchParams.get('scope') ?? '').split(' '),
          acr: 'eidas1',
          purpose: 'sign-in',
          createdAt: Date.now(),
        },
      },
    };
    req.session.save((error) => (error ? next(error) : res.redirect(302, location)));
  });
  server = app.listen(port, '127.0.0.1', () => send({ type: 'ready' }));
} else if (kind === 'eoc') {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    auth({
      issuerBaseURL: process.env.BENCH_ISSUER ?? '',
      baseURL: `http://127.0.0.1:${port}`,
      clientID: process.env.BENCH_CLIENT_ID ?? '',
      clientSecret: process.env.BENCH_CLIENT_SECRET ?? '',
      secret: 'benchmark-session-secret-of-32-characters',
      // As the BFF: authorization code, client_secret_post, ES256, the same scopes and acr, no
      // sign-in required elsewhere, /auth/login and /auth/callback.
      authRequired: false,
      idpLogout: false,
      clientAuthMethod: 'client_secret_post',
      idTokenSigningAlg: 'ES256',
      authorizationParams: {
        response_type: 'code',
        scope: DEFAULT_SCOPES.join(' '),
        acr_values: 'eidas1',
      },
      routes: { login: '/auth/login', callback: '/auth/callback', logout: '/auth/logout' },
    }),
  );
  // Discovery before the measure, as for the BFF.
  await new Promise<void>((resolve) => {
    server = app.listen(port, '127.0.0.1', () => resolve());
  });
  const warm = await fetch(`http://127.0.0.1:${port}/auth/login`, { redirect: 'manual' });
  if (warm.status !== 302) throw new Error(`express-openid-connect answered ${warm.status} to /auth/login`);
  send({ type: 'ready' });
} else if (kind === 'minimal') {
  server = await minimalSignIn();
  send({ type: 'ready' });
} else {
  bff = await startBffServer({
    port,
    issuer: process.env.BENCH_ISSUER,
    clientId: process.env.BENCH_CLIENT_ID ?? '',
    clientSecret: process.env.BENCH_CLIENT_SECRET ?? '',
    publicUrl: `http://127.0.0.1:${port}`,
    sessionSecret: 'benchmark-session-secret-of-32-characters',
    sessionStore: kind === 'redis' ? 'redis' : 'sqlite',
    redisUrl: process.env.BENCH_REDIS_URL,
    databasePath: databasePath(),
    // The default logger (one JSON line per request), writing nowhere.
    logger: createLogger('info', '/dev/null'),
  });
  await bff.bff.franceconnect.metadata();
  send({ type: 'ready' });
}

let profiler: Session | undefined;

process.on('message', (message: Message) => {
  if (message.type === 'stats') {
    send({
      type: 'stats',
      cpu: process.cpuUsage(),
      // ru_maxrss is in kilobytes.
      maxRss: process.resourceUsage().maxRSS * 1024,
      fetchCounts: bff?.bff.franceconnect.fetchCounts ?? null,
    });
    return;
  }
  if (message.type === 'profile-start') {
    profiler = new Session();
    profiler.connect();
    void profiler
      .post('Profiler.enable')
      .then(() => profiler?.post('Profiler.setSamplingInterval', { interval: 100 }))
      .then(() => profiler?.post('Profiler.start'))
      .then(() => send({ type: 'profile-started' }));
    return;
  }
  if (message.type === 'profile-stop') {
    void profiler?.post('Profiler.stop').then(({ profile }) => {
      writeFileSync(message.path, JSON.stringify(profile));
      profiler?.disconnect();
      send({ type: 'profile-stopped' });
    });
    return;
  }
  const closing = bff ? bff.close() : new Promise<void>((resolve) => server?.close(() => resolve()));
  void closing.then(() => process.exit(0));
});

/** The `minimal` server: a sign-in with Express and openid-client alone (see the top of this file). */
async function minimalSignIn(): Promise<Server> {
  const publicUrl = `http://127.0.0.1:${port}`;
  const config = await oidc.discovery(
    new URL(process.env.BENCH_ISSUER ?? ''),
    process.env.BENCH_CLIENT_ID ?? '',
    { id_token_signed_response_alg: 'ES256', userinfo_signed_response_alg: 'ES256' },
    oidc.ClientSecretPost(process.env.BENCH_CLIENT_SECRET ?? ''),
    { execute: [oidc.allowInsecureRequests] },
  );
  // As the BFF: the ID token's and the userinfo JWT's signatures are verified.
  oidc.enableNonRepudiationChecks(config);
  const attempts = new Map<string, { state: string; nonce: string }>();
  const sessions = new Map<string, unknown>();
  const cookie = (req: express.Request, name: string): string | undefined => {
    for (const pair of (req.headers.cookie ?? '').split(';')) {
      const [key, value] = pair.trim().split('=');
      if (key === name) return value;
    }
    return undefined;
  };
  const app = express();
  app.disable('x-powered-by');
  app.get('/auth/login', (_req, res) => {
    const id = randomBytes(16).toString('base64url');
    const attempt = { state: oidc.randomState(), nonce: oidc.randomNonce() };
    attempts.set(id, attempt);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${publicUrl}/auth/callback`,
      scope: DEFAULT_SCOPES.join(' '),
      acr_values: 'eidas1',
      ...attempt,
    });
    res.setHeader('Set-Cookie', `min_attempt=${id}; Path=/; HttpOnly; SameSite=Lax`);
    res.redirect(302, url.href);
  });
  app.get('/auth/callback', async (req, res) => {
    const id = cookie(req, 'min_attempt') ?? '';
    const attempt = attempts.get(id);
    attempts.delete(id);
    if (!attempt) {
      res.status(400).end();
      return;
    }
    const tokens = await oidc.authorizationCodeGrant(config, new URL(req.originalUrl, publicUrl), {
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims?.sub ?? '');
    const sid = randomBytes(32).toString('base64url');
    sessions.set(sid, userinfo);
    res.setHeader('Set-Cookie', `min_session=${sid}; Path=/; HttpOnly; SameSite=Lax`);
    res.redirect(303, '/demarches');
  });
  app.get('/api/me', (req, res) => {
    const user = sessions.get(cookie(req, 'min_session') ?? '');
    if (user === undefined) res.status(401).json({ error: 'unauthenticated' });
    else res.json({ user });
  });
  return new Promise<Server>((resolve) => {
    const listening: Server = app.listen(port, '127.0.0.1', () => resolve(listening));
  });
}
