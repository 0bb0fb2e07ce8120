// Signing in at FranceConnect with a test identity, as a person does: choose the identity provider
// (« Démonstration »), type the login and password, accept the transmission (« Continuer »), until the
// browser is back on the service. Driven by what the screens say, not by their markup, so that the
// sandbox and the local FranceConnect are both understood.
import type { Page } from 'playwright-core';
import { AuditRunError } from '../errors.js';

export interface Identity {
  readonly login: string;
  readonly password: string;
  readonly provider: string;
}

export interface SignInAtFranceConnect {
  /** Whether FranceConnect (its identity provider) asked for the password. */
  readonly askedPassword: boolean;
  /** What was done, in French, step by step. */
  readonly steps: readonly string[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Resolves once the page is back on one of `home` origins; throws when the identity is refused or time runs out. */
export async function signInAtFranceConnect(
  page: Page,
  identity: Identity,
  home: ReadonlySet<string>,
  timeoutMs: number,
  { stopAtPassword = false }: { stopAtPassword?: boolean } = {},
): Promise<SignInAtFranceConnect> {
  const deadline = Date.now() + timeoutMs * 3;
  const steps: string[] = [];
  let askedPassword = false;
  const provider = new RegExp(escapeRegExp(identity.provider), 'i');
  const settle = () => page.waitForEvent('framenavigated', { timeout: timeoutMs }).catch(() => undefined);
  while (Date.now() < deadline) {
    await page.waitForLoadState('domcontentloaded').catch(() => undefined);
    const origin = new URL(page.url()).origin;
    if (home.has(origin)) return { askedPassword, steps };
    const password = page.locator('input[type="password"]:visible').first();
    if (await password.count()) {
      askedPassword = true;
      if (stopAtPassword) return { askedPassword, steps };
      if (steps.includes('identifiant et mot de passe saisis')) {
        throw new AuditRunError(
          `FranceConnect refuse l’identité de test « ${identity.login} » (identifiant ou mot de passe)`,
        );
      }
      const form = page.locator('form').filter({ has: password }).first();
      const login = form
        .locator(
          'input:visible:not([type="password"]):not([type="hidden"]):not([type="submit"]):not([type="checkbox"])',
        )
        .first();
      await login.fill(identity.login);
      await password.fill(identity.password);
      steps.push('identifiant et mot de passe saisis');
      await Promise.all([settle(), password.press('Enter')]);
      continue;
    }
    const choose = page
      .getByRole('button', { name: provider })
      .or(page.getByRole('link', { name: provider }))
      .first();
    if (await choose.count()) {
      steps.push(`fournisseur d’identité « ${identity.provider} » choisi`);
      await Promise.all([settle(), choose.click()]);
      continue;
    }
    const proceed = page
      .getByRole('button', { name: /^(continuer|valider|autoriser|accepter|j.accepte)/i })
      .first();
    if (await proceed.count()) {
      steps.push('transmission des données acceptée');
      await Promise.all([settle(), proceed.click()]);
      continue;
    }
    await page.waitForTimeout(250);
  }
  throw new AuditRunError(`la connexion chez FranceConnect n’a pas abouti (dernière page : ${page.url()})`);
}
