// What an audit returns: one result per check, each tied to a point of the qualification checklist.

/** The four verdicts of the report, as the FranceConnect qualification speaks of them. */
export const VERDICTS = {
  conforme: 'conforme',
  'non-conforme': 'non conforme',
  'a-verifier': 'à vérifier à la main',
  'non-verifiable': 'non vérifiable',
} as const;
export type Verdict = keyof typeof VERDICTS;

/** One measured fact shown as evidence: « libellé : valeur ». */
export interface Evidence {
  readonly label: string;
  readonly value: string;
}

/** Which page or step of the audit a check belongs to. */
export type CheckGroup = 'connexion' | 'inscription' | 'autorisation' | 'parcours';

export interface CheckResult {
  /** Stable identifier, e.g. `connexion.taille` or `autorisation.acr-values`. */
  readonly id: string;
  readonly group: CheckGroup;
  /** The checklist point(s), as numbered in the qualification deck (e.g. `1`, `19`), or `FC` for FranceConnect's own parameter rules. */
  readonly points: readonly string[];
  /** What is checked, in French. */
  readonly title: string;
  readonly verdict: Verdict;
  /** What was found, in French, one or two sentences. */
  readonly summary: string;
  /** What to change, in French (for a verdict other than conforme). */
  readonly fix?: string;
  readonly evidence: readonly Evidence[];
  /** Key of the annotated screenshot that shows what was measured (see `AuditResult.screenshots`). */
  readonly screenshot?: string;
}

export interface Screenshot {
  /** What the picture shows, in French. */
  readonly caption: string;
  readonly png: Buffer;
}

export interface AuditSummary {
  readonly conforme: number;
  readonly 'non-conforme': number;
  readonly 'a-verifier': number;
  readonly 'non-verifiable': number;
}

export interface AuditResult {
  /** The pages and options the audit ran with. */
  readonly target: {
    readonly login: string;
    readonly signup?: string;
    readonly clientId?: string;
    readonly identity?: string;
  };
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The Chromium version that rendered the pages. */
  readonly browser: string;
  readonly checks: readonly CheckResult[];
  readonly summary: AuditSummary;
  /** True when no check is non conforme (the CLI's exit code 0). */
  readonly passed: boolean;
  readonly screenshots: Readonly<Record<string, Screenshot>>;
}

export function summarise(checks: readonly CheckResult[]): AuditSummary {
  const count = (verdict: Verdict) => checks.filter((check) => check.verdict === verdict).length;
  return {
    conforme: count('conforme'),
    'non-conforme': count('non-conforme'),
    'a-verifier': count('a-verifier'),
    'non-verifiable': count('non-verifiable'),
  };
}
