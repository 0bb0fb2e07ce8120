// @ts-check
// `npm run size`: the gzip size of each CDN bundle against its budget, with the DSFR's CSS for scale.
// Exits with a non-zero code when a bundle is over budget. Run `npm run build` first.
import { KB, measureBundles } from './bundle-sizes.mjs';

/** A page that uses the DSFR for this button loads about this much gzipped CSS (core, connect, dark scheme) and no behaviour. */
const DSFR_CSS = 32 * KB;

const kb = (/** @type {number} */ bytes) => `${(bytes / KB).toFixed(2)} KB`;

let bundles;
try {
  bundles = await measureBundles();
} catch {
  console.error('A bundle is missing: run `npm run build` first.');
  process.exit(2);
}
let over = 0;
console.log(
  `gzip sizes (level 9; 1 KB = ${KB} bytes). For scale, the DSFR's CSS for this button: ~${kb(DSFR_CSS)}.\n`,
);
for (const { file, contents, budget, size } of bundles) {
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
