// @ts-check
// `npm run size`: the gzip size of each CDN bundle against its budget, with the DSFR's CSS for scale.
// Exits with a non-zero code when a bundle is over budget. Run `npm run build` first.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const KB = 1024;

/** A page that uses the DSFR for this button loads about this much gzipped CSS (core, connect, dark scheme) and no behaviour. */
const DSFR_CSS = 32 * KB;

const bundles = [
  { file: 'dist/cdn/franceconnect-button.js', contents: 'the button alone, Lit included', budget: 9 * KB },
  { file: 'dist/cdn/franceconnect.js', contents: 'every element of the kit', budget: 14 * KB },
  { file: 'dist/cdn/franceconnect-prefill.js', contents: 'the form filler, on its own', budget: 3 * KB },
];

const kb = (/** @type {number} */ bytes) => `${(bytes / KB).toFixed(2)} KB`;

let over = 0;
console.log(
  `gzip sizes (level 9; 1 KB = ${KB} bytes). For scale, the DSFR's CSS for this button: ~${kb(DSFR_CSS)}.\n`,
);
for (const { file, contents, budget } of bundles) {
  let source;
  try {
    source = await readFile(new URL(`../${file}`, import.meta.url));
  } catch {
    console.error(`${file} is missing: run \`npm run build\` first.`);
    process.exit(2);
  }
  const size = gzipSync(source, { level: 9 }).length;
  const ok = size <= budget;
  if (!ok) over++;
  console.log(
    `${ok ? '✔' : '✖'} ${file} (${contents}): ${kb(size)} (${size} bytes), budget ${kb(budget)}, ` +
      `${Math.round((size / budget) * 100)} % of budget, ${Math.round((size / DSFR_CSS) * 100)} % of the DSFR's CSS`,
  );
}
if (over > 0) {
  console.error(`\n${over} bundle(s) over budget.`);
  process.exit(1);
}
