import type { Request, Response } from 'express';
import { renderPage, type Page } from './pages.js';

/**
 * Paths of the integrator's own pages, used instead of the BFF's built-in ones. The browser is sent
 * there (303) with `?reason=<code>`; JSON callers still get JSON.
 */
export interface PageOverrides {
  /** The user cancelled at FranceConnect (`access_denied`). */
  cancelled?: string;
  /** Any other failed sign-in: FranceConnect's error, a failed check. */
  error?: string;
  /** FranceConnect or the session store cannot be reached. */
  unavailable?: string;
}

export interface Problem {
  status: number;
  /** Short code for JSON callers, logs and `?reason=`. */
  code: string;
  page: Page;
  override?: keyof PageOverrides | undefined;
}

/** Whether the caller wants JSON (an API call) rather than a page. */
export function wantsJson(req: Request): boolean {
  return (
    req.path.startsWith('/api/') || req.baseUrl.startsWith('/api') || req.accepts(['html', 'json']) === 'json'
  );
}

export function sendProblem(
  req: Request,
  res: Response,
  problem: Problem,
  overrides: PageOverrides = {},
): void {
  res.set('Cache-Control', 'no-store');
  if (wantsJson(req)) {
    res.status(problem.status).json({ error: problem.code, message: problem.page.paragraphs.join(' ') });
    return;
  }
  const override = problem.override ? overrides[problem.override] : undefined;
  if (override !== undefined) {
    const target = new URL(override, 'http://override.invalid');
    target.searchParams.set('reason', problem.code);
    res.redirect(303, `${target.pathname}${target.search}`);
    return;
  }
  res.status(problem.status).type('html').send(renderPage(problem.page));
}
