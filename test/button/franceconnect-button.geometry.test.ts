import { expect, fixture, html } from '@open-wc/testing';
import '@franceconnect-kit/button';
import type { FranceConnectButton } from '@franceconnect-kit/button';
import { box, partsOf, provideMarianne } from './helpers.js';

// qualification #1 and #2: the official size (209 × 56, FC+ 245 × 56), the logo, the text column, the
// 8 px gap to the help link; larger only homothetically.

const render = (markup: ReturnType<typeof html>) => fixture<FranceConnectButton>(markup);

/** Asserts the text stays inside the button: within its padding horizontally, inside its box vertically. */
function expectNoOverflow(button: FranceConnectButton): void {
  const { control, first, brand } = partsOf(button);
  const outer = box(control);
  const padding = parseFloat(getComputedStyle(control).paddingRight);
  for (const line of [first, brand]) {
    const range = document.createRange();
    range.selectNodeContents(line);
    const text = range.getBoundingClientRect();
    expect(text.right, `« ${line.textContent} » overflows to the right`).to.be.at.most(
      outer.right - padding + 0.5,
    );
    expect(text.left).to.be.at.least(outer.left);
  }
  for (const line of [first, brand]) {
    expect(box(line).top).to.be.at.least(outer.top);
    expect(box(line).bottom).to.be.at.most(outer.bottom);
  }
  expect(control.scrollWidth, 'the label is clipped').to.be.at.most(control.clientWidth);
  expect(control.scrollHeight).to.be.at.most(control.clientHeight);
}

describe('<franceconnect-button> geometry', () => {
  it('is exactly 209 × 56 at a 16 px base, with the logo 40 × 48 at 12 px and vertically centred', async () => {
    const button = await render(html`<franceconnect-button></franceconnect-button>`);
    const { control, logo } = partsOf(button);
    const outer = box(control);
    expect([outer.width, outer.height]).to.deep.equal([209, 56]);
    const mark = box(logo);
    expect([mark.width, mark.height]).to.deep.equal([40, 48]);
    expect(mark.left - outer.left).to.equal(12);
    expect(mark.top - outer.top).to.equal(outer.bottom - mark.bottom);
  });

  it('starts the text column 64 px from the left edge: 17 px regular over 18 px bold, line height 1, no wrapping', async () => {
    const button = await render(html`<franceconnect-button></franceconnect-button>`);
    const { control, first, brand } = partsOf(button);
    for (const [line, size, weight] of [
      [first, '17px', '400'],
      [brand, '18px', '700'],
    ] as const) {
      const style = getComputedStyle(line);
      expect(box(line).left - box(control).left).to.equal(64);
      expect([style.fontSize, style.fontWeight, style.lineHeight, style.whiteSpace]).to.deep.equal([
        size,
        weight,
        size,
        'nowrap',
      ]);
    }
    expect(box(first).bottom).to.equal(box(brand).top);
    // The two lines (35 px) are centred in the 56 px box.
    expect(box(first).top - box(control).top).to.equal(box(control).bottom - box(brand).bottom);
  });

  it('is 245 × 56 for FranceConnect+, with the same text column', async () => {
    const button = await render(html`<franceconnect-button variant="plus"></franceconnect-button>`);
    const { control, first, brand } = partsOf(button);
    expect([box(control).width, box(control).height]).to.deep.equal([245, 56]);
    expect(box(first).left - box(control).left).to.equal(64);
    expect(box(first).top - box(control).top).to.equal(box(control).bottom - box(brand).bottom);
    expectNoOverflow(button);
  });

  it('is 56 high for the data button, its width given by its label', async () => {
    for (const lang of ['fr', 'en']) {
      const button = await render(
        html`<franceconnect-button variant="data" lang=${lang}></franceconnect-button>`,
      );
      const { control, first } = partsOf(button);
      const range = document.createRange();
      range.selectNodeContents(first);
      expect(box(control).height).to.equal(56);
      // The box ends 12 px (its right padding) after its longer line, to the pixel.
      expect(box(control).right - range.getBoundingClientRect().right).to.be.within(12, 13);
      expectNoOverflow(button);
    }
  });

  it('puts the help link 8 px under the button, in 14 px text on a 24 px line', async () => {
    for (const variant of ['login', 'plus', 'data']) {
      const button = await render(html`<franceconnect-button variant=${variant}></franceconnect-button>`);
      const { control, help } = partsOf(button);
      const paragraph = help.parentElement as HTMLElement;
      expect(box(paragraph).top - box(control).bottom).to.equal(8);
      expect(getComputedStyle(help).fontSize).to.equal('14px');
      expect(box(paragraph).height).to.equal(24);
      // The element's own box holds the button, the gap and the link: 56 + 8 + 24.
      expect(box(button).height).to.equal(88);
    }
  });

  for (const font of ['Liberation Sans', 'DejaVu Sans'] as const) {
    it(`never lets the text overflow or clip in ${font}, and grows homothetically when it needs room`, async () => {
      const removeFont = await provideMarianne(font);
      try {
        for (const variant of ['login', 'plus', 'data']) {
          for (const lang of ['fr', 'en']) {
            const button = await render(
              html`<franceconnect-button variant=${variant} lang=${lang}></franceconnect-button>`,
            );
            const { control, brand } = partsOf(button);
            expect(getComputedStyle(brand).fontFamily).to.match(/^Marianne/);
            expectNoOverflow(button);
            const { width, height } = box(control);
            if (variant === 'data') {
              expect(height).to.equal(56);
            } else {
              const [officialWidth, ratio] = variant === 'plus' ? [245, 245 / 56] : [209, 209 / 56];
              expect(width).to.be.at.least(officialWidth);
              expect(width / height).to.be.closeTo(ratio, 0.01);
            }
          }
        }
      } finally {
        removeFont();
      }
    });
  }

  it('is exactly the official box with Liberation Sans (the metrics of Arial), and larger with the wider DejaVu Sans', async () => {
    const widths: number[] = [];
    for (const font of ['Liberation Sans', 'DejaVu Sans'] as const) {
      const removeFont = await provideMarianne(font);
      const button = await render(html`<franceconnect-button></franceconnect-button>`);
      widths.push(box(partsOf(button).control).width);
      removeFont();
    }
    expect(widths[0]).to.equal(209);
    expect(widths[1]).to.be.greaterThan(209);
  });

  describe('scaling with --franceconnect-scale', () => {
    it('scales everything homothetically', async () => {
      const button = await render(
        html`<franceconnect-button style="--franceconnect-scale: 1.5"></franceconnect-button>`,
      );
      const { control, logo, first, brand, help } = partsOf(button);
      expect([box(control).width, box(control).height]).to.deep.equal([209 * 1.5, 56 * 1.5]);
      expect([box(logo).width, box(logo).height]).to.deep.equal([60, 72]);
      expect(box(logo).left - box(control).left).to.equal(18);
      expect(box(first).left - box(control).left).to.equal(96);
      expect([getComputedStyle(first).fontSize, getComputedStyle(brand).fontSize]).to.deep.equal([
        '25.5px',
        '27px',
      ]);
      expect(getComputedStyle(help).fontSize).to.equal('21px');
      expect(box(help.parentElement as HTMLElement).top - box(control).bottom).to.equal(12);
    });

    it('never goes below 209 × 56, whatever the value or the page root font size', async () => {
      for (const [scale, rootSize] of [
        ['0.5', ''],
        ['-2', ''],
        ['big', ''],
        ['', '62.5%'],
        ['0.5', '10px'],
      ] as const) {
        document.documentElement.style.fontSize = rootSize;
        const button = await render(
          html`<franceconnect-button
            style=${scale ? `--franceconnect-scale: ${scale}` : ''}
          ></franceconnect-button>`,
        );
        const { width, height } = box(partsOf(button).control);
        expect([width, height], `scale ${scale}, root ${rootSize}`).to.deep.equal([209, 56]);
      }
      document.documentElement.style.fontSize = '';
    });

    it('follows a larger root font size (the reader’s setting) homothetically', async () => {
      document.documentElement.style.fontSize = '20px';
      try {
        const button = await render(html`<franceconnect-button></franceconnect-button>`);
        const { width, height } = box(partsOf(button).control);
        expect([width, height]).to.deep.equal([209 * 1.25, 56 * 1.25]);
      } finally {
        document.documentElement.style.fontSize = '';
      }
    });
  });

  it('draws the form fallback exactly as the link: label, logo, help link and cursor, every variant and language', async () => {
    /** Where each visible piece is, relative to the button's box; the text by its glyphs, not its span. */
    const layout = (button: FranceConnectButton) => {
      const { control, logo, first, brand, help } = partsOf(button);
      const origin = box(control);
      const at = (rect: DOMRect) =>
        [rect.left - origin.left, rect.top - origin.top, rect.width, rect.height].map(
          (n) => Math.round(n * 10) / 10,
        );
      const glyphs = (element: Element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        return at(range.getBoundingClientRect());
      };
      return {
        box: [origin.width, origin.height],
        logo: at(box(logo)),
        first: glyphs(first),
        brand: glyphs(brand),
        help: at(box(help)),
        cursor: getComputedStyle(control).cursor,
      };
    };
    for (const variant of ['login', 'plus', 'data']) {
      for (const lang of ['fr', 'en']) {
        const link = await render(
          html`<franceconnect-button variant=${variant} lang=${lang}
            ><a href="/auth/login">Se connecter</a></franceconnect-button
          >`,
        );
        const form = await render(
          html`<franceconnect-button variant=${variant} lang=${lang}
            ><form method="post" action="/auth/login">
              <button type="submit">Se connecter</button>
            </form></franceconnect-button
          >`,
        );
        expect(partsOf(form).control.localName, 'the form fallback is drawn as a button').to.equal('button');
        expect(layout(form), `${variant}, ${lang}`).to.deep.equal(layout(link));
        expect(layout(link).cursor).to.equal('pointer');
      }
    }
  });
});
