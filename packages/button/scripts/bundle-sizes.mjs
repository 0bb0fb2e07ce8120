// @ts-check
// The gzip size (level 9) of each CDN bundle and its budget: read by `npm run size` and by the
// component tests (test/button/production/bundle-size.test.ts), which fail a build over budget.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

export const KB = 1024;

export const BUNDLES = [
  { file: 'dist/cdn/franceconnect-button.js', contents: 'the button alone, Lit included', budget: 9.5 * KB },
  // Every element, the step-up and passkeys included (their WebAuthn ceremony is SimpleWebAuthn's, ~2.4 KB).
  { file: 'dist/cdn/franceconnect.js', contents: 'every element of the kit', budget: 20 * KB },
  { file: 'dist/cdn/franceconnect-prefill.js', contents: 'the form filler, on its own', budget: 3 * KB },
  {
    file: 'dist/cdn/franceconnect-data-mention.js',
    contents: 'the data mention, with the catalogue of API FranceConnectées',
    budget: 4 * KB,
  },
];

/**
 * Measures every bundle; rejects when one is missing (run `npm run build` first).
 * @returns {Promise<Array<{ file: string, contents: string, budget: number, size: number }>>}
 */
export async function measureBundles() {
  return Promise.all(
    BUNDLES.map(async (bundle) => {
      const source = await readFile(new URL(`../${bundle.file}`, import.meta.url));
      return { ...bundle, size: gzipSync(source, { level: 9 }).length };
    }),
  );
}
