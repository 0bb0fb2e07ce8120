import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { createLogger, startBffServer, type RunningBff } from '@franceconnect-kit/bff';
import {
  demoClient,
  startMockFranceConnect,
  type RunningMockFranceConnect,
} from '@franceconnect-kit/mock-franceconnect';
import { FranceConnectUser } from './franceconnect-user.js';

/**
 * A real BFF behind the component tests' server (web-test-runner.config.mjs): the local FranceConnect
 * and a BFF with accounts (memory sessions, accounts in an in-memory SQLite) whose public URL is the
 * test server's origin, which forwards `/api/*` and `/auth/*` to it. The elements under test talk to it
 * exactly as on a site. A server command signs a test identity in, through FranceConnect's screens, and
 * gives the browser that session's cookie:
 *
 * ```ts
 * await executeServerCommand('franceconnect-reset'); // a new BFF: no account, no session (each file's before())
 * await executeServerCommand('franceconnect-sign-in', { login: 'test', signUp: { email: 'marie@example.fr' } });
 * await executeServerCommand('franceconnect-sign-out');
 * ```
 */

/** The parts of Koa's context the proxy uses. */
interface KoaContext {
  path: string;
  status: number;
  req: IncomingMessage;
  res: ServerResponse;
  respond?: boolean;
}

interface Page {
  setCookie(...cookies: Array<Record<string, unknown>>): Promise<void>;
  deleteCookie(...cookies: Array<Record<string, unknown>>): Promise<void>;
}

interface CommandContext {
  command: string;
  payload: unknown;
  session: { id: string; browser: { getPage?: (id: string) => Page } };
}

export interface SignInPayload {
  /** A test identity's login. Default `test`. */
  login?: string;
  /** Complete the sign-up when the identity has no account yet. */
  signUp?: { email: string; preferred_username?: string } | false;
}

const SESSION_SECRET = 'component-tests-session-secret-of-32-characters';
const COOKIE = 'bff_session';

export function componentBff(origin: string) {
  let running: { fc: RunningMockFranceConnect; bff: RunningBff } | undefined;

  /** Forwards the request to the BFF as it came, and its answer back as it is, once it is over. */
  const proxy = (ctx: KoaContext, target: URL) =>
    new Promise<void>((resolve) => {
      const { req, res } = ctx;
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          ctx.status = answer.statusCode ?? 502; // what the test server reports (it lists 404s)
          res.writeHead(ctx.status, answer.headers);
          answer.pipe(res);
          res.once('finish', resolve);
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
        resolve();
      });
      req.pipe(upstream);
    });

  const startBff = (fc: RunningMockFranceConnect) => {
    const client = demoClient(origin);
    return startBffServer({
      port: 0,
      issuer: fc.issuer,
      clientId: client.client_id,
      clientSecret: client.client_secret,
      publicUrl: origin,
      sessionSecret: SESSION_SECRET,
      sessionStore: 'memory',
      databasePath: ':memory:', // accounts in an in-memory SQLite, new with each BFF
      accounts: true,
      logger: createLogger('silent'),
    });
  };

  const signIn = async ({ login = 'test', signUp = false }: SignInPayload): Promise<string> => {
    if (!running) throw new Error('the BFF is not running');
    const user = new FranceConnectUser({ franceConnectUrl: running.fc.url });
    const departure = await user.signIn(`${origin}/auth/login`, { login });
    const back = await user.navigate(departure.url);
    await back.response.body?.cancel();
    const me = await user.fetch(`${origin}/api/me`, { headers: { accept: 'application/json' } });
    const { account, csrfToken } = (await me.json()) as { account: unknown; csrfToken: string };
    if (account === null && signUp) {
      const created = await user.fetch(`${origin}/api/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, origin },
        body: JSON.stringify(signUp),
      });
      if (created.status !== 201)
        throw new Error(`sign-up refused: ${created.status} ${await created.text()}`);
    }
    const cookie = user.jar.get(new URL(origin), COOKIE);
    if (cookie === undefined) throw new Error('no session cookie');
    return cookie;
  };

  return {
    /** Koa middleware: `/api/*` and `/auth/*` go to the BFF. */
    middleware: async (ctx: KoaContext, next: () => Promise<void>): Promise<void> => {
      if (!running || !/^\/(api|auth)\//.test(ctx.path)) {
        await next();
        return;
      }
      ctx.respond = false;
      await proxy(ctx, new URL(running.bff.url));
    },
    plugin: {
      name: 'franceconnect-bff',
      async serverStart() {
        const fc = await startMockFranceConnect({ port: 0, clients: [demoClient(origin)] });
        running = { fc, bff: await startBff(fc) };
      },
      async serverStop() {
        await running?.bff.close();
        await running?.fc.close();
        running = undefined;
      },
      async executeCommand({ command, payload, session }: CommandContext): Promise<unknown> {
        if (command === 'franceconnect-reset' && running) {
          await running.bff.close();
          running.bff = await startBff(running.fc);
          return true;
        }
        if (command !== 'franceconnect-sign-in' && command !== 'franceconnect-sign-out') return undefined;
        const page = session.browser.getPage?.(session.id);
        if (!page) throw new Error('this browser launcher gives no page');
        if (command === 'franceconnect-sign-out') {
          await page.deleteCookie({ name: COOKIE, url: origin });
          return true;
        }
        const value = await signIn(payload ?? {});
        await page.setCookie({ name: COOKIE, value, url: origin, httpOnly: true, sameSite: 'Lax' });
        return true;
      },
    },
  };
}
