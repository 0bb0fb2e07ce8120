import { availableParallelism } from 'node:os';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/lib/chromium.mjs';

/**
 * How many journeys the end-to-end tests drive at once: as many as the machine has cores, at most
 * four. Every page is rendered on those cores, and the kit's servers run there too: beyond that,
 * running more at once adds no throughput, only waiting, until single steps time out on a busy
 * machine (fifteen journeys at once on two cores made a page load take thirty seconds).
 */
export const E2E_CONCURRENCY = Math.max(1, Math.min(4, availableParallelism()));

/**
 * The longest one step (a navigation, a click, a wait for an element) may take before the test fails:
 * generous for a machine other work keeps busy, never unbounded. Steps wait for real conditions
 * (an element, a URL, an answer), never for a fixed time.
 */
export const STEP_TIMEOUT_MS = 90_000;

function bounded(context: BrowserContext): BrowserContext {
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  return context;
}

/**
 * The system's Chromium, headless, driven by playwright-core (never a downloaded browser). Every
 * context it opens (`newContext`, and `newPage`'s own) bounds its steps by `STEP_TIMEOUT_MS`.
 */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumArgs(),
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => bounded(await newContext(options));
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    bounded(page.context());
    return page;
  };
  return browser;
}

/** Runs `task` on each item, at most `limit` at a time, in order of start. */
export async function inTurns<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
