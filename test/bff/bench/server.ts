// A server for the benchmark, in its own process so that its CPU time is its own. Driven over IPC by
// bench.ts. BENCH_SERVER selects it:
//   bare     a bare Express app answering /auth/login with the same 302 as the BFF (the baseline)
//   floor    Express + helmet + express-session with the BFF's SQLite store, saving the attempt in a
//            server-side pre-login session, then the same 302: the usual design, for comparison (the
//            BFF keeps attempts in sealed cookies instead and writes nothing at this step)
//   sqlite   the BFF with SQLite sessions
//   redis    the BFF with Redis sessions
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { createLogger, SqliteSessionStore, startBffServer, type RunningBff } from '@franceconnect-kit/bff';

type Message = { type: 'stats' } | { type: 'stop' };

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
      res.redirect(302, location);
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

process.on('message', (message: Message) => {
  if (message.type === 'stats') {
    send({ type: 'stats', cpu: process.cpuUsage(), fetchCounts: bff?.bff.franceconnect.fetchCounts ?? null });
    return;
  }
  const closing = bff ? bff.close() : new Promise<void>((resolve) => server?.close(() => resolve()));
  void closing.then(() => process.exit(0));
});
