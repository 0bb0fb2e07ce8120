import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '@franceconnect-kit/button';
import type { FranceConnectButton, FranceConnectClickEvent } from '@franceconnect-kit/button';
import { partsOf } from './helpers.js';

// qualification #13: a same-tab, top-level navigation (no pop-up, no window.open); a cancelable
// `franceconnect-click` event first; keyboard use; progressive enhancement from a link or a form.

/** The default action of `event` after every listener ran, then stops it (so the test page stays). */
function defaultActionOf(event: Event): 'pending' | 'prevented' {
  return event.defaultPrevented ? 'prevented' : 'pending';
}

/** Waits for the next click to reach the window, and cancels it there, after every other listener. */
function nextClickAtWindow(): Promise<'pending' | 'prevented'> {
  return new Promise((resolve) =>
    addEventListener(
      'click',
      (event) => {
        resolve(defaultActionOf(event));
        event.preventDefault();
      },
      { once: true },
    ),
  );
}

const absolute = (path: string) => new URL(path, location.href).href;

describe('<franceconnect-button> behaviour', () => {
  it('links to /auth/login by default, /auth/plus/login for FranceConnect+ and /auth/data for the data button, without a target', async () => {
    for (const [variant, path] of [
      ['login', '/auth/login'],
      ['plus', '/auth/plus/login'],
      ['data', '/auth/data'],
    ]) {
      const button = await fixture<FranceConnectButton>(
        html`<franceconnect-button variant=${variant}></franceconnect-button>`,
      );
      const { control } = partsOf(button);
      expect(control.getAttribute('href')).to.equal(path);
      expect(control.hasAttribute('target'), 'a target could open another window').to.be.false;
    }
  });

  it('fires a cancelable franceconnect-click, with the variant and the URL, that leaves the navigation to the link', async () => {
    const button = await fixture<FranceConnectButton>(
      html`<franceconnect-button href="/connexion"></franceconnect-button>`,
    );
    const opened: unknown[] = [];
    const open = window.open.bind(window);
    window.open = (...args) => (opened.push(args), null);
    try {
      const announced = oneEvent<FranceConnectClickEvent>(button, 'franceconnect-click');
      const atWindow = nextClickAtWindow();
      partsOf(button).control.click();
      const event = await announced;
      expect(event.detail).to.deep.equal({ variant: 'login', href: absolute('/connexion') });
      expect([event.cancelable, event.bubbles, event.composed]).to.deep.equal([true, true, true]);
      // Nothing prevented the link's own navigation, in this tab, and no window was opened.
      expect(await atWindow).to.equal('pending');
      expect(opened).to.deep.equal([]);
    } finally {
      window.open = open;
    }
  });

  it('does not navigate when a listener cancels franceconnect-click', async () => {
    const button = await fixture<FranceConnectButton>(html`<franceconnect-button></franceconnect-button>`);
    button.addEventListener('franceconnect-click', (event) => event.preventDefault());
    const atWindow = nextClickAtWindow();
    partsOf(button).control.click();
    expect(await atWindow).to.equal('prevented');
  });

  it('opens its target in the same tab, at the top level of the page that holds it', async () => {
    const frame = document.createElement('iframe');
    frame.src = new URL('./fixtures/navigation.html', import.meta.url).href;
    document.body.append(frame);
    try {
      await oneEvent(frame, 'load');
      const page = frame.contentWindow as Window & {
        opened: unknown[];
        customElements: CustomElementRegistry;
      };
      await page.customElements.whenDefined('franceconnect-button');
      const button = page.document.querySelector('franceconnect-button') as FranceConnectButton;
      await button.updateComplete;
      const landed = oneEvent(frame, 'load');
      partsOf(button).control.click();
      await landed;
      expect(frame.contentWindow?.location.pathname).to.match(/\/fixtures\/landed\.html$/);
      expect(frame.contentWindow?.location.search).to.equal('?from=button');
      expect(page.opened ?? []).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });

  it('is reached with Tab and followed with Enter', async () => {
    const button = await fixture<FranceConnectButton>(html`<franceconnect-button></franceconnect-button>`);
    const announced = oneEvent<FranceConnectClickEvent>(button, 'franceconnect-click');
    button.addEventListener('franceconnect-click', (event) => event.preventDefault());
    await sendKeys({ press: 'Tab' });
    expect(button.shadowRoot?.activeElement).to.equal(partsOf(button).control);
    await sendKeys({ press: 'Enter' });
    expect((await announced).detail.href).to.equal(absolute('/auth/login'));
    // Next stop: the help link.
    await sendKeys({ press: 'Tab' });
    expect(button.shadowRoot?.activeElement).to.equal(partsOf(button).help);
  });

  it('does nothing when disabled', async () => {
    const button = await fixture<FranceConnectButton>(
      html`<franceconnect-button disabled></franceconnect-button>`,
    );
    let announced = 0;
    button.addEventListener('franceconnect-click', () => announced++);
    const { control } = partsOf(button);
    const atWindow = nextClickAtWindow();
    control.click();
    await atWindow;
    expect(announced).to.equal(0);
    expect(control.hasAttribute('href')).to.be.false;
    expect(control.getAttribute('aria-disabled')).to.equal('true');
  });

  describe('progressive enhancement', () => {
    it('follows its fallback link, whose href it takes', async () => {
      const button = await fixture<FranceConnectButton>(
        html`<franceconnect-button>
          <a href="/users/auth/franceconnect">S’identifier avec FranceConnect</a>
        </franceconnect-button>`,
      );
      const { control } = partsOf(button);
      expect(control.getAttribute('href')).to.equal('/users/auth/franceconnect');
      // The fallback is not displayed, nor reachable, once upgraded.
      const fallback = button.querySelector('a') as HTMLAnchorElement;
      expect(fallback.getClientRects().length).to.equal(0);
    });

    it('follows a fallback link added later (a framework rendering its children after the element)', async () => {
      const button = await fixture<FranceConnectButton>(html`<franceconnect-button></franceconnect-button>`);
      const link = Object.assign(document.createElement('a'), { href: '/later' });
      button.append(link);
      await oneEvent(button.shadowRoot?.querySelector('slot') as HTMLSlotElement, 'slotchange');
      await button.updateComplete;
      expect(partsOf(button).control.getAttribute('href')).to.equal('/later');
    });

    it('submits its fallback form (a POST with a CSRF field) with requestSubmit, after franceconnect-click', async () => {
      const button = await fixture<FranceConnectButton>(
        html`<franceconnect-button>
          <form method="post" action="/auth/franceconnect">
            <input type="hidden" name="authenticity_token" value="csrf-123" />
            <button type="submit">S’identifier avec FranceConnect</button>
          </form>
        </franceconnect-button>`,
      );
      const { control } = partsOf(button);
      const form = button.querySelector('form') as HTMLFormElement;
      expect(control.localName).to.equal('button');
      expect(control.getAttribute('type')).to.equal('button');
      const order: string[] = [];
      button.addEventListener('franceconnect-click', (event) => order.push(`click ${event.detail.href}`));
      const submitted = new Promise<SubmitEvent>((resolve) =>
        form.addEventListener('submit', (event) => {
          order.push('submit');
          resolve(event);
          event.preventDefault(); // the test page stays
        }),
      );
      control.click();
      const submit = await submitted;
      expect(order).to.deep.equal([`click ${absolute('/auth/franceconnect')}`, 'submit']);
      expect(new FormData(form, submit.submitter).get('authenticity_token')).to.equal('csrf-123');
      expect(form.target).to.equal('');
    });

    it('does not submit the form when franceconnect-click is cancelled', async () => {
      const button = await fixture<FranceConnectButton>(
        html`<franceconnect-button>
          <form method="post" action="/auth/franceconnect"></form>
        </franceconnect-button>`,
      );
      let submitted = false;
      button.querySelector('form')?.addEventListener('submit', (event) => {
        submitted = true;
        event.preventDefault();
      });
      button.addEventListener('franceconnect-click', (event) => event.preventDefault());
      partsOf(button).control.click();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(submitted).to.be.false;
    });
  });
});
