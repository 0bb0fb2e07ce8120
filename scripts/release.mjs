#!/usr/bin/env node
// `npm run release`: the download for CMS integrators, dist/franceconnect-kit-<version>.zip: the CDN
// bundles (ES modules and classic scripts), franceconnect.css, their SHA-384 integrity hashes, an example
// page that works opened from the disk, and the French guide (docs/integrer-le-bouton-franceconnect.md).
// Builds the elements first; `--no-build` uses the current build (the tests do), `--out-dir <folder>`
// writes the archive elsewhere. The archive is reproducible: same files, same bytes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { zipSync } from 'fflate';

const root = fileURLToPath(new URL('..', import.meta.url));
const button = join(root, 'packages/button');
const { values: options } = parseArgs({
  options: { 'no-build': { type: 'boolean' }, 'out-dir': { type: 'string' } },
});

if (!options['no-build']) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', '--silent', 'build', '-w', '@franceconnect-kit/button'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** @type {{ version: string }} */
const { version } = JSON.parse(readFileSync(join(button, 'package.json'), 'utf8'));
const folder = `franceconnect-kit-${version}`;

/** What the archive holds: its path there, and the file it comes from. */
const shipped = {
  'franceconnect.js': 'dist/cdn/franceconnect.js',
  'franceconnect-button.js': 'dist/cdn/franceconnect-button.js',
  'franceconnect-prefill.js': 'dist/cdn/franceconnect-prefill.js',
  'franceconnect-data-mention.js': 'dist/cdn/franceconnect-data-mention.js',
  'classique/franceconnect.js': 'dist/cdn/classic/franceconnect.js',
  'classique/franceconnect-button.js': 'dist/cdn/classic/franceconnect-button.js',
  'classique/franceconnect-prefill.js': 'dist/cdn/classic/franceconnect-prefill.js',
  'classique/franceconnect-data-mention.js': 'dist/cdn/classic/franceconnect-data-mention.js',
  'franceconnect.css': 'dist/franceconnect.css',
};

/** @type {Record<string, Uint8Array>} */
const files = {};
for (const [name, source] of Object.entries(shipped)) {
  const file = join(button, source);
  if (!existsSync(file)) {
    console.error(
      `${source} is missing: run \`npm run build\` first (or \`npm run release\` without --no-build).`,
    );
    process.exit(2);
  }
  files[name] = readFileSync(file);
}

/** The value of an `integrity` attribute. */
const integrity = (/** @type {Uint8Array} */ bytes) =>
  `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

const hashes = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, integrity(bytes)]));
const tag = (/** @type {string} */ name) =>
  name.endsWith('.css')
    ? `<link rel="stylesheet" href="/assets/franceconnect/${name}" integrity="${hashes[name]}" />`
    : name.startsWith('classique/')
      ? `<script src="/assets/franceconnect/${name}" integrity="${hashes[name]}" defer></script>`
      : `<script type="module" src="/assets/franceconnect/${name}" integrity="${hashes[name]}"></script>`;

const text = (/** @type {string} */ value) => new TextEncoder().encode(value);
files['INTEGRITE.txt'] = text(
  `Empreintes SHA-384 des fichiers de franceconnect-kit ${version} (attribut integrity).\n` +
    `Ajoutez crossorigin="anonymous" si les fichiers sont servis depuis un autre domaine que la page.\n\n` +
    Object.entries(hashes)
      .map(([name, hash]) => `${hash}  ${name}`)
      .join('\n') +
    `\n\nBalises prêtes à coller (fichiers copiés dans /assets/franceconnect/) :\n\n` +
    Object.keys(hashes).map(tag).join('\n') +
    '\n',
);
files['integrity.json'] = text(`${JSON.stringify(hashes, null, 2)}\n`);
files['exemple.html'] = text(examplePage(version));
files['integrer-le-bouton-franceconnect.md'] = readFileSync(
  join(root, 'docs/integrer-le-bouton-franceconnect.md'),
);
files['LICENSE'] = readFileSync(join(root, 'LICENSE'));

// Fixed dates (SOURCE_DATE_EPOCH when set): the same version always gives the same archive.
const epoch = process.env.SOURCE_DATE_EPOCH;
const mtime =
  epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date('2026-01-01T00:00:00Z');
const archive = zipSync(
  Object.fromEntries(
    Object.entries(files)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, bytes]) => [`${folder}/${name}`, [bytes, { mtime, level: 9 }]]),
  ),
);
const outDir = resolve(root, options['out-dir'] ?? 'dist');
mkdirSync(outDir, { recursive: true });
const output = join(outDir, `${folder}.zip`);
writeFileSync(output, archive);
console.log(`${output} (${(archive.length / 1024).toFixed(1)} KB)`);
for (const [name, hash] of Object.entries(hashes)) console.log(`  ${name}  ${hash}`);

/**
 * A page to open from the disk: classic scripts (browsers refuse module scripts from file://), every
 * element that needs no server, light and dark.
 * @param {string} kitVersion
 */
function examplePage(kitVersion) {
  return `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Exemple – le bouton FranceConnect (franceconnect-kit ${kitVersion})</title>
    <link rel="stylesheet" href="franceconnect.css" />
    <!-- Sur votre site : <script type="module" src="/assets/franceconnect/franceconnect.js"></script> -->
    <script src="classique/franceconnect.js" defer></script>
    <style>
      body { font-family: Marianne, Arial, sans-serif; line-height: 1.5; color: #161616; background: #fff; margin: 0; }
      main { max-width: 44rem; margin: 0 auto; padding: 1rem; }
      .sombre { color-scheme: dark; color: #cecece; background: #161616; padding: 1rem 1.5rem 1.5rem; }
      code { font-size: 0.95em; }
    </style>
  </head>
  <body>
    <main>
      <h1>Le bouton FranceConnect sur votre site</h1>
      <p>
        Cette page est un exemple, ouvert depuis votre ordinateur : les boutons ne mènent nulle part. Sur votre
        site, ils mènent à la route de connexion de votre serveur (<code>/auth/login</code> par défaut). Le guide
        <code>integrer-le-bouton-franceconnect.md</code> explique comment les ajouter à WordPress, Drupal ou une
        page HTML.
      </p>

      <h2>La section de connexion</h2>
      <franceconnect-login href="#connexion">
        <p><a href="#courriel">Se connecter avec son adresse électronique</a></p>
      </franceconnect-login>

      <h2>Récupérer ses données</h2>
      <p>
        FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services
        en ligne.
      </p>
      <franceconnect-button variant="data" href="#donnees"></franceconnect-button>

      <h2>Sur une partie sombre de la page</h2>
      <div class="sombre">
        <p>
          Cette partie déclare <code>color-scheme: dark</code> : le bouton et son lien d’aide prennent leurs
          couleurs sombres, quel que soit le réglage de l’ordinateur.
        </p>
        <franceconnect-button href="#connexion"></franceconnect-button>
      </div>
    </main>
  </body>
</html>
`;
}
