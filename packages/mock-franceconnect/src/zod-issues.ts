import type { z } from 'zod';

function pathOf(issue: z.core.$ZodIssue, root: string): string {
  let path = root;
  for (const key of issue.path) {
    path += typeof key === 'number' ? `[${key}]` : path === '' ? String(key) : `.${String(key)}`;
  }
  return path;
}

/** One line per problem, each naming where it is (`identities[3].birthplace: …`). */
export function describeIssues(error: z.ZodError, root = ''): string[] {
  return error.issues.map((issue) => `${pathOf(issue, root) || '(root)'}: ${issue.message}`);
}

/** The same, typeset for the French error pages (`nonce : …`; problems of the whole request alone). */
export function describeIssuesInFrench(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = pathOf(issue, '');
    return path === '' ? issue.message : `${path} : ${issue.message}`;
  });
}
