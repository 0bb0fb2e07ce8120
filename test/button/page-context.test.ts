import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '@franceconnect-kit/button';
import type { FranceConnectButton, FranceConnectLogin } from '@franceconnect-kit/button';
import { buttonIn, contrast, hex, partsOf, textOf } from './helpers.js';

// theme="auto" (the default) follows a DSFR page (`<html data-fr-theme>`), else the colour scheme the
// page declares (CSS `color-scheme`), else the system's, live; the language follows `lang`, live.

const background = (button: Element) => hex(getComputedStyle(partsOf(button).control).backgroundColor);
const LIGHT = '#000091';
const DARK = '#8585f6';

/**
 * Waits for `read()` to give `expected`: the browser reports a media change at its next rendering
 * step, the MutationObserver in a microtask, and the elements re-render after that.
 */
async function becomes(read: () => string, expected: string): Promise<void> {
  await waitUntil(() => read() === expected, `still ${read()}, not ${expected}`, { timeout: 2000 });
}

describe('page context', () => {
  afterEach(async () => {
    document.documentElement.removeAttribute('data-fr-theme');
    document.documentElement.style.colorScheme = '';
    document.body.classList.remove('site-dark');
    document.documentElement.lang = 'fr';
    await emulateMedia({ colorScheme: 'light' });
  });

  it('theme="auto" follows prefers-color-scheme, live', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const button = await fixture<FranceConnectButton>(html`<franceconnect-button></franceconnect-button>`);
    expect(background(button)).to.equal(LIGHT);
    await emulateMedia({ colorScheme: 'dark' });
    await becomes(() => background(button), DARK);
    await emulateMedia({ colorScheme: 'light' });
    await becomes(() => background(button), LIGHT);
  });

  it('theme="auto" prefers the DSFR theme of the page (<html data-fr-theme>), live', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const button = await fixture<FranceConnectButton>(html`<franceconnect-button></franceconnect-button>`);
    expect(background(button)).to.equal(DARK);
    document.documentElement.setAttribute('data-fr-theme', 'light');
    await becomes(() => background(button), LIGHT);
    document.documentElement.setAttribute('data-fr-theme', 'dark');
    await emulateMedia({ colorScheme: 'light' });
    await becomes(() => background(button), DARK);
    document.documentElement.removeAttribute('data-fr-theme');
    await becomes(() => background(button), LIGHT);
  });

  it('theme="auto" follows a dark page that says so with color-scheme, on a computer in light mode, live', async () => {
    await emulateMedia({ colorScheme: 'light' });
    // A CMS theme's dark mode: a class on <body> that sets color-scheme (and a near-black background).
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('.site-dark { color-scheme: dark; background: #161616; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    try {
      const button = await fixture<FranceConnectButton>(html`<franceconnect-button></franceconnect-button>`);
      const help = () => hex(getComputedStyle(partsOf(button).help).color);
      expect(background(button)).to.equal(LIGHT);
      document.body.classList.add('site-dark');
      await becomes(() => background(button), DARK);
      // Both stay readable on the dark page: the dark button, and its help link in the dark link colour.
      expect(help()).to.equal('#8585f6');
      expect(contrast(help(), '#161616')).to.be.at.least(4.5);
      expect(contrast(hex(getComputedStyle(partsOf(button).control).color), DARK)).to.be.at.least(4.5);
      document.body.classList.remove('site-dark');
      await becomes(() => background(button), LIGHT);
      // On <html>, as an inline style.
      document.documentElement.style.colorScheme = 'dark';
      await becomes(() => background(button), DARK);
      // Both schemes offered: the page follows the system, and so does the button.
      document.documentElement.style.colorScheme = 'light dark';
      await becomes(() => background(button), LIGHT);
      await emulateMedia({ colorScheme: 'dark' });
      await becomes(() => background(button), DARK);
      // A light page on a computer in dark mode keeps the light button.
      document.documentElement.style.colorScheme = 'only light';
      await becomes(() => background(button), LIGHT);
    } finally {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((item) => item !== sheet);
    }
  });

  it('theme="auto" follows a dark section (color-scheme on an ancestor); the DSFR attribute and theme come first', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const section = await fixture(
      html`<div style="color-scheme: dark"><franceconnect-button></franceconnect-button></div>`,
    );
    const inSection = section.querySelector('franceconnect-button') as FranceConnectButton;
    await inSection.updateComplete;
    expect(background(inSection)).to.equal(DARK);
    document.documentElement.setAttribute('data-fr-theme', 'light');
    await becomes(() => background(inSection), LIGHT);
    document.documentElement.removeAttribute('data-fr-theme');
    const forced = await fixture(
      html`<div style="color-scheme: dark"><franceconnect-button theme="light"></franceconnect-button></div>`,
    );
    const light = forced.querySelector('franceconnect-button') as FranceConnectButton;
    await light.updateComplete;
    expect(background(light)).to.equal(LIGHT);
  });

  it('theme="light" and theme="dark" ignore the page and the system', async () => {
    document.documentElement.setAttribute('data-fr-theme', 'dark');
    await emulateMedia({ colorScheme: 'dark' });
    const light = await fixture<FranceConnectButton>(
      html`<franceconnect-button theme="light"></franceconnect-button>`,
    );
    expect(background(light)).to.equal(LIGHT);
    document.documentElement.setAttribute('data-fr-theme', 'light');
    await emulateMedia({ colorScheme: 'light' });
    const dark = await fixture<FranceConnectButton>(
      html`<franceconnect-button theme="dark"></franceconnect-button>`,
    );
    expect(background(dark)).to.equal(DARK);
  });

  it('the section passes its theme to its button, and follows the page too', async () => {
    const login = await fixture<FranceConnectLogin>(
      html`<franceconnect-login theme="dark"></franceconnect-login>`,
    );
    await buttonIn(login).updateComplete;
    expect(background(buttonIn(login))).to.equal(DARK);
    login.theme = 'auto';
    await becomes(() => background(buttonIn(login)), LIGHT);
    document.documentElement.setAttribute('data-fr-theme', 'dark');
    await becomes(() => background(buttonIn(login)), DARK);
  });

  it('the language follows lang on the page, on an ancestor and on the element, live', async () => {
    const wrapper = await fixture(html`<div><franceconnect-button></franceconnect-button></div>`);
    const button = wrapper.querySelector('franceconnect-button') as FranceConnectButton;
    const first = () => textOf(partsOf(button).first);
    expect(first()).to.equal('S’identifier avec');
    document.documentElement.lang = 'en';
    await becomes(() => first(), 'Sign in with');
    wrapper.setAttribute('lang', 'fr');
    await becomes(() => first(), 'S’identifier avec');
    button.setAttribute('lang', 'en');
    await becomes(() => first(), 'Sign in with');
  });

  it('the section’s texts and its button follow the section’s lang, live', async () => {
    const login = await fixture<FranceConnectLogin>(html`<franceconnect-login></franceconnect-login>`);
    login.lang = 'en';
    await becomes(() => textOf(partsOf(buttonIn(login)).first), 'Sign in with');
    expect(textOf(login.shadowRoot?.querySelector('h2') as Element)).to.equal('Sign in');
  });
});
