import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startMockFranceConnect, type RunningMockFranceConnect } from '@franceconnect-kit/mock-franceconnect';
import { startFixtureSite, type FixtureSite } from './fixture-site.js';

// The `franceconnect-audit` command: its arguments, its exit codes, the report it writes, and the same
// command from the packed package installed outside the repository.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'packages/audit/bin/franceconnect-audit.js');
const CLIENT_ID = 'c1d2e3f4a5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd ?? ROOT, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const audit = (args: string[]) => run(process.execPath, [BIN, ...args]);

describe('franceconnect-audit, the command', () => {
  let site: FixtureSite;
  let franceconnect: RunningMockFranceConnect;
  const temporary: string[] = [];
  const folder = (prefix: string) => {
    const path = mkdtempSync(join(tmpdir(), prefix));
    temporary.push(path);
    return path;
  };

  before(async () => {
    let origin = '';
    site = await startFixtureSite({ franceconnect: () => origin, clientId: CLIENT_ID });
    franceconnect = await startMockFranceConnect({
      port: 0,
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: 'fixture-site-secret-fixture-site-secret-0123',
          redirect_uris: [`${site.url}/auth/callback`],
          post_logout_redirect_uris: [`${site.url}/auth/logout/callback`],
        },
      ],
    });
    origin = new URL(franceconnect.issuer).origin;
  });

  after(async () => {
    await franceconnect?.close();
    await site?.close();
    for (const path of temporary) rmSync(path, { recursive: true, force: true });
  });

  it('a bad argument is one line naming it, exit code 2, nothing written', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /--login manque/],
      [['--login'], /--login attend une valeur/],
      [
        ['--login', 'demarches.example.fr/connexion'],
        /--login doit être une adresse http\(s\) complète.*« demarches\.example\.fr\/connexion »/,
      ],
      [['--login', 'ftp://example.fr/'], /--login doit être une adresse http\(s\)/],
      [['--login', 'https://example.fr/', '--signup', 'nope'], /--signup doit être une adresse/],
      [['--login', 'https://example.fr/', '--timeout', 'dix'], /--timeout attend un nombre de secondes/],
      [['--login', 'https://example.fr/', '--timeout', '0'], /--timeout doit être d’au moins 1 seconde/],
      [['--login', 'https://example.fr/', '--password', 'x'], /--password sans --identity/],
      [['--login', 'https://example.fr/', '--colour'], /option inconnue --colour/],
      [['https://example.fr/'], /argument inattendu « https:\/\/example\.fr\/ »/],
      [['--login', 'https://example.fr/', '--client-id', ' '], /--client-id ne peut pas être vide/],
    ];
    const cwd = folder('audit-args-');
    const results = await Promise.all(cases.map(([args]) => run(process.execPath, [BIN, ...args], { cwd })));
    for (const [index, [args, message]] of cases.entries()) {
      const result = results[index]!;
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stdout, '');
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0] ?? '', /^franceconnect-audit : /);
      assert.match(lines[0] ?? '', message);
    }
    assert.deepEqual(readdirSync(cwd), [], 'no report for a bad argument');
  });

  it('a page that cannot be opened: one line, exit code 3', async () => {
    const result = await audit(['--login', `${site.url}/inconnue/connexion`, '--quiet']);
    assert.equal(result.code, 3, result.stderr);
    assert.match(
      result.stderr.trim(),
      /^franceconnect-audit : l’audit n’a pas pu s’exécuter : .*répond HTTP 404$/,
    );
  });

  it('a non-conforme page: exit code 1, and the report in HTML (self-contained), JSON and JUnit XML', async () => {
    const report = join(folder('audit-report-'), 'rapport');
    const result = await audit([
      '--login',
      site.login('sans-ou'),
      '--client-id',
      CLIENT_ID,
      '--report',
      report,
      '--quiet',
    ]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /✖ non conforme\s+connexion\.separateur-ou/);
    const html = readFileSync(join(report, 'rapport.html'), 'utf8');
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /Séparation « ou » avec les autres modes de connexion/);
    assert.match(html, /La mention « OU » doit y figurer/, 'the checklist’s own words');
    assert.match(html, /<img alt="Page de connexion[^"]*" src="data:image\/png;base64,/);
    assert.doesNotMatch(html, /<(script|link)\b|src="https?:/, 'nothing to fetch');
    const json = JSON.parse(readFileSync(join(report, 'rapport.json'), 'utf8')) as {
      passed: boolean;
      checks: Array<{ id: string; verdict: string }>;
    };
    assert.equal(json.passed, false);
    assert.deepEqual(
      json.checks.filter((check) => check.verdict === 'non-conforme').map((check) => check.id),
      ['connexion.separateur-ou'],
    );
    const junit = readFileSync(join(report, 'rapport.junit.xml'), 'utf8');
    assert.match(junit, /<testsuites name="franceconnect-audit" tests="\d+" failures="1"/);
    assert.match(
      junit,
      /<testcase classname="franceconnect-audit.connexion" name="connexion.separateur-ou[^"]*"><failure message="Aucune mention « ou »/,
    );
  });

  it('the packed package, installed in a project outside the repository, runs the same command', async () => {
    const packs = folder('audit-pack-');
    const tarball =
      execFileSync(
        'npm',
        ['pack', '--silent', '--pack-destination', packs, '-w', '@franceconnect-kit/audit'],
        { cwd: ROOT, encoding: 'utf8' },
      )
        .trim()
        .split('\n')
        .pop() ?? '';
    const listing = execFileSync('tar', ['-tzf', join(packs, tarball)], { encoding: 'utf8' });
    assert.match(listing, /package\/bin\/franceconnect-audit\.js/);
    assert.match(listing, /package\/dist\/cli\.js/);
    assert.match(listing, /package\/README\.md/);
    assert.match(listing, /package\/LICENSE/);
    assert.match(listing, /package\/CHANGELOG\.md/);
    assert.doesNotMatch(listing, /\.tsbuildinfo/);
    // Like every package of the kit: maps, and the sources they point to (test/consumer checks each map).
    assert.match(listing, /package\/dist\/cli\.js\.map/);
    assert.match(listing, /package\/src\/cli\.ts/);
    const project = folder('audit-consumer-');
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    const install = await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', join(packs, tarball)],
      { cwd: project },
    );
    assert.equal(install.code, 0, install.stderr);
    const version = await run('npx', ['--no-install', 'franceconnect-audit', '--version'], { cwd: project });
    assert.equal(version.stdout.trim(), '0.1.0', version.stderr);
    const result = await run(
      'npx',
      [
        '--no-install',
        'franceconnect-audit',
        '--login',
        site.login('conforme'),
        '--client-id',
        CLIENT_ID,
        '--quiet',
      ],
      { cwd: project },
    );
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /0 non conforme\(s\)/);
    assert.ok(readdirSync(join(project, 'rapport-franceconnect')).includes('rapport.html'));
  });
});
