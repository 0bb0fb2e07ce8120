import { expect, fixture, html } from '@open-wc/testing';
import type { FranceConnectButton } from '@franceconnect-kit/button';
import { captureWarnings, partsOf, textOf } from './helpers.js';

// A CMS page may include the script twice, or the CDN bundle next to an npm build: a second definition
// must not throw (customElements.define would) and the elements must keep working. This file loads the
// elements itself.

const CDN = '/packages/button/dist/cdn/franceconnect.js';

describe('loading the elements more than once', () => {
  const warnings = captureWarnings();
  const errors: string[] = [];
  const onError = (event: ErrorEvent) => errors.push(event.message);

  before(() => addEventListener('error', onError));

  after(() => {
    warnings.restore();
    removeEventListener('error', onError);
  });

  it('loads the CDN bundle twice without an error', async () => {
    await import(CDN);
    const first = customElements.get('franceconnect-button');
    await import(`${CDN}?again`); // a second copy of the module, as from a second <script>
    expect(customElements.get('franceconnect-button')).to.equal(first);
    expect(errors).to.deep.equal([]);
  });

  it('then loads the npm package too: the first definition stays; the development build says why', async () => {
    await import('@franceconnect-kit/button');
    expect(errors).to.deep.equal([]);
    expect(warnings.kit().join('\n'))
      .to.include('<franceconnect-button> is already defined by another copy')
      .and.include('<franceconnect-login> is already defined by another copy');
  });

  it('still renders working elements', async () => {
    const button = await fixture<FranceConnectButton>(html`<franceconnect-button></franceconnect-button>`);
    expect(textOf(partsOf(button).first)).to.equal('S’identifier avec');
    expect(partsOf(button).control.getAttribute('href')).to.equal('/auth/login');
  });
});
