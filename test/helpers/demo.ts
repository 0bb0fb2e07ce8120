// The kit as `npm start` runs it (the demo with its BFF, the local FranceConnect, the data provider),
// started for end-to-end tests on free ports with a state folder of its own, and the steps a person
// takes in Chromium.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { FranceConnectUser } from './franceconnect-user.js';
import { freePort, startProcess, type Started } from './processes.js';

export interface Kit {
  /** The demo's origin, e.g. `http://127.0.0.1:41234`. */
  demo: string;
  /** The local FranceConnect's origin. */
  franceconnect: string;
  /** The local FranceConnect+'s origin. */
  franceconnectPlus: string;
  /** The demo's state folder (its SQLite file: sessions, accounts, bank details). */
  state: string;
  process: Started;
  stop: () => Promise<void>;
}

/**
 * `node --import tsx scripts/start.ts --no-build` with `DEMO_STATE_DIR` in a fresh temporary folder:
 * sessions and accounts start empty and never touch the developer's `var/`.
 */
export async function startKit(): Promise<Kit> {
  const ports = {
    demo: await freePort(),
    fc: await freePort(),
    data: await freePort(),
    plus: await freePort(),
  };
  const state = mkdtempSync(join(tmpdir(), 'demoville-e2e-'));
  const started = await startProcess(
    process.execPath,
    ['--import', 'tsx', 'scripts/start.ts', '--no-build'],
    {
      env: {
        DEMO_PORT: String(ports.demo),
        MOCK_FC_PORT: String(ports.fc),
        DATA_PROVIDER_PORT: String(ports.data),
        MOCK_FC_PLUS_PORT: String(ports.plus),
        DEMO_STATE_DIR: state,
      },
      ready: /Ready\./,
    },
  );
  let stopping = false;
  // A kit that stops before the tests are done says why (its output), rather than leaving them to
  // fail on refused connections.
  started.child.once('exit', (code, signal) => {
    if (!stopping) console.error(`The kit exited early (${signal ?? code}):\n${started.output()}`);
  });
  return {
    demo: `http://localhost:${ports.demo}`,
    franceconnect: `http://127.0.0.1:${ports.fc}`,
    franceconnectPlus: `http://127.0.0.1:${ports.plus}`,
    state,
    process: started,
    stop: async () => {
      stopping = true;
      await started.stop();
      rmSync(state, { recursive: true, force: true });
    },
  };
}

/** The FranceConnect button (or the data one) of the page, found by its role and accessible name. */
export function franceConnectLink(page: Page, name = 'S’identifier avec FranceConnect'): Locator {
  return page.locator('franceconnect-button').getByRole('link', { name, exact: true });
}

/**
 * At the local FranceConnect: chooses « Démonstration », signs in as `login` (password 123), confirms.
 * Resolves once back on the demo.
 */
export async function signInAtFranceConnect(page: Page, kit: Kit, login: string): Promise<void> {
  await page.waitForURL((url) => url.origin === kit.franceconnect);
  await page.locator('#identity-provider-form button').click();
  await page.locator('#login').fill(login);
  await page.locator('#password').fill('123');
  await page.locator('#login-form button[type=submit]').click();
  await page.locator('#consent-form button').click();
  await page.waitForURL((url) => url.origin === kit.demo);
}

/**
 * At the local FranceConnect+: « Démonstration », `login` (password 123), the verification code its
 * screen shows, consent. Resolves once the browser left FranceConnect+.
 */
export async function signInAtFranceConnectPlus(page: Page, kit: Kit, login: string): Promise<void> {
  await page.waitForURL((url) => url.origin === kit.franceconnectPlus);
  await page.locator('#identity-provider-form button').click();
  await page.locator('#login').fill(login);
  await page.locator('#password').fill('123');
  await page.locator('#login-form button[type=submit]').click();
  const code = (await page.locator('#second-factor-code').textContent())?.trim() ?? '';
  await page.getByLabel('Code de vérification').fill(code);
  await page.locator('#second-factor-form button[type=submit]').click();
  await page.locator('#consent-form button').click();
  await page.waitForURL((url) => url.origin !== kit.franceconnectPlus);
}

/** Connexion → FranceConnect → `login`: resolves on the page the demo leads to. */
export async function signInWithFranceConnect(page: Page, kit: Kit, login: string): Promise<void> {
  await page.goto(`${kit.demo}/connexion`);
  await franceConnectLink(page).click();
  await signInAtFranceConnect(page, kit, login);
}

/** A first FranceConnect sign-in, then « Créer mon compte » on the sign-up confirmation; ends home. */
export async function signUpWithFranceConnect(page: Page, kit: Kit, login: string): Promise<void> {
  await signInWithFranceConnect(page, kit, login);
  await page.waitForURL((url) => url.pathname === '/finaliser-inscription');
  await profileForm(page).getByRole('button', { name: 'Créer mon compte' }).click();
  await page.waitForURL(`${kit.demo}/`);
}

/**
 * Signs `login` in through the local FranceConnect at the HTTP level (the same screens, forms and
 * redirects a browser goes through: FranceConnectUser) and, with `account`, completes the first
 * sign-up; then gives the browser context that person's cookies (the demo's session, FranceConnect's
 * own session). For tests whose subject comes after signing in: the sign-in itself is tested through
 * the screens, in Chromium (journeys, qualification). Rendering fewer pages keeps a busy machine's
 * cores for the pages under test.
 */
export async function signInOverHttp(
  context: BrowserContext,
  kit: Kit,
  login: string,
  { account = true }: { account?: boolean } = {},
): Promise<void> {
  const user = new FranceConnectUser({ franceConnectUrl: kit.franceconnect });
  const departure = await user.signIn(`${kit.demo}/auth/login`, { login });
  const landed = await user.navigate(departure.url);
  await landed.response.body?.cancel();
  if (account && landed.url.pathname === '/finaliser-inscription') {
    const me = await user.fetch(`${kit.demo}/api/me`, { headers: { accept: 'application/json' } });
    const { csrfToken, identity } = (await me.json()) as { csrfToken: string; identity: { email?: string } };
    const created = await user.fetch(`${kit.demo}/api/signup`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-csrf-token': csrfToken,
        origin: kit.demo,
        'sec-fetch-site': 'same-origin',
      },
      body: JSON.stringify({ email: identity.email ?? `${login}@example.fr` }),
    });
    if (created.status !== 201) throw new Error(`the sign-up of ${login} answered ${created.status}`);
  }
  await context.addCookies(
    user.jar.all().map((cookie) => ({
      name: cookie.name,
      value: cookie.value,
      domain: cookie.domain,
      path: cookie.path,
      expires: cookie.expires === undefined ? -1 : Math.floor(cookie.expires / 1000),
      httpOnly: cookie.httpOnly,
      secure: cookie.secure,
      ...(cookie.sameSite === undefined ? {} : { sameSite: cookie.sameSite }),
    })),
  );
}

/**
 * What the FranceConnect button starts: `GET /auth/login` in the page's browser context (its cookies,
 * so the pending attempt is this browser's), not followed. Resolves with FranceConnect's authorize
 * URL, to inspect or alter before the browser goes there.
 */
export async function startedAuthorization(page: Page, kit: Kit, path = '/auth/login'): Promise<URL> {
  const response = await page.context().request.get(`${kit.demo}${path}`, { maxRedirects: 0 });
  const location = response.headers()['location'];
  if (response.status() !== 302 || location === undefined) {
    throw new Error(`${path} answered ${response.status()}, not a redirect to FranceConnect`);
  }
  return new URL(location);
}

export const profileForm = (page: Page): Locator => page.locator('franceconnect-profile-form');

/** The header's signed-in person (`<franceconnect-user>`). */
export const userBadge = (page: Page): Locator => page.locator('header franceconnect-user');

/** `GET /api/me` from the page: its status and body. */
export async function me(page: Page): Promise<{ status: number; body: Record<string, unknown> }> {
  return page.evaluate(async () => {
    const response = await fetch('/api/me', { headers: { accept: 'application/json' } });
    return {
      status: response.status,
      body: response.status === 200 ? ((await response.json()) as Record<string, unknown>) : {},
    };
  });
}

/** The locked identity the profile form shows, label → value, as the person reads it. */
export async function lockedIdentity(page: Page): Promise<Record<string, string>> {
  const form = profileForm(page);
  await form.locator('dl').waitFor();
  const rows = await form.locator('dl > div').all();
  const entries = await Promise.all(
    rows.map(async (row) => [
      ((await row.locator('dt').textContent()) ?? '').trim(),
      ((await row.locator('dd').textContent()) ?? '').trim(),
    ]),
  );
  return Object.fromEntries(entries) as Record<string, string>;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page (WCAG 2.1 A and AA, best practices, colour contrast included). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (options: object) => Promise<{
            violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[] }> }>;
          }>;
        };
      }
    ).axe;
    const { violations } = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] },
    });
    return violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')})`,
    );
  });
}

/** Waits until the kit's elements are defined and rendered on the page. */
export async function elementsReady(page: Page): Promise<void> {
  await page.waitForFunction(() => customElements.get('franceconnect-button') !== undefined);
  await page.evaluate(async () => {
    const elements = Array.from(document.querySelectorAll('*')).filter((element) =>
      element.localName.startsWith('franceconnect-'),
    ) as Array<Element & { updateComplete?: Promise<unknown> }>;
    for (const element of elements) await element.updateComplete;
  });
}
