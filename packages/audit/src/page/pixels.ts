// Reading the pixels of a screenshot, in a blank page (the audited page's CSP and scripts play no part):
// the colours a person sees, whatever draws them (CSS, an image, an SVG). Counted in that page; only
// the results come back.
import type { BrowserContext, Page } from 'playwright-core';
import type { Rgb } from './colours.js';

export interface ColourShare {
  readonly colour: Rgb;
  /** Share of the pixels, from 0 to 1. */
  readonly share: number;
}

export interface Difference {
  /** Pixels that differ. */
  readonly changed: number;
  /** The most frequent colour among the changed pixels, before and after. */
  readonly before: Rgb | null;
  readonly after: Rgb | null;
}

export interface PixelLab {
  /** The blank page the pixels are read in. */
  readonly page: Page;
  /** The most frequent colours of a PNG, most frequent first. */
  colours(png: Buffer, limit?: number): Promise<ColourShare[]>;
  /** How two PNGs of the same size differ. */
  difference(before: Buffer, after: Buffer): Promise<Difference>;
  close(): Promise<void>;
}

export async function openPixelLab(context: BrowserContext): Promise<PixelLab> {
  const page = await context.newPage();
  return {
    page,
    colours: (png, limit = 8) =>
      page.evaluate(
        async ({ source, limit }) => {
          const bytes = Uint8Array.from(atob(source), (character) => character.charCodeAt(0));
          const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d', { willReadFrequently: true })!;
          context.drawImage(bitmap, 0, 0);
          const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
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
              colour: [(key >> 16) & 255, (key >> 8) & 255, key & 255] as [number, number, number],
              share: count / total,
            }));
        },
        { source: png.toString('base64'), limit },
      ),
    difference: (before, after) =>
      page.evaluate(
        async (sources) => {
          const read = async (source: string) => {
            const bytes = Uint8Array.from(atob(source), (character) => character.charCodeAt(0));
            const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
            const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
            const context = canvas.getContext('2d', { willReadFrequently: true })!;
            context.drawImage(bitmap, 0, 0);
            return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
          };
          const [a, b] = await Promise.all(sources.map(read));
          let changed = 0;
          const was = new Map<number, number>();
          const now = new Map<number, number>();
          for (let index = 0; index < Math.min(a!.length, b!.length); index += 4) {
            const keyA = (a![index]! << 16) | (a![index + 1]! << 8) | a![index + 2]!;
            const keyB = (b![index]! << 16) | (b![index + 1]! << 8) | b![index + 2]!;
            if (keyA !== keyB) {
              changed++;
              was.set(keyA, (was.get(keyA) ?? 0) + 1);
              now.set(keyB, (now.get(keyB) ?? 0) + 1);
            }
          }
          const top = (counts: Map<number, number>): [number, number, number] | null => {
            const best = Array.from(counts).sort((x, y) => y[1] - x[1])[0];
            return best ? [(best[0] >> 16) & 255, (best[0] >> 8) & 255, best[0] & 255] : null;
          };
          return { changed, before: top(was), after: top(now) };
        },
        [before.toString('base64'), after.toString('base64')],
      ),
    close: () => page.close(),
  };
}
