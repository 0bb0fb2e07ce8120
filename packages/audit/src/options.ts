// The audit's options, checked once: a mistake is one sentence naming the option, never a stack trace.
import type { Browser } from 'playwright-core';
import { z } from 'zod';
import { AuditOptionsError } from './errors.js';

export interface AuditOptions {
  /** The sign-in page (« Connexion »): where the FranceConnect button is. */
  login: string | URL;
  /** The sign-up page (« Inscription »), checked the same way (points 3 and 4). */
  signup?: string | URL;
  /** The client id of the partner space, compared to the one the button sends (point 21). */
  clientId?: string;
  /**
   * A test identity to run the journeys with (points 8, 9, 14, 15, 16, 20): its login at the
   * « Démonstration » identity provider of the sandbox or of the local FranceConnect.
   */
  identity?: { login: string; password?: string; provider?: string };
  /** The profile page; by default the audit follows the « Mon profil » link it finds once signed in. */
  profile?: string | URL;
  /** A running Playwright Chromium to use (it stays open); otherwise the audit launches the system's. */
  browser?: Browser;
  /** The Chromium executable (default: `CHROME_PATH`, then the usual places). */
  chromiumPath?: string;
  /** Longest wait for one step (a page, FranceConnect's answer), in ms. Default 20 000. */
  timeoutMs?: number;
  /** Told what the audit is doing, step by step (in French). */
  onProgress?: (step: string) => void;
}

export interface ResolvedOptions {
  login: URL;
  signup?: URL;
  clientId?: string;
  identity?: { login: string; password: string; provider: string };
  profile?: URL;
  browser?: Browser;
  chromiumPath?: string;
  timeoutMs: number;
  onProgress: (step: string) => void;
}

function pageUrl(option: string) {
  return z.union([z.string(), z.instanceof(URL)]).transform((value, context) => {
    const text = String(value).trim();
    if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) {
      context.addIssue({
        code: 'custom',
        message: `${option} doit être une adresse http(s) complète, par exemple https://demarches.example.fr/connexion (reçu « ${text} »)`,
      });
      return z.NEVER;
    }
    return new URL(text);
  });
}

const schema = z.object({
  login: pageUrl('--login'),
  signup: pageUrl('--signup').optional(),
  clientId: z.string().trim().min(1, '--client-id ne peut pas être vide').optional(),
  identity: z
    .object({
      login: z.string().trim().min(1, '--identity ne peut pas être vide'),
      password: z.string().min(1, '--password ne peut pas être vide').default('123'),
      provider: z.string().trim().min(1).default('Démonstration'),
    })
    .optional(),
  profile: pageUrl('--profile').optional(),
  chromiumPath: z.string().min(1).optional(),
  timeoutMs: z
    .number({ error: '--timeout doit être un nombre de secondes' })
    .int()
    .min(1_000, '--timeout doit être d’au moins 1 seconde')
    .max(600_000, '--timeout doit être d’au plus 600 secondes')
    .default(20_000),
});

export function resolveOptions(options: AuditOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null)
    throw new AuditOptionsError('les options de l’audit manquent');
  if (options.login === undefined)
    throw new AuditOptionsError('--login manque : l’adresse de la page de connexion est obligatoire');
  const result = schema.safeParse(options);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AuditOptionsError(issue?.message ?? 'options invalides');
  }
  const { signup, clientId, identity, profile, chromiumPath } = result.data;
  return {
    login: result.data.login,
    timeoutMs: result.data.timeoutMs,
    onProgress: options.onProgress ?? (() => undefined),
    ...(signup ? { signup } : {}),
    ...(clientId ? { clientId } : {}),
    ...(identity ? { identity } : {}),
    ...(profile ? { profile } : {}),
    ...(options.browser ? { browser: options.browser } : {}),
    ...(chromiumPath ? { chromiumPath } : {}),
  };
}
