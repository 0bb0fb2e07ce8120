import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '@franceconnect-kit/button';
import type { FranceConnectButton } from '@franceconnect-kit/button';
import { box, contrast, hex, partsOf } from './helpers.js';

// qualification #1b: the official colours in each theme and state (DSFR values, button.md), hover
// included, with the contrast ratios computed here from what the browser renders.

const official = {
  light: {
    page: '#ffffff',
    idle: ['#000091', '#f5f5fe'],
    hover: ['#1212ff', '#f5f5fe'],
    active: ['#2323ff', '#f5f5fe'],
    disabled: ['#e5e5e5', '#929292'],
    link: '#000091',
  },
  dark: {
    page: '#161616', // the DSFR's dark background
    idle: ['#8585f6', '#000091'],
    hover: ['#b1b1f9', '#000091'],
    active: ['#c6c6fb', '#000091'],
    disabled: ['#2a2a2a', '#666666'],
    link: '#8585f6',
  },
} as const;

const FOCUS_RING = '#0a76f6';

async function render(
  theme: 'light' | 'dark',
  variant: string,
  disabled = false,
): Promise<FranceConnectButton> {
  document.body.style.background = official[theme].page;
  const button = await fixture<FranceConnectButton>(
    html`<franceconnect-button
      theme=${theme}
      variant=${variant}
      ?disabled=${disabled}
    ></franceconnect-button>`,
  );
  // A click (mouse up over the button) would navigate away from the test page.
  button.addEventListener('franceconnect-click', (event) => event.preventDefault());
  return button;
}

function colours(element: Element): [string, string] {
  const style = getComputedStyle(element);
  return [hex(style.backgroundColor), hex(style.color)];
}

const centre = (element: Element): [number, number] => {
  const { x, y, width, height } = box(element);
  return [Math.round(x + width / 2), Math.round(y + height / 2)];
};

describe('<franceconnect-button> colours', () => {
  afterEach(async () => {
    await resetMouse();
    document.body.style.background = '';
  });

  for (const theme of ['light', 'dark'] as const) {
    const expected = official[theme];
    for (const variant of ['login', 'plus', 'data']) {
      describe(`${theme} theme, ${variant}`, () => {
        it('idle: the official background and text, text contrast ≥ 4.5:1', async () => {
          const button = await render(theme, variant);
          const { control, brand } = partsOf(button);
          expect(colours(control)).to.deep.equal(expected.idle);
          expect(hex(getComputedStyle(brand).color)).to.equal(expected.idle[1]);
          expect(contrast(expected.idle[0], expected.idle[1])).to.be.at.least(4.5);
        });

        it('hover (a real mouse over it): the hover background, text contrast ≥ 4.5:1', async () => {
          const button = await render(theme, variant);
          const { control } = partsOf(button);
          await sendMouse({ type: 'move', position: centre(control) });
          expect(colours(control)).to.deep.equal(expected.hover);
          expect(contrast(...colours(control))).to.be.at.least(4.5);
        });

        it('active (pressed): the active background, text contrast ≥ 4.5:1', async () => {
          const button = await render(theme, variant);
          const { control } = partsOf(button);
          await sendMouse({ type: 'move', position: centre(control) });
          await sendMouse({ type: 'down' });
          expect(colours(control)).to.deep.equal(expected.active);
          expect(contrast(...colours(control))).to.be.at.least(4.5);
          await sendMouse({ type: 'move', position: [0, 0] });
          await sendMouse({ type: 'up' });
        });

        it('focus-visible (keyboard): a 2 px #0a76f6 ring 2 px away, ≥ 3:1 against the page around it', async () => {
          const button = await render(theme, variant);
          const { control, help } = partsOf(button);
          await sendKeys({ press: 'Tab' });
          expect(button.shadowRoot?.activeElement).to.equal(control);
          expect(control.matches(':focus-visible')).to.be.true;
          for (const focused of [control, help]) {
            if (focused === help) await sendKeys({ press: 'Tab' });
            const style = getComputedStyle(focused);
            expect([
              style.outlineStyle,
              style.outlineWidth,
              hex(style.outlineColor),
              style.outlineOffset,
            ]).to.deep.equal(['solid', '2px', FOCUS_RING, '2px']);
          }
          // The 2 px offset leaves the page background on both sides of the ring.
          expect(contrast(FOCUS_RING, expected.page)).to.be.at.least(3);
          expect(colours(control)).to.deep.equal(expected.idle);
        });

        it('disabled: the disabled colours, unchanged on hover, and not focusable', async () => {
          const button = await render(theme, variant, true);
          const { control } = partsOf(button);
          expect(colours(control)).to.deep.equal(expected.disabled);
          await sendMouse({ type: 'move', position: centre(control) });
          expect(colours(control)).to.deep.equal(expected.disabled);
          await sendKeys({ press: 'Tab' });
          expect(button.shadowRoot?.activeElement).not.to.equal(control);
          // WCAG 1.4.3 exempts inactive controls from the contrast minimum; the DSFR values are kept.
        });

        it('help link: the link colour, underlined, contrast ≥ 4.5:1 with the page', async () => {
          const button = await render(theme, variant);
          const { help } = partsOf(button);
          const style = getComputedStyle(help);
          expect(hex(style.color)).to.equal(expected.link);
          expect(style.textDecorationLine).to.equal('underline');
          expect(contrast(expected.link, expected.page)).to.be.at.least(4.5);
        });
      });
    }
  }

  describe('forced colours (Windows high contrast)', () => {
    afterEach(() => executeServerCommand('emulate-forced-colors', { active: false }));

    it('draws a 1 px border, keeps the box 209 × 56 and the link underlined', async () => {
      await executeServerCommand('emulate-forced-colors', { active: true });
      const button = await fixture<FranceConnectButton>(html`<franceconnect-button></franceconnect-button>`);
      const { control, help } = partsOf(button);
      expect(matchMedia('(forced-colors: active)').matches).to.be.true;
      const style = getComputedStyle(control);
      expect([style.borderTopWidth, style.borderTopStyle, style.borderLeftWidth]).to.deep.equal([
        '1px',
        'solid',
        '1px',
      ]);
      expect([box(control).width, box(control).height]).to.deep.equal([209, 56]);
      expect(getComputedStyle(help).textDecorationLine).to.equal('underline');
    });
  });
});
