import { expect, fixture, html } from '@open-wc/testing';
import '@franceconnect-kit/button';
import type { FranceConnectButton } from '@franceconnect-kit/button';
import { partsOf } from './helpers.js';

// The logo is inline in the shadow root (no data: URI, no request: a strict CSP keeps working), its
// path data written compactly by scripts/logo.mjs. Drawn next to the official file, it must not be told
// apart: at the sizes the button is shown, pixel for pixel.

const OFFICIAL = '/packages/button/assets/franceconnect-logo.svg';

function image(source: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`cannot load ${source.slice(0, 80)}`));
    img.src = source;
  });
}

function pixels(img: HTMLImageElement, scale: number): Uint8ClampedArray {
  const canvas = new OffscreenCanvas(40 * scale, 48 * scale);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  context.drawImage(img, 0, 0, canvas.width, canvas.height);
  return context.getImageData(0, 0, canvas.width, canvas.height).data;
}

describe('logo', () => {
  it('is inline, decorative and drawn in the four official colours', async () => {
    const button = await fixture<FranceConnectButton>(html`<franceconnect-button></franceconnect-button>`);
    const { logo } = partsOf(button);
    expect(logo.getAttribute('aria-hidden')).to.equal('true');
    expect(logo.querySelectorAll('image, use, foreignObject').length).to.equal(0);
    expect(Array.from(logo.querySelectorAll('path'), (path) => path.getAttribute('fill'))).to.deep.equal([
      '#2a2f82',
      '#df1f26',
      '#2e65b0',
      '#fff',
    ]);
  });

  it('cannot be told apart from the official file at 1×, 2× and 4×', async () => {
    const button = await fixture<FranceConnectButton>(html`<franceconnect-button></franceconnect-button>`);
    const inline = partsOf(button).logo.cloneNode(true) as SVGSVGElement;
    inline.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    const ours = await image(`data:image/svg+xml,${encodeURIComponent(inline.outerHTML)}`);
    const official = await image(OFFICIAL);
    for (const scale of [1, 2, 4]) {
      const [a, b] = [pixels(official, scale), pixels(ours, scale)];
      let total = 0;
      let far = 0;
      for (let i = 0; i < a.length; i++) {
        const difference = Math.abs((a[i] ?? 0) - (b[i] ?? 0));
        total += difference;
        if (difference > 64) far++;
      }
      const mean = total / a.length;
      expect(mean, `mean channel difference at ${scale}×`).to.be.below(1);
      expect(far / (a.length / 4), `share of clearly different pixels at ${scale}×`).to.be.below(0.005);
    }
  });
});
