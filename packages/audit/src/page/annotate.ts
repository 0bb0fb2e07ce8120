// The annotated screenshot of the report: what was measured, outlined and labelled on the page itself.
import type { Page } from 'playwright-core';
import type { Box } from './probe.js';

export interface Annotation {
  readonly box: Box;
  readonly label: string;
  /** `main` for the button, `ok` for what surrounds it as expected, `problem` for what breaks a rule. */
  readonly tone: 'main' | 'ok' | 'problem';
  /** Where the label goes: above the box (default), or to its right for small boxes. */
  readonly labelAt?: 'above' | 'right';
}

const COLOURS = { main: '#e1000f', ok: '#18753c', problem: '#b34000' } as const;

/** Draws the annotations over the page, takes the picture of the region they cover, then removes them. */
export async function annotatedScreenshot(page: Page, annotations: readonly Annotation[]): Promise<Buffer> {
  const boxes = annotations.map((annotation) => annotation.box);
  const margin = 24;
  const size = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  const left = Math.max(0, Math.min(...boxes.map((box) => box.x)) - margin);
  const top = Math.max(0, Math.min(...boxes.map((box) => box.y)) - margin - 18);
  const right = Math.min(size.width, Math.max(...boxes.map((box) => box.x + box.width)) + margin + 180);
  const bottom = Math.min(size.height, Math.max(...boxes.map((box) => box.y + box.height)) + margin);
  const clip = boxes.length
    ? { x: left, y: top, width: Math.max(1, right - left), height: Math.max(1, Math.min(bottom - top, 1600)) }
    : { x: 0, y: 0, width: Math.min(size.width, 1280), height: Math.min(size.height, 900) };
  await page.evaluate(
    ({ annotations, colours }) => {
      const layer = document.createElement('div');
      layer.id = 'franceconnect-audit-annotations';
      layer.setAttribute('aria-hidden', 'true');
      layer.style.cssText =
        'position:absolute;inset:0 auto auto 0;width:0;height:0;z-index:2147483647;pointer-events:none;';
      for (const { box, label, tone, labelAt } of annotations) {
        const colour = colours[tone];
        const frame = document.createElement('div');
        frame.style.cssText = `position:absolute;box-sizing:border-box;left:${box.x - 2}px;top:${box.y - 2}px;width:${box.width + 4}px;height:${box.height + 4}px;border:2px ${tone === 'main' ? 'solid' : 'dashed'} ${colour};`;
        const tag = document.createElement('div');
        tag.textContent = label;
        const [left, top] = labelAt === 'right' ? [box.x + box.width + 6, box.y] : [box.x - 2, box.y - 19];
        tag.style.cssText = `position:absolute;left:${left}px;top:${top}px;padding:1px 4px;background:${colour};color:#fff;font:bold 11px/15px Arial,'Liberation Sans',sans-serif;white-space:nowrap;`;
        layer.append(frame, tag);
      }
      document.documentElement.append(layer);
    },
    { annotations, colours: COLOURS },
  );
  try {
    const viewport = page.viewportSize();
    const fits =
      viewport !== null && clip.y + clip.height <= viewport.height && clip.x + clip.width <= viewport.width;
    return await page.screenshot({ clip, fullPage: !fits, animations: 'disabled' });
  } finally {
    await page.evaluate(() => document.getElementById('franceconnect-audit-annotations')?.remove());
  }
}
