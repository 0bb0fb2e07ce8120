// JUnit XML for CI dashboards: one test suite per part of the audit, one test case per check. A check
// that is non conforme fails; « à vérifier à la main » and « non vérifiable » are skipped, with why.
import { CHECKLIST } from '../checklist.js';
import { VERDICTS, type AuditResult, type CheckGroup } from '../result.js';
import { escape } from './escape.js';

const SUITES: Record<CheckGroup, string> = {
  connexion: 'Page de connexion',
  inscription: 'Page d’inscription',
  autorisation: 'Demande d’autorisation',
  parcours: 'Parcours avec une identité de test',
};

export function renderJunit(result: AuditResult): string {
  const groups = (Object.keys(SUITES) as CheckGroup[]).filter((group) =>
    result.checks.some((check) => check.group === group),
  );
  const suites = groups.map((group) => {
    const checks = result.checks.filter((check) => check.group === group);
    const failures = checks.filter((check) => check.verdict === 'non-conforme').length;
    const skipped = checks.filter(
      (check) => check.verdict === 'a-verifier' || check.verdict === 'non-verifiable',
    ).length;
    const cases = checks.map((check) => {
      const name = `${check.id} — ${check.title} (point ${check.points.join(', ')})`;
      const details = [
        check.summary,
        ...check.evidence.map((item) => `${item.label} : ${item.value}`),
        ...(check.fix ? [`À corriger : ${check.fix}`] : []),
        ...check.points.map((point) => `Grille ${point} : ${CHECKLIST[point]?.text ?? ''}`),
      ].join('\n');
      const body =
        check.verdict === 'non-conforme'
          ? `<failure message="${escape(check.summary)}" type="non conforme">${escape(details)}</failure>`
          : check.verdict === 'conforme'
            ? `<system-out>${escape(details)}</system-out>`
            : `<skipped message="${escape(`${VERDICTS[check.verdict]} : ${check.summary}`)}"/>`;
      return `    <testcase classname="franceconnect-audit.${group}" name="${escape(name)}">${body}</testcase>`;
    });
    return `  <testsuite name="${escape(SUITES[group])}" tests="${checks.length}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${result.startedAt}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const total = result.checks.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="franceconnect-audit" tests="${total}" failures="${result.summary['non-conforme']}" errors="0" skipped="${result.summary['a-verifier'] + result.summary['non-verifiable']}">\n${suites.join('\n')}\n</testsuites>\n`;
}
