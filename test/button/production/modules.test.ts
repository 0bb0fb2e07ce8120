import { expect } from '@esm-bundle/chai';
import { captureWarnings, settle } from '../helpers.js';
import { misuses, render, upgraded } from './misuse.js';

// The production modules (the package's default export condition, what bundlers use for production):
// the development checks are compiled out, down to their modules. (Lit itself is served here in its
// development build, which has a notice of its own: only the kit's warnings are counted.)

const entry = '/packages/button/dist/index.js';

describe('production modules (default export condition)', () => {
  const warnings = captureWarnings();

  before(async () => {
    await import(entry);
  });

  after(() => warnings.restore());

  afterEach(() => document.body.replaceChildren());

  it('do not ship the development checks', async () => {
    const source = async (build: string, module: string) =>
      (await fetch(`/packages/button/dist/${build}${module}`)).text();
    for (const module of [
      'components/franceconnect-button/franceconnect-button.js',
      'components/franceconnect-login/franceconnect-login.js',
      'internal/define.js',
    ]) {
      expect(await source('', module), module).not.to.match(/console\.warn|placement|checkAttributes/);
      expect(await source('development/', module), module).to.match(
        /console\.warn|placement|checkAttributes/,
      );
    }
  });

  for (const [misuse, markup] of Object.entries(misuses)) {
    it(`say nothing about a button ${misuse}`, async () => {
      const container = render(markup);
      await settle();
      expect(upgraded(container)).to.exist;
      expect(warnings.kit()).to.deep.equal([]);
    });
  }
});
