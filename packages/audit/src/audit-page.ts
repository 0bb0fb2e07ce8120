// One page of the audit (sign-in or sign-up): open it in light and dark themes, find and measure the
// FranceConnect button, take the annotated picture, then follow the button to FranceConnect.
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import type { PageObservation } from './checks/page-rules.js';
import { px } from './checks/format.js';
import { AuditRunError } from './errors.js';
import { annotatedScreenshot, type Annotation } from './page/annotate.js';
import { measureAppearance, measureFocus, type Appearance } from './page/appearance.js';
import { followButton, watchWindowOpen, type FollowedButton } from './page/follow.js';
import { inspectWhenReady, type Inspection } from './page/inspect.js';
import type { PixelLab } from './page/pixels.js';
import type { PageProbe } from './page/probe.js';

export const VIEWPORT = { width: 1280, height: 900 } as const;

export interface PageAudit {
  readonly observation: PageObservation;
  readonly screenshot: Buffer;
  /** A second click on the button, for the sign-in page (state and nonce must change). */
  readonly again: FollowedButton | null;
}

export async function newAuditContext(
  browser: Browser,
  colorScheme: 'light' | 'dark',
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    colorScheme,
    locale: 'fr-FR',
    reducedMotion: 'reduce',
  });
  await watchWindowOpen(context);
  return context;
}

/** Opens `url`, or says in one sentence why it cannot be audited. */
export async function open(page: Page, url: URL, timeoutMs: number): Promise<void> {
  let status: number | undefined;
  // An error status with an empty body fails the navigation itself: its status is read from the response.
  let answered: number | undefined;
  const onResponse = (response: Response) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame())
      answered = response.status();
  };
  page.on('response', onResponse);
  try {
    status = (await page.goto(url.href, { waitUntil: 'load', timeout: timeoutMs }))?.status();
  } catch (error) {
    if (answered !== undefined && answered >= 400)
      throw new AuditRunError(`${url.href} répond HTTP ${answered}`);
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new AuditRunError(`impossible d’ouvrir ${url.href} : ${reason.replace(/^page\.goto: /, '')}`);
  } finally {
    page.off('response', onResponse);
  }
  if (status !== undefined && status >= 400) throw new AuditRunError(`${url.href} répond HTTP ${status}`);
}

function annotations(probe: PageProbe): Annotation[] {
  const button = probe.button;
  if (!button) return [];
  const near = (box: { y: number }) => Math.abs(box.y - button.box.y) < 520;
  const list: Annotation[] = [
    {
      box: button.box,
      label: `bouton ${px(button.box.width)} × ${px(button.box.height)} px`,
      tone: 'main',
      labelAt: 'right',
    },
  ];
  if (probe.help) {
    const gap = probe.help.box.y - (button.box.y + button.box.height);
    list.push({
      box: probe.help.box,
      label: `lien d’aide, à ${px(gap)} px du bouton`,
      tone: gap >= 7 && gap <= 13 ? 'ok' : 'problem',
      labelAt: 'right',
    });
  }
  const sentence = probe.sentences
    .filter((block) => block.box.y + block.box.height <= button.box.y + 2 && near(block.box))
    .pop();
  if (sentence) list.push({ box: sentence.box, label: 'phrase explicative', tone: 'ok' });
  for (const separator of probe.separators.filter((item) => near(item.box))) {
    list.push({
      box: separator.box,
      label: `« ${separator.text} »${separator.line ? ' + ligne' : ''}`,
      tone: 'ok',
    });
  }
  for (const method of probe.methods.filter((item) => near(item.box))) {
    const problem = method.kind === 'social' || method.box.y < button.box.y;
    list.push({
      box: method.box,
      label: method.kind === 'social' ? `réseau social : ${method.label}` : 'autre mode de connexion',
      tone: problem ? 'problem' : 'ok',
    });
  }
  return list;
}

/**
 * The same page in the dark theme: the system preference (`prefers-color-scheme`), which the kit's
 * elements and most sites follow live, then the DSFR's own switch (`data-fr-theme` on <html>).
 */
async function darkAppearance(
  page: Page,
  lab: PixelLab,
): Promise<{ appearance: Appearance | null; how: string }> {
  await page.emulateMedia({ colorScheme: 'dark' });
  let how = 'prefers-color-scheme: dark (préférence du système)';
  const dsfr = await page.evaluate(() => {
    const root = document.documentElement;
    if (!root.hasAttribute('data-fr-scheme') && !root.hasAttribute('data-fr-theme')) return false;
    if (root.getAttribute('data-fr-theme') === 'dark') return false;
    root.setAttribute('data-fr-theme', 'dark');
    return true;
  });
  if (dsfr) how += ', puis data-fr-theme="dark" sur <html>, comme le sélecteur de thème du DSFR';
  const inspection: Inspection = await inspectWhenReady(page, 1_000);
  return { appearance: await measureAppearance(page, inspection, lab), how };
}

export async function auditPage(
  context: BrowserContext,
  lab: PixelLab,
  group: 'connexion' | 'inscription',
  url: URL,
  { timeoutMs, twice, progress }: { timeoutMs: number; twice: boolean; progress: (step: string) => void },
): Promise<PageAudit> {
  const page = await context.newPage();
  try {
    progress(`${group} : ouverture de ${url.href}`);
    await open(page, url, timeoutMs);
    const inspection = await inspectWhenReady(page, Math.min(timeoutMs, 8_000));
    const screenshot = await annotatedScreenshot(page, annotations(inspection.probe));
    progress(`${group} : couleurs, survol et focus`);
    const light = await measureAppearance(page, inspection, lab);
    const focus = await measureFocus(page, inspection, lab);
    const dark = inspection.button
      ? await darkAppearance(page, lab)
      : { appearance: null, how: 'non mesuré' };
    let followed: FollowedButton | null = null;
    let again: FollowedButton | null = null;
    if (inspection.button) {
      progress(`${group} : clic sur le bouton, jusqu’à FranceConnect`);
      followed = await followButton(page, inspection.button, { timeoutMs });
      if (twice && followed.authorize) {
        await open(page, url, timeoutMs);
        const second = await inspectWhenReady(page, Math.min(timeoutMs, 8_000));
        if (second.button) again = await followButton(page, second.button, { timeoutMs, answer: false });
      }
    }
    return {
      observation: {
        group,
        url: url.href,
        probe: inspection.probe,
        inFrame: inspection.inFrame,
        light,
        dark: dark.appearance,
        darkHow: dark.how,
        focus,
        followed,
        screenshot: group,
      },
      screenshot,
      again,
    };
  } finally {
    // A new window the button opened goes too.
    await Promise.all(
      context
        .pages()
        .filter((other) => other !== lab.page)
        .map((other) => other.close()),
    );
  }
}
