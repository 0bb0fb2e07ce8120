// Runs the in-page probe in every frame of a page and brings the results into the top page's
// coordinates, so that a button inside an iframe is still found, measured and placed.
import type { Frame, Locator, Page } from 'playwright-core';
import { inspectPage, type Box, type PageProbe } from './probe.js';

/** The attribute the probe sets on what it found (`button`, `help`). */
export const MARKER = 'data-franceconnect-audit';

export interface Inspection {
  /** The top page's probe, with what child frames hold added (boxes in the top page's coordinates). */
  readonly probe: PageProbe;
  /** The frame that holds the button (the top frame when it is not in an iframe). */
  readonly frame: Frame;
  /** Whether the button is inside an iframe. */
  readonly inFrame: boolean;
  /** The button, for Playwright (hover, focus, screenshot, click). */
  readonly button: Locator | null;
  /** What the button's size and colours are measured on: the button, or the image it consists of. */
  readonly buttonBox: Locator | null;
  readonly help: Locator | null;
}

const shift = (box: Box, by: Box): Box => ({ ...box, x: box.x + by.x, y: box.y + by.y });

async function offsetOf(frame: Frame): Promise<Box | null> {
  const element = await frame.frameElement().catch(() => null);
  if (!element) return null;
  // Content box of the iframe, in the top page's document coordinates (the page is scrolled to the top).
  return element.evaluate((node: Element) => {
    const rect = node.getBoundingClientRect();
    const style = getComputedStyle(node);
    return {
      x: rect.x + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft),
      y: rect.y + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop),
      width: rect.width,
      height: rect.height,
    };
  });
}

async function probeFrame(frame: Frame): Promise<PageProbe | null> {
  try {
    return await frame.evaluate(inspectPage, MARKER);
  } catch {
    return null; // A frame that went away, or that cannot be scripted.
  }
}

function moved(probe: PageProbe, by: Box): PageProbe {
  return {
    ...probe,
    button: probe.button ? { ...probe.button, box: shift(probe.button.box, by) } : null,
    help: probe.help ? { ...probe.help, box: shift(probe.help.box, by) } : null,
    sentences: probe.sentences.map((block) => ({ ...block, box: shift(block.box, by) })),
    separators: probe.separators.map((separator) => ({ ...separator, box: shift(separator.box, by) })),
    methods: probe.methods.map((method) => ({ ...method, box: shift(method.box, by) })),
  };
}

/** Probes the page and its frames once. */
export async function inspect(page: Page): Promise<Inspection> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const top = await page.mainFrame().evaluate(inspectPage, MARKER);
  let holder: { frame: Frame; probe: PageProbe } = { frame: page.mainFrame(), probe: top };
  const merged = {
    ...top,
    sentences: [...top.sentences],
    separators: [...top.separators],
    methods: [...top.methods],
  };
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const offset = await offsetOf(frame);
    const probe = await probeFrame(frame);
    if (!probe || !offset) continue;
    const placed = moved(probe, offset);
    merged.sentences.push(...placed.sentences);
    merged.separators.push(...placed.separators);
    merged.methods.push(...placed.methods);
    merged.candidates = [...merged.candidates, ...placed.candidates];
    if (!holder.probe.button && placed.button) holder = { frame, probe: placed };
  }
  const inFrame = holder.frame !== page.mainFrame();
  const probe: PageProbe = inFrame
    ? { ...merged, button: holder.probe.button, help: holder.probe.help, background: holder.probe.background }
    : merged;
  return {
    probe,
    frame: holder.frame,
    inFrame,
    button: probe.button ? holder.frame.locator(`[${MARKER}="button"]`) : null,
    buttonBox: probe.button
      ? holder.frame.locator(`[${MARKER}="button-box"], [${MARKER}="button"]`).first()
      : null,
    help: probe.help ? holder.frame.locator(`[${MARKER}="help"]`) : null,
  };
}

/**
 * Waits (boundedly) for a FranceConnect button to be rendered: pages built by a script (a React app,
 * custom elements) draw it after the load event.
 */
export async function inspectWhenReady(page: Page, timeoutMs: number): Promise<Inspection> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined)).catch(() => undefined);
  const deadline = Date.now() + timeoutMs;
  let inspection = await inspect(page);
  while (!inspection.probe.button && Date.now() < deadline) {
    await page.waitForTimeout(250);
    inspection = await inspect(page);
  }
  // Custom elements settle their rendering in a microtask after upgrade: one more frame, then measure.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));
  return inspect(page);
}
