// Reading the pixels of a screenshot, in a blank page of its own (the audited page's CSP and scripts
// play no part): the colours a person sees, whatever draws them (CSS, an image, an SVG).
import type { Browser, Page } from 'playwright-core';
import type { Rgb } from './colours.js';

export interface ColourShare {
  readonly colour: Rgb;
  /** Share of the pixels, from 0 to 1. */
  readonly share: number;
}

export interface PixelLab {
  /** The most frequent colours of a PNG, most frequent first. */
  colours(png: Buffer, limit?: number): Promise<ColourShare[]>;
  /** How many pixels differ between two PNGs of the same size, and the most frequent new colour. */
  difference(before: Buffer, after: Buffer): Promise<{ changed: number; total: number; before: Rgb | null; after: Rgb | null }>;
  close(): Promise<void>;
}

async function decode(page: Page, pngs: string[]) {
  return page.evaluate(async (sources) => {
    const images = [];
    for (const source of sources) {
      const bytes = Uint8Array.from(atob(source), (character) => character.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context) throw new Error('no 2d context');
      context.drawImage(bitmap, 0, 0);
      images.push(Array.from(context.getImageData(0, 0, bitmap.width, bitmap.height).data));
    }
    return images;
  }, pngs);
}

export async function openPixelLab(browser: Browser): Promise<PixelLab> {
  const context = await browser.newContext({ deviceScaleFactor: 1 });
  const page = await context.newPage();
  return {
    async colours(png, limit = 8) {
      const [data = []] = await decode(page, [png.toString('base64')]);
      const counts = new Map<number, number>();
      for (let index = 0; index < data.length; index += 4) {
        const key = (data[index]! << 16) | (data[index + 1]! << 8) | data[index + 2]!;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const total = data.length / 4 || 1;
      return Array.from(counts)
        .sort((a, b) => b[1] - a[1])
        .slice(0, limit)
        .map(([key, count]) => ({
          colour: [(key >> 16) & 255, (key >> 8) & 255, key & 255] as const,
          share: count / total,
        }));
    },
    async difference(before, after) {
      const [a = [], b = []] = await decode(page, [before.toString('base64'), after.toString('base64')]);
      let changed = 0;
      const was = new Map<number, number>();
      const now = new Map<number, number>();
      for (let index = 0; index < Math.min(a.length, b.length); index += 4) {
        const keyA = (a[index]! << 16) | (a[index + 1]! << 8) | a[index + 2]!;
        const keyB = (b[index]! << 16) | (b[index + 1]! << 8) | b[index + 2]!;
        if (keyA !== keyB) {
          changed++;
          was.set(keyA, (was.get(keyA) ?? 0) + 1);
          now.set(keyB, (now.get(keyB) ?? 0) + 1);
        }
      }
      const top = (counts: Map<number, number>): Rgb | null => {
        const best = Array.from(counts).sort((x, y) => y[1] - x[1])[0];
        return best ? [(best[0] >> 16) & 255, (best[0] >> 8) & 255, best[0] & 255] : null;
      };
      return { changed, total: a.length / 4, before: top(was), after: top(now) };
    },
    close: () => context.close(),
  };
}
