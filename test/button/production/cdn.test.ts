// chai without @open-wc/testing, whose own (development) copy of Lit would speak in the page.
import { expect } from '@esm-bundle/chai';
import { captureWarnings, settle } from '../helpers.js';
import { misuses, render, upgraded } from './misuse.js';

// The CDN bundles are production builds: the development warnings are compiled out, so a page that
// breaks the placement rules gets no console output at all from them. Loading both bundles, as a CMS
// page including the script twice would, must not throw either.

const bundle = (name: string) => `/packages/button/dist/cdn/${name}.js`;

describe('CDN bundles (production)', () => {
  const warnings = captureWarnings();
  const errors: string[] = [];
  const onError = (event: ErrorEvent) => errors.push(event.message);

  before(async () => {
    addEventListener('error', onError);
    await import(bundle('franceconnect'));
    await import(bundle('franceconnect-button')); // a second definition of <franceconnect-button>
  });

  after(() => {
    warnings.restore();
    removeEventListener('error', onError);
  });

  afterEach(() => document.body.replaceChildren());

  for (const [misuse, markup] of Object.entries(misuses)) {
    it(`says nothing about a button ${misuse}`, async () => {
      const container = render(markup);
      await settle();
      expect(upgraded(container), 'the element is defined and rendered').to.exist;
      expect(warnings.messages).to.deep.equal([]);
      expect(errors).to.deep.equal([]);
    });
  }
});
