import type { AuditResult } from '../result.js';

/** The result as JSON for CI: every check and the summary; screenshots are in the HTML report. */
export function renderJson(result: AuditResult): string {
  const { screenshots, ...rest } = result;
  return `${JSON.stringify({ ...rest, screenshots: Object.fromEntries(Object.entries(screenshots).map(([key, shot]) => [key, shot.caption])) }, null, 2)}\n`;
}
