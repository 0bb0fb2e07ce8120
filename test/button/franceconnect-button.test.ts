import { expect, fixture, html } from '@open-wc/testing';
import '@franceconnect-kit/button';

describe('<franceconnect-button>', () => {
  it('upgrades and renders a real link to the sign-in route', async () => {
    const el = await fixture(html`<franceconnect-button></franceconnect-button>`);
    const link = el.shadowRoot?.querySelector('a');
    expect(link).to.exist;
    expect(link?.getAttribute('href')).to.equal('/auth/login');
    expect(link?.textContent?.replace(/\s+/g, ' ').trim()).to.equal('S’identifier avec FranceConnect');
  });
});
