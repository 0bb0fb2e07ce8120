import type { Request, Response } from 'express';
import { z } from 'zod';
import { PAGES } from '../http/pages.js';
import { sendProblem } from '../http/respond.js';
import type { BffContext } from '../context.js';
import { startAuthorization } from '../routes/login.js';
import { requestedApis } from './requested-apis.js';
import type { DataSettings } from './settings.js';

/** The purpose of authorizations started by `/auth/data`. */
export const DATA_PURPOSE = 'data';

const single = (name: string, max: number) =>
  z
    .string({ error: `le paramètre « ${name} » doit être donné une fois, comme texte` })
    .max(max, `le paramètre « ${name} » est trop long (${max} caractères au plus)`);

const startQuery = z.object({
  apis: single('apis', 1024).optional(),
  scopes: single('scopes', 1024).optional(),
  returnTo: single('returnTo', 2048).optional(),
});

/**
 * `GET /auth/data?apis=statut_etudiant+statut_etudiant_boursier&returnTo=/path`: 302 to FranceConnect
 * with the identity scopes and the scopes of the APIs asked for (default: every allowed one).
 * `scopes=cnaf_quotient_familial` (the earlier way) asks for scopes instead. An API or a scope outside
 * the allow-list, an empty, repeated or oversized parameter, both `apis` and `scopes`: 400 naming it,
 * and nothing starts.
 */
export function startDataRetrieval(ctx: BffContext, settings: DataSettings) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = startQuery.safeParse(req.query);
    const problems = query.success ? [] : query.error.issues.map((issue) => issue.message);
    let scopes: string[] = [...settings.scopes];
    if (query.success && query.data.apis !== undefined && query.data.scopes !== undefined) {
      problems.push('donnez le paramètre « apis » ou le paramètre « scopes », pas les deux');
    } else if (query.success && query.data.apis !== undefined) {
      const requested = requestedApis(settings, query.data.apis);
      problems.push(...requested.problems);
      scopes = requested.apis.flatMap((api) => api.scopes);
    } else if (query.success && query.data.scopes !== undefined) {
      scopes = [...new Set(query.data.scopes.split(/\s+/).filter(Boolean))];
      if (scopes.length === 0) problems.push('le paramètre « scopes » est vide');
      for (const scope of scopes.filter((scope) => !settings.scopes.includes(scope))) {
        problems.push(
          `le paramètre « scopes » demande « ${scope.slice(0, 100)} », qui ne fait pas partie des données que ce service peut demander (${settings.scopes.join(', ')})`,
        );
      }
    }
    if (problems.length > 0) {
      sendProblem(req, res, {
        status: 400,
        code: 'invalid_request',
        page: PAGES.badRequest(
          ctx.home,
          problems.map((problem) => `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`),
        ),
      });
      return;
    }
    const url = await startAuthorization(ctx, req, {
      purpose: DATA_PURPOSE,
      // The identity scopes too: the data must be matched to the person (and, signed out, sign them in).
      scopes: [...ctx.settings.scopes, ...scopes.filter((scope) => !ctx.settings.scopes.includes(scope))],
      returnTo: query.data?.returnTo,
    });
    res.redirect(302, url.href);
  };
}
