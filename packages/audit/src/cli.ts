#!/usr/bin/env node
// franceconnect-audit: the qualification self-check from a terminal or a CI job.
// Exit codes: 0 nothing is non conforme, 1 something is, 2 a bad argument, 3 the audit could not run.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AuditOptionsError, AuditRunError } from './errors.js';
import type { AuditOptions } from './options.js';
import { VERDICTS, type Verdict } from './result.js';

const USAGE = `Usage : franceconnect-audit --login <url> [options]

Vérifie dans Chromium l’intégration FranceConnect d’un site selon la grille de qualification,
et écrit un rapport (HTML, JSON, JUnit XML).

  --login <url>              page de connexion, où se trouve le bouton FranceConnect (obligatoire)
  --signup <url>             page d’inscription (points 3 et 4)
  --client-id <id>           client_id de l’espace partenaire, comparé à celui envoyé (point 21)
  --identity <identifiant>   identité de test pour jouer les parcours (points 8, 9, 14, 15, 16, 20)
  --password <mot de passe>  son mot de passe (par défaut 123, celui des identités de test)
  --identity-provider <nom>  fournisseur d’identité à choisir chez FranceConnect (par défaut Démonstration)
  --profile <url>            page du profil (par défaut : le lien « Mon profil » trouvé une fois connecté)
  --report <dossier>         où écrire rapport.html, rapport.json, rapport.junit.xml (par défaut ./rapport-franceconnect)
  --chromium <chemin>        Chromium ou Chrome à utiliser (par défaut CHROME_PATH, puis les emplacements usuels)
  --timeout <secondes>       attente maximale d’une étape (par défaut 20)
  --quiet                    n’affiche que le résultat
  --help, --version

Code de sortie : 0 si aucun point n’est non conforme, 1 sinon, 2 pour un argument invalide,
3 si l’audit n’a pas pu s’exécuter.`;

const SYMBOLS: Record<Verdict, string> = {
  conforme: '✔',
  'non-conforme': '✖',
  'a-verifier': '?',
  'non-verifiable': '–',
};

function fail(message: string, code: number): never {
  console.error(`franceconnect-audit : ${message}`);
  process.exit(code);
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        login: { type: 'string' },
        signup: { type: 'string' },
        'client-id': { type: 'string' },
        identity: { type: 'string' },
        password: { type: 'string' },
        'identity-provider': { type: 'string' },
        profile: { type: 'string' },
        report: { type: 'string' },
        chromium: { type: 'string' },
        timeout: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /Unknown option '([^']+)'/.exec(message);
    if (unknown) fail(`option inconnue ${unknown[1]} (voir --help)`, 2);
    const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(message);
    if (missing) fail(`${missing[1]?.replace(/^-\w, /, '')} attend une valeur (voir --help)`, 2);
    const positional = /Unexpected argument '([^']+)'/.exec(message);
    if (positional)
      fail(`argument inattendu « ${positional[1]} » : les adresses se donnent avec --login et --signup`, 2);
    fail(`${message} (voir --help)`, 2);
  }
}

async function main(): Promise<void> {
  const values = parse(process.argv.slice(2));
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.version) {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    console.log(manifest.version);
    return;
  }
  if (values.login === undefined)
    fail('--login manque : donnez l’adresse de la page de connexion (voir --help)', 2);
  if (values.password !== undefined && values.identity === undefined)
    fail('--password sans --identity : donnez aussi l’identité de test', 2);
  if (values['identity-provider'] !== undefined && values.identity === undefined)
    fail('--identity-provider sans --identity : donnez aussi l’identité de test', 2);
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!/^\d+(\.\d+)?$/.test(values.timeout.trim()) || !Number.isFinite(seconds))
      fail(`--timeout attend un nombre de secondes (reçu « ${values.timeout} »)`, 2);
    timeoutMs = Math.round(seconds * 1000);
  }
  const report = values.report ?? 'rapport-franceconnect';
  if (report.trim() === '') fail('--report ne peut pas être vide', 2);
  const quiet = values.quiet === true;
  const options: AuditOptions = {
    login: values.login,
    ...(values.signup !== undefined ? { signup: values.signup } : {}),
    ...(values['client-id'] !== undefined ? { clientId: values['client-id'] } : {}),
    ...(values.identity !== undefined
      ? {
          identity: {
            login: values.identity,
            ...(values.password !== undefined ? { password: values.password } : {}),
            ...(values['identity-provider'] !== undefined ? { provider: values['identity-provider'] } : {}),
          },
        }
      : {}),
    ...(values.profile !== undefined ? { profile: values.profile } : {}),
    ...(values.chromium !== undefined ? { chromiumPath: values.chromium } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(quiet ? {} : { onProgress: (step: string) => console.error(`… ${step}`) }),
  };
  // Loaded only now: a bad argument or --help answers at once, without loading the browser driver.
  const [{ audit }, { writeReport }] = await Promise.all([
    import('./audit.js'),
    import('./report/write-report.js'),
  ]);
  let result;
  try {
    result = await audit(options);
  } catch (error) {
    if (error instanceof AuditOptionsError) fail(error.message, 2);
    if (error instanceof AuditRunError) fail(`l’audit n’a pas pu s’exécuter : ${error.message}`, 3);
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
    fail(`l’audit n’a pas pu s’exécuter : ${message}`, 3);
  }
  for (const check of result.checks) {
    console.log(
      `${SYMBOLS[check.verdict]} ${VERDICTS[check.verdict].padEnd(20)} ${check.id.padEnd(36)} ${check.summary}`,
    );
  }
  const files = await writeReport(result, report);
  const { summary } = result;
  console.log(
    `\n${summary.conforme} conforme(s), ${summary['non-conforme']} non conforme(s), ${summary['a-verifier']} à vérifier à la main, ${summary['non-verifiable']} non vérifiable(s).`,
  );
  console.log(`Rapport : ${files.html}\n          ${files.json}\n          ${files.junit}`);
  process.exitCode = result.passed ? 0 : 1;
}

await main();
