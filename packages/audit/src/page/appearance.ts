// The button's colours as displayed, at rest and hovered, and its keyboard focus: read from
// screenshots, so that a CSS background, an image or an SVG are measured alike.
import type { Page } from 'playwright-core';
import { parseColour, type Rgb } from './colours.js';
import type { Inspection } from './inspect.js';
import type { ColourShare, PixelLab } from './pixels.js';

export interface Appearance {
  /** Most frequent colours of the button at rest. */
  readonly idle: readonly ColourShare[];
  /** … with the mouse over it. */
  readonly hover: readonly ColourShare[];
  /** The label's colour (null for an image). */
  readonly text: Rgb | null;
  /** The page's background behind the button. */
  readonly background: Rgb;
}

export interface Focus {
  /** Pixels that change around and on the button when it takes the keyboard focus. */
  readonly changed: number;
  /** The button's perimeter, in px: the least a visible focus ring changes. */
  readonly perimeter: number;
  /** The focus indicator's colour and what it replaced, when one shows. */
  readonly ring: Rgb | null;
  readonly under: Rgb | null;
}

async function rest(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
}

/** The button's box in the viewport, scrolled into view (clips for page screenshots, faster than element ones). */
async function viewportBox(inspection: Inspection) {
  const { buttonBox } = inspection;
  if (!buttonBox) return null;
  await buttonBox.scrollIntoViewIfNeeded();
  return buttonBox.boundingBox();
}

export async function measureAppearance(
  page: Page,
  inspection: Inspection,
  lab: PixelLab,
): Promise<Appearance | null> {
  const { probe } = inspection;
  const box = await viewportBox(inspection);
  if (!box || !probe.button) return null;
  const clip = { x: box.x, y: box.y, width: Math.max(1, box.width), height: Math.max(1, box.height) };
  await rest(page);
  const idle = await lab.colours(await page.screenshot({ clip, animations: 'disabled' }));
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = await lab.colours(await page.screenshot({ clip, animations: 'disabled' }));
  await rest(page);
  return {
    idle,
    hover,
    text: probe.button.textColour ? parseColour(probe.button.textColour) : null,
    background: parseColour(probe.background) ?? [255, 255, 255],
  };
}

export async function measureFocus(page: Page, inspection: Inspection, lab: PixelLab): Promise<Focus | null> {
  const { button } = inspection;
  const box = await viewportBox(inspection);
  if (!button || !box) return null;
  const margin = 6;
  const clip = {
    x: Math.max(0, box.x - margin),
    y: Math.max(0, box.y - margin),
    width: box.width + 2 * margin,
    height: box.height + 2 * margin,
  };
  await rest(page);
  const before = await page.screenshot({ clip, animations: 'disabled' });
  // A key press first, so that the browser treats the focus as a keyboard one (`:focus-visible`).
  await page.keyboard.press('Shift');
  await button.focus();
  const after = await page.screenshot({ clip, animations: 'disabled' });
  await rest(page);
  const difference = await lab.difference(before, after);
  return {
    changed: difference.changed,
    perimeter: Math.round(2 * (box.width + box.height)),
    ring: difference.after,
    under: difference.before,
  };
}
