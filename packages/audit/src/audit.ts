// `audit(options)`: the whole self-check, as the CLI runs it, returning every check with its verdict.
import type { Browser } from 'playwright-core';
import { auditPage, newAuditContext, type PageAudit } from './audit-page.js';
import { checkAuthorization } from './checks/authorization-rules.js';
import { checkPage } from './checks/page-rules.js';
import { launchChromium } from './chromium.js';
import { runJourneys } from './journeys/run-journeys.js';
import { resolveOptions, type AuditOptions } from './options.js';
import { openPixelLab } from './page/pixels.js';
import { summarise, type AuditResult, type CheckResult, type Screenshot } from './result.js';

function signupNotGiven(): CheckResult {
  return {
    id: 'inscription.bouton',
    group: 'inscription',
    points: ['3', '4'],
    title: 'Bouton FranceConnect présent',
    verdict: 'non-verifiable',
    summary:
      'La page d’inscription n’a pas été donnée à l’audit (--signup) : les points 3 et 4 n’ont pas été vérifiés.',
    evidence: [],
  };
}

export async function audit(options: AuditOptions): Promise<AuditResult> {
  const resolved = resolveOptions(options);
  const startedAt = new Date().toISOString();
  const progress = resolved.onProgress;
  const browser: Browser = resolved.browser ?? (await launchChromium(resolved.chromiumPath));
  // One visitor for both pages (the journeys use contexts of their own), and a blank page to read pixels in.
  const context = await newAuditContext(browser, 'light');
  const lab = await openPixelLab(context);
  try {
    const timeoutMs = resolved.timeoutMs;
    const login = await auditPage(context, lab, 'connexion', resolved.login, {
      timeoutMs,
      twice: true,
      progress,
    });
    const signup: PageAudit | null = resolved.signup
      ? await auditPage(context, lab, 'inscription', resolved.signup, { timeoutMs, twice: false, progress })
      : null;
    const screenshots: Record<string, Screenshot> = {
      connexion: {
        caption: `Page de connexion (${resolved.login.href}) : ce qui a été mesuré`,
        png: login.screenshot,
      },
    };
    if (signup && resolved.signup) {
      screenshots.inscription = {
        caption: `Page d’inscription (${resolved.signup.href}) : ce qui a été mesuré`,
        png: signup.screenshot,
      };
    }
    const journeys = await runJourneys(browser, resolved, progress);
    for (const [key, screenshot] of Object.entries(journeys.screenshots)) screenshots[key] = screenshot;
    const checks: CheckResult[] = [
      ...checkPage(login.observation),
      ...(signup ? checkPage(signup.observation) : [signupNotGiven()]),
      ...checkAuthorization({
        first: login.observation.followed,
        second: login.again,
        signup: signup?.observation.followed ?? null,
        ...(resolved.clientId ? { clientId: resolved.clientId } : {}),
      }),
      ...journeys.checks,
    ];
    const summary = summarise(checks);
    return {
      target: {
        login: resolved.login.href,
        ...(resolved.signup ? { signup: resolved.signup.href } : {}),
        ...(resolved.clientId ? { clientId: resolved.clientId } : {}),
        ...(resolved.identity ? { identity: resolved.identity.login } : {}),
      },
      startedAt,
      finishedAt: new Date().toISOString(),
      browser: `Chromium ${browser.version()}`,
      checks,
      summary,
      passed: summary['non-conforme'] === 0,
      screenshots,
    };
  } finally {
    await context.close().catch(() => undefined);
    if (!resolved.browser) await browser.close();
  }
}
