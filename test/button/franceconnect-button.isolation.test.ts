import { expect, fixture, html } from '@open-wc/testing';
import '@franceconnect-kit/button';
import type { FranceConnectButton } from '@franceconnect-kit/button';
import { box, hex, partsOf, textOf } from './helpers.js';

// qualification #2: « ne pas déformer le bouton, ne pas changer sa couleur ni son libellé ». Page CSS
// reaches the element only from outside its shadow root: on the host, through inherited properties, and
// with !important. None of it may recolour, resize or reword the button; outer spacing stays the page's.
// (The root font size is the one thing it follows, homothetically: see the geometry tests.)

const hostile = `
  body, body * {
    color: red !important;
    background: yellow !important;
    font: italic 900 30px/3 'DejaVu Serif', serif !important;
    letter-spacing: 6px !important;
    word-spacing: 20px !important;
    text-transform: uppercase !important;
    text-shadow: 0 0 4px lime !important;
    text-indent: 40px !important;
    text-align: right !important;
    -webkit-text-fill-color: orange !important;
    -webkit-text-stroke: 2px green !important;
    font-variant: small-caps !important;
    font-stretch: condensed !important;
    white-space: pre-wrap !important;
    direction: rtl !important;
    visibility: visible !important;
    cursor: wait !important;
  }
  franceconnect-button {
    all: initial !important;
    color: red !important;
    background: yellow !important;
    filter: hue-rotate(120deg) invert(1) !important;
    mix-blend-mode: difference !important;
    opacity: 0.2 !important;
    transform: scaleX(1.5) !important;
    scale: 0.5 !important;
    rotate: 10deg !important;
    zoom: 0.5 !important;
    font-size: 8px !important;
    line-height: 40px !important;
    text-decoration: line-through red !important;
    clip-path: inset(20px) !important;
    mask: linear-gradient(transparent, transparent) !important;
    --franceconnect-scale: nonsense !important;
    margin: 24px !important;
  }
  franceconnect-button::before, franceconnect-button::after {
    content: 'X' !important;
    position: absolute !important;
    inset: 0 !important;
    background: red !important;
  }
  franceconnect-button::part(button), franceconnect-button::part(label) { background: red !important; }
  franceconnect-button a, franceconnect-button span { color: red !important; }
  :root {
    --_bg: red; --_text: red; --franceconnect-color: red; --franceconnect-background: red;
  }`;

describe('<franceconnect-button> against page CSS', () => {
  let style: HTMLStyleElement;

  beforeEach(() => {
    style = document.createElement('style');
    style.textContent = hostile;
    document.head.append(style);
  });

  afterEach(() => style.remove());

  for (const variant of ['login', 'plus', 'data'] as const) {
    it(`keeps the ${variant} button's colours, size, label and typography`, async () => {
      const button = await fixture<FranceConnectButton>(
        html`<franceconnect-button variant=${variant} theme="light"></franceconnect-button>`,
      );
      const { control, first, brand, help, logo } = partsOf(button);
      const controlStyle = getComputedStyle(control);
      expect(hex(controlStyle.backgroundColor)).to.equal('#000091');
      for (const text of [first, brand]) {
        const style = getComputedStyle(text);
        expect(hex(style.color)).to.equal('#f5f5fe');
        expect(hex(style.webkitTextFillColor)).to.equal('#f5f5fe');
        expect([style.textShadow, style.webkitTextStrokeWidth, style.textTransform]).to.deep.equal([
          'none',
          '0px',
          'none',
        ]);
        expect([
          style.letterSpacing,
          style.wordSpacing,
          style.fontStyle,
          style.fontVariantCaps,
        ]).to.deep.equal(['normal', '0px', 'normal', 'normal']);
        expect(style.fontFamily).to.match(/^Marianne, Arial/);
        expect(style.textDecorationLine).to.equal('none');
      }
      expect(getComputedStyle(first).fontSize).to.equal('17px');
      expect(getComputedStyle(brand).fontSize).to.equal('18px');
      expect(hex(getComputedStyle(help).color)).to.equal('#000091');
      expect(getComputedStyle(help).fontSize).to.equal('14px');
      expect(textOf(first)).to.equal(variant === 'data' ? 'Récupérer ses données avec' : 'S’identifier avec');

      const host = getComputedStyle(button);
      expect([
        host.filter,
        host.mixBlendMode,
        host.opacity,
        host.transform,
        host.scale,
        host.rotate,
      ]).to.deep.equal(['none', 'normal', '1', 'none', 'none', 'none']);
      expect([host.zoom, host.clipPath, host.maskImage]).to.deep.equal(['1', 'none', 'none']);
      expect(getComputedStyle(button, '::before').content).to.equal('none');
      expect(getComputedStyle(button, '::after').content).to.equal('none');

      const { width, height } = box(control);
      expect(height).to.equal(56);
      if (variant === 'login') expect(width).to.equal(209);
      if (variant === 'plus') expect(width).to.equal(245);
      expect(box(logo).width).to.equal(40);
      // The button is drawn where its box is: nothing of the page covers or clips it.
      const { x, y } = box(control);
      expect(button.shadowRoot?.elementFromPoint(x + width / 2, y + height / 2)?.closest('.button')).to.equal(
        control,
      );
    });
  }

  it('keeps the dark theme colours too', async () => {
    const button = await fixture<FranceConnectButton>(
      html`<franceconnect-button theme="dark"></franceconnect-button>`,
    );
    const { control, brand } = partsOf(button);
    expect(hex(getComputedStyle(control).backgroundColor)).to.equal('#8585f6');
    expect(hex(getComputedStyle(brand).color)).to.equal('#000091');
  });

  it('offers no part and no custom property for its colours, label or ratio', async () => {
    const button = await fixture<FranceConnectButton>(html`<franceconnect-button></franceconnect-button>`);
    const root = button.shadowRoot as ShadowRoot;
    expect(root.querySelectorAll('[part], [exportparts]').length).to.equal(0);
    const sheets = root.adoptedStyleSheets.map((sheet) =>
      Array.from(sheet.cssRules, (rule) => rule.cssText).join('\n'),
    );
    // The only custom property the styles read is the scale.
    expect([...new Set(sheets.join('\n').match(/var\(--[\w-]+/g))]).to.deep.equal([
      'var(--franceconnect-scale',
    ]);
  });

  it('leaves its outer spacing and alignment to the page', async () => {
    style.remove();
    const wrapper = await fixture(
      html`<div style="text-align: center; width: 600px">
        <franceconnect-button style="margin: 24px 0 0"></franceconnect-button>
      </div>`,
    );
    const button = wrapper.querySelector('franceconnect-button') as FranceConnectButton;
    expect(box(button).top - box(wrapper).top).to.equal(24);
    expect(Math.round(box(button).left - box(wrapper).left)).to.equal(Math.round((600 - 209) / 2));
  });
});
