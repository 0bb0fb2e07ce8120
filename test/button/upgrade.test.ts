import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { FranceConnectButton } from '@franceconnect-kit/button';
import { box, partsOf } from './helpers.js';

// Before its script runs (or without JavaScript), a <franceconnect-button> is an unknown element. Its
// fallback link or form must work as they are, and with the shipped franceconnect.css the element
// already takes its final box, so nothing moves when the script arrives late. This file loads the
// elements itself, halfway through.

const STYLESHEET = '/packages/button/dist/franceconnect.css';

const page = `
  <p id="before">Inscription à la cantine scolaire en ligne.</p>
  <franceconnect-button id="login"
    ><a href="/auth/login">S’identifier avec FranceConnect</a></franceconnect-button
  >
  <franceconnect-button id="plus" variant="plus"></franceconnect-button>
  <franceconnect-button id="data" variant="data"
    ><a href="/auth/data">Récupérer ses données</a></franceconnect-button
  >
  <franceconnect-button id="data-en" variant="data" lang="en"></franceconnect-button>
  <franceconnect-button id="form" style="--franceconnect-scale: 1.25">
    <form method="post" action="/auth/franceconnect">
      <input type="hidden" name="authenticity_token" value="csrf-123" />
      <button type="submit">S’identifier avec FranceConnect</button>
    </form>
  </franceconnect-button>
  <p id="after">Après les boutons.</p>`;

describe('before and after the elements are defined', () => {
  let container: HTMLElement;
  let stylesheet: HTMLLinkElement;
  const boxes = new Map<string, DOMRect>();

  before(async () => {
    stylesheet = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: STYLESHEET });
    const loaded = new Promise((resolve, reject) => {
      stylesheet.onload = resolve;
      stylesheet.onerror = reject;
    });
    document.head.append(stylesheet);
    await loaded;
    // Not fixture(): it is cleaned up after each test, and these tests follow one page through time.
    container = Object.assign(document.createElement('div'), { innerHTML: page });
    document.body.append(container);
  });

  after(() => {
    container.remove();
    stylesheet.remove();
  });

  it('works without JavaScript: the fallback link and form are there, visible and usable', async () => {
    expect(customElements.get('franceconnect-button')).to.be.undefined;
    const link = container.querySelector<HTMLAnchorElement>('#login a') as HTMLAnchorElement;
    expect(link.getClientRects().length).to.be.greaterThan(0);
    expect(link.getAttribute('href')).to.equal('/auth/login');
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(link);
    const form = container.querySelector('form') as HTMLFormElement;
    const submit = form.querySelector('button') as HTMLButtonElement;
    expect(submit.getClientRects().length).to.be.greaterThan(0);
    const submitted = new Promise<string>((resolve) =>
      form.addEventListener('submit', (event) => {
        event.preventDefault(); // the test page stays
        resolve(new FormData(form).get('authenticity_token') as string);
      }),
    );
    submit.click();
    expect(await submitted).to.equal('csrf-123');
  });

  it('reserves each element’s final box with franceconnect.css', () => {
    for (const element of container.querySelectorAll('franceconnect-button, #after')) {
      boxes.set(element.id, box(element));
    }
    expect([boxes.get('login')?.width, boxes.get('login')?.height]).to.deep.equal([209, 88]);
    expect(boxes.get('plus')?.width).to.equal(245);
    expect(boxes.get('form')?.height).to.equal(88 * 1.25);
  });

  it('moves nothing when the script loads late', async () => {
    await import('@franceconnect-kit/button');
    const buttons = [...container.querySelectorAll<FranceConnectButton>('franceconnect-button')];
    await Promise.all(buttons.map((button) => button.updateComplete));
    for (const element of container.querySelectorAll('franceconnect-button, #after')) {
      const [before, after] = [boxes.get(element.id), box(element)];
      expect([after.x, after.y, after.width, after.height], element.id).to.deep.equal([
        before?.x,
        before?.y,
        before?.width,
        before?.height,
      ]);
    }
    // Upgraded: the styled button stands for the fallback, which is no longer displayed.
    const login = container.querySelector('#login') as FranceConnectButton;
    expect(partsOf(login).control.getAttribute('href')).to.equal('/auth/login');
    expect((login.querySelector('a') as HTMLAnchorElement).getClientRects().length).to.equal(0);
    expect(partsOf(container.querySelector('#form') as Element).control.localName).to.equal('button');
  });
});

describe('the pre-upgrade rules in the README', () => {
  it('are those of franceconnect.css, for integrators who paste them in a <style> element', async () => {
    const readme = await (await fetch('/README.md')).text();
    const pasted = readme.split('paste the same rules')[1]?.match(/```css\n([\s\S]*?)```/)?.[1];
    const shipped = await (await fetch(STYLESHEET)).text();
    const rules = (css: string) => css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, '');
    expect(pasted, 'the README shows the rules').to.be.a('string');
    expect(rules(pasted ?? '')).to.equal(rules(shipped));
  });
});
