// The report a reviewer reads: one self-contained HTML file (pictures inlined, no external resource),
// in French, printable, to attach to the qualification request.
import { CHECKLIST } from '../checklist.js';
import { VERDICTS, type AuditResult, type CheckGroup, type CheckResult, type Verdict } from '../result.js';
import { escape } from './escape.js';
import { LIMITS } from './limits.js';

const GROUPS: Record<CheckGroup, string> = {
  connexion: 'Page de connexion (points 1, 2, 5, 6, 7, 13)',
  inscription: 'Page d’inscription (points 3 à 7, 13)',
  autorisation: 'Demande d’autorisation envoyée à FranceConnect (points 17, 19, 20, 21)',
  parcours: 'Parcours avec une identité de test (points 8, 9, 14, 15, 16, 20)',
};

const ORDER: Verdict[] = ['non-conforme', 'a-verifier', 'non-verifiable', 'conforme'];

const STYLES = `
:root { color-scheme: light; font-family: Marianne, Arial, 'Liberation Sans', sans-serif; color: #161616; background: #fff; }
body { max-width: 62rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; line-height: 1.5; }
h1 { font-size: 1.75rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 1rem; padding-bottom: .25rem; border-bottom: 2px solid #000091; }
h3 { font-size: 1.05rem; margin: 0; }
.meta { color: #3a3a3a; margin: 0 0 1rem; }
.meta dt { font-weight: 700; float: left; clear: left; margin-right: .5rem; }
.meta dd { margin: 0; }
.counts { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; list-style: none; margin: 1rem 0; }
.counts li { padding: .35rem .75rem; border-radius: .25rem; font-weight: 700; }
.verdict { display: inline-block; padding: .1rem .5rem; border-radius: .25rem; font-size: .85rem; font-weight: 700; white-space: nowrap; }
.v-conforme { background: #b8fec9; color: #18753c; }
.v-non-conforme { background: #ffe9e9; color: #ce0500; border: 1px solid #ce0500; }
.v-a-verifier { background: #feecc2; color: #716043; }
.v-non-verifiable { background: #eee; color: #3a3a3a; }
.outcome { font-size: 1.1rem; font-weight: 700; padding: .75rem 1rem; border-left: 4px solid; margin: 1rem 0; }
.outcome.passed { border-color: #18753c; background: #f0fff3; }
.outcome.failed { border-color: #ce0500; background: #fff4f4; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #ddd; }
th { background: #f6f6f6; }
td a { color: #000091; }
article { border: 1px solid #ddd; border-radius: .25rem; padding: 1rem 1.25rem; margin: 0 0 1rem; break-inside: avoid; }
article header { display: flex; gap: .75rem; align-items: baseline; justify-content: space-between; flex-wrap: wrap; }
.id { font-family: ui-monospace, 'Liberation Mono', monospace; font-size: .8rem; color: #666; }
.fix { background: #fff4f4; border-left: 3px solid #ce0500; padding: .5rem .75rem; }
dl.evidence { display: grid; grid-template-columns: minmax(10rem, max-content) 1fr; gap: .2rem 1rem; font-size: .9rem; margin: .75rem 0; }
dl.evidence dt { font-weight: 700; color: #3a3a3a; }
dl.evidence dd { margin: 0; overflow-wrap: anywhere; }
blockquote { margin: .75rem 0 0; padding: .5rem .75rem; background: #f5f5fe; border-left: 3px solid #000091; font-size: .9rem; }
blockquote p { margin: 0; }
blockquote cite { display: block; font-style: normal; font-weight: 700; margin-bottom: .25rem; }
figure { margin: 0 0 1.5rem; break-inside: avoid; }
figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: .9rem; color: #3a3a3a; }
.limits { font-size: .9rem; background: #f6f6f6; padding: .75rem 1rem 0.75rem 2rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  a { color: inherit; }
  .v-non-conforme, .v-conforme, .v-a-verifier, .v-non-verifiable { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;

function badge(verdict: Verdict): string {
  return `<span class="verdict v-${verdict}">${escape(VERDICTS[verdict])}</span>`;
}

function checkArticle(check: CheckResult): string {
  const quotes = check.points
    .map((point) => CHECKLIST[point])
    .filter((point) => point !== undefined)
    .map(
      (point, index) =>
        `<blockquote><cite>${check.points[index] === 'FC' ? '' : `Point ${escape(check.points[index] ?? '')} — `}${escape(point.title)}</cite><p>${escape(point.text)}</p></blockquote>`,
    )
    .join('');
  const evidence = check.evidence.length
    ? `<dl class="evidence">${check.evidence.map((item) => `<dt>${escape(item.label)}</dt><dd>${escape(item.value)}</dd>`).join('')}</dl>`
    : '';
  return `<article id="${escape(check.id)}">
  <header><h3>${escape(check.title)}</h3>${badge(check.verdict)}</header>
  <p class="id">${escape(check.id)} · point${check.points.length > 1 ? 's' : ''} ${escape(check.points.join(', '))}</p>
  <p>${escape(check.summary)}</p>
  ${check.fix && check.verdict !== 'conforme' ? `<p class="fix"><strong>À corriger :</strong> ${escape(check.fix)}</p>` : ''}
  ${evidence}
  ${quotes}
</article>`;
}

export function renderHtml(result: AuditResult): string {
  const { summary } = result;
  const date = new Date(result.finishedAt);
  const groups = (Object.keys(GROUPS) as CheckGroup[]).filter((group) =>
    result.checks.some((check) => check.group === group),
  );
  const overview = result.checks
    .map(
      (check) =>
        `<tr><td><a href="#${escape(check.id)}">${escape(check.title)}</a><br><span class="id">${escape(check.id)}</span></td><td>${escape(check.points.join(', '))}</td><td>${badge(check.verdict)}</td></tr>`,
    )
    .join('\n');
  const sections = groups
    .map((group) => {
      const shot = result.screenshots[group];
      const figure = shot
        ? `<figure><img alt="${escape(shot.caption)}" src="data:image/png;base64,${shot.png.toString('base64')}"><figcaption>${escape(shot.caption)} — rouge : le bouton mesuré ; vert : ce qui l’entoure comme attendu ; orange : ce qui enfreint une règle.</figcaption></figure>`
        : '';
      const checks = result.checks.filter((check) => check.group === group);
      const sorted = [...checks].sort((a, b) => ORDER.indexOf(a.verdict) - ORDER.indexOf(b.verdict));
      return `<section aria-labelledby="g-${group}"><h2 id="g-${group}">${escape(GROUPS[group])}</h2>${figure}${sorted.map(checkArticle).join('\n')}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Autocontrôle FranceConnect — ${escape(result.target.login)}</title>
<style>${STYLES}</style>
</head>
<body>
<header>
<h1>Autocontrôle de la qualification FranceConnect</h1>
<dl class="meta">
<dt>Page de connexion</dt><dd>${escape(result.target.login)}</dd>
<dt>Page d’inscription</dt><dd>${escape(result.target.signup ?? 'non donnée')}</dd>
<dt>Identité de test</dt><dd>${escape(result.target.identity ?? 'aucune (parcours non joués)')}</dd>
<dt>Client ID attendu</dt><dd>${escape(result.target.clientId ?? 'non donné')}</dd>
<dt>Date</dt><dd>${escape(date.toLocaleString('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }))} (heure de Paris)</dd>
<dt>Navigateur</dt><dd>${escape(result.browser)}</dd>
</dl>
</header>
<main>
<p class="outcome ${result.passed ? 'passed' : 'failed'}">${
    result.passed
      ? 'Aucun point non conforme.'
      : `${summary['non-conforme']} point${summary['non-conforme'] > 1 ? 's' : ''} non conforme${summary['non-conforme'] > 1 ? 's' : ''} : à corriger avant la demande de qualification.`
  }</p>
<ul class="counts">
${ORDER.map((verdict) => `<li class="v-${verdict}">${summary[verdict]} ${escape(VERDICTS[verdict])}</li>`).join('\n')}
</ul>
<h2 id="limites">Ce que cet autocontrôle ne juge pas</h2>
<ul class="limits">${LIMITS.map((limit) => `<li>${escape(limit)}</li>`).join('')}</ul>
<h2 id="resume">Résumé</h2>
<table><thead><tr><th scope="col">Vérification</th><th scope="col">Point</th><th scope="col">Verdict</th></tr></thead>
<tbody>
${overview}
</tbody></table>
${sections}
</main>
</body>
</html>
`;
}
