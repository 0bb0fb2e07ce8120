import type { z } from 'zod';

/** One French sentence per bad query parameter, naming it (« Le paramètre « x » est invalide : … »). */
export function queryProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = String(issue.path[0] ?? 'inconnu');
    return `Le paramètre « ${field} » est invalide : ${issue.message}.`;
  });
}
