// chai without @open-wc/testing, whose own (development) copy of Lit would speak in the page.
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';

// The size budgets of the CDN bundles (gzip level 9, as `npm run size` prints them): 9.5 KB for the
// button alone, 14 KB for every element of the kit (buttons, login section, user, profile form), 3 KB
// for the form filler and 4 KB for the data mention (the catalogue's labels), each a bundle of its own.

interface Bundle {
  file: string;
  budget: number;
  size: number;
}

describe('CDN bundle sizes', () => {
  it('stay within their budgets', async () => {
    const bundles = await executeServerCommand<Bundle[], undefined>('bundle-sizes');
    expect(bundles.map((bundle) => bundle.file)).to.deep.equal([
      'dist/cdn/franceconnect-button.js',
      'dist/cdn/franceconnect.js',
      'dist/cdn/franceconnect-prefill.js',
      'dist/cdn/franceconnect-data-mention.js',
    ]);
    for (const { file, budget, size } of bundles) {
      expect(size, `${file}: ${size} bytes gzipped`).to.be.at.most(budget);
    }
  });

  it('the data mention’s bundle carries the catalogue’s labels, without a schema library', async () => {
    const source = await (await fetch('/packages/button/dist/cdn/franceconnect-data-mention.js')).text();
    expect(source).to.include('Statut étudiant boursier');
    expect(source).not.to.match(/zod|ZodError|safeParse/);
  });

  it('the full bundle defines the account elements too', async () => {
    const bundle = '/packages/button/dist/cdn/franceconnect.js';
    await import(bundle);
    for (const tag of [
      'franceconnect-button',
      'franceconnect-login',
      'franceconnect-user',
      'franceconnect-profile-form',
    ]) {
      expect(customElements.get(tag), tag).to.exist;
    }
  });
});
