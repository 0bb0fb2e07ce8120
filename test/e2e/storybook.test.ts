import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { E2E_CONCURRENCY, launchChromium } from '../helpers/browser.js';
import { serveStatic, type StaticServer } from '../helpers/static-server.js';

// What designers get: the built Storybook (`npm run build-storybook`, a step of `npm test` before this one),
// served as static files and opened in Chromium. Every story and docs page is listed from its index.json.

const STATIC = new URL('../../storybook-static/', import.meta.url);
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

function readJson<T>(url: URL): T {
  if (!existsSync(url)) {
    throw new Error(`${url.pathname} is missing: run \`npm run build\` then \`npm run build-storybook\``);
  }
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

interface IndexEntry {
  readonly id: string;
  readonly title: string;
  readonly name: string;
  readonly type: 'story' | 'docs';
}
const entries = Object.values(
  readJson<{ entries: Record<string, IndexEntry> }>(new URL('index.json', STATIC)).entries,
);
const stories = entries.filter((entry) => entry.type === 'story');
const docs = entries.filter((entry) => entry.type === 'docs');

interface ManifestItem {
  readonly name: string;
  readonly description?: string;
}
interface Manifest {
  readonly modules: ReadonlyArray<{
    readonly exports?: ReadonlyArray<{ readonly kind: string; readonly name: string }>;
    readonly declarations?: ReadonlyArray<{
      readonly tagName?: string;
      readonly attributes?: readonly ManifestItem[];
      readonly cssProperties?: readonly ManifestItem[];
      readonly events?: readonly ManifestItem[];
    }>;
  }>;
}
const manifest = readJson<Manifest>(new URL('../../packages/button/custom-elements.json', import.meta.url));
const elementTags = manifest.modules.flatMap((module) =>
  (module.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.name),
);

/**
 * Accessibility rules that a story breaks on purpose, only inside its elements marked
 * `data-a11y-exemption="<rule>"`, and why. Each exemption must still be needed: the test fails when axe no
 * longer reports the rule there.
 */
const EXEMPTIONS: Record<string, { readonly rule: string; readonly why: string }> = {
  'guidelines-do-and-dont--recoloured': {
    rule: 'color-contrast',
    why: 'the drawing of a button in a site’s colours shows the contrast that recolouring loses: the reason for the rule',
  },
};

interface FinishedStory {
  readonly status: string;
  readonly reports: ReadonlyArray<{ type: string; status: string; violations: string[]; error: string }>;
}
interface StorybookWindow {
  __storyFinished?: FinishedStory;
  __docsRendered?: boolean;
}

/** Runs in the page before Storybook: records when the story (with its accessibility check) is finished. */
function watchStorybook(): void {
  const page = window as unknown as StorybookWindow & Record<string, unknown>;
  let channel: unknown;
  Object.defineProperty(page, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(value: { on(event: string, listener: (payload: never) => void): void }) {
      channel = value;
      value.on(
        'storyFinished',
        (payload: {
          status: string;
          reporters: Array<{
            type: string;
            status: string;
            result: { violations?: Array<{ id: string }>; error?: unknown };
          }>;
        }) => {
          page.__storyFinished = {
            status: payload.status,
            reports: payload.reporters.map((report) => ({
              type: report.type,
              status: report.status,
              violations: (report.result.violations ?? []).map((violation) => violation.id),
              error:
                report.result.error === undefined
                  ? ''
                  : report.result.error instanceof Error
                    ? report.result.error.message
                    : JSON.stringify(report.result.error),
            })),
          };
        },
      );
      value.on('docsRendered', () => {
        page.__docsRendered = true;
      });
    },
  });
}

interface Opened {
  readonly page: Page;
  /** Console errors, uncaught exceptions and missing files, since the page was opened. */
  readonly problems: () => string[];
}

describe('Storybook, built, in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;

  let context: BrowserContext;

  before(async () => {
    server = await serveStatic(STATIC.pathname);
    browser = await launchChromium();
    // One context for all pages: its cache keeps Storybook's scripts parsed and compiled between stories.
    context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    // tsx keeps function names with an `__name()` helper, which functions sent to the page also call.
    await context.addInitScript({ content: 'globalThis.__name = (target) => target;' });
    await context.addInitScript(watchStorybook);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens `path` in a page of its own, closed when test `t` ends. */
  async function open(t: TestContext, path: string): Promise<Opened> {
    const page = await context.newPage();
    t.after(() => page.close());
    const problems: string[] = [];
    page.on('console', (message) => {
      // A failed request is reported below, with its URL.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        problems.push(`console: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    // Browsers ask for /favicon.ico on their own; the iframe of a story has no icon.
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
        problems.push(`HTTP ${response.status()}: ${response.url()}`);
      }
    });
    await page.goto(`${server.url}/${path}`);
    return { page, problems: () => [...problems] };
  }

  async function openStory(t: TestContext, id: string, query = ''): Promise<Opened> {
    const opened = await open(t, `iframe.html?id=${id}&viewMode=story${query}`);
    await opened.page.waitForFunction(() => (window as StorybookWindow).__storyFinished !== undefined);
    return opened;
  }

  /** The kit's elements in `selector`, in shadow roots too, once rendered: whether each is upgraded and shows. */
  const renderedElements = (page: Page, selector: string) =>
    page.evaluate(async (selector) => {
      const found: Array<{ tag: string; upgraded: boolean; shows: boolean }> = [];
      const visit = async (root: ParentNode) => {
        for (const element of Array.from(root.querySelectorAll('*'))) {
          if (!element.localName.startsWith('franceconnect-')) continue;
          await (element as Element & { updateComplete?: Promise<unknown> }).updateComplete;
          const box = element.getBoundingClientRect();
          // Lit elements render in their shadow root; <franceconnect-prefill> works on the light DOM.
          const rendersShadow = 'renderRoot' in element;
          const content = rendersShadow ? element.shadowRoot : element;
          found.push({
            tag: element.localName,
            upgraded: element.matches(':defined') && (!rendersShadow || element.shadowRoot !== null),
            shows: (content?.textContent ?? '').trim() !== '' && box.width > 0 && box.height > 0,
          });
          if (element.shadowRoot) await visit(element.shadowRoot);
        }
      };
      const root = document.querySelector(selector);
      if (root === null) throw new Error(`no ${selector}`);
      await visit(root);
      return found;
    }, selector);

  /** axe-core's violations, run as the accessibility addon runs it (the story, not Storybook's own markup). */
  async function axeViolations(page: Page) {
    await page.evaluate(axeSource);
    return page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run(
              context: object,
              options: object,
            ): Promise<{
              violations: Array<{
                id: string;
                help: string;
                nodes: Array<{ element?: Element; target: unknown }>;
              }>;
            }>;
          };
        }
      ).axe;
      const { violations } = await axe.run(
        {
          include: [document.body],
          exclude: [['.sb-wrapper'], ['#storybook-docs'], ['#storybook-highlights-root']],
        },
        { elementRef: true, rules: { region: { enabled: false } } },
      );
      return violations.map((violation) => ({
        id: violation.id,
        help: violation.help,
        nodes: violation.nodes.map((node) => ({
          target: JSON.stringify(node.target),
          exempt:
            node.element?.closest(`[data-a11y-exemption~="${violation.id}"]`) !== null &&
            node.element !== undefined,
        })),
      }));
    });
  }

  it('has stories and a docs page for every element of the kit', () => {
    assert.ok(elementTags.length >= 2, 'the manifest lists the elements');
    for (const tag of elementTags) {
      assert.ok(
        stories.some((story) => story.title === `Elements/${tag}`),
        `<${tag}> has stories (stories/src/${tag}.stories.ts)`,
      );
      assert.ok(
        docs.some((page) => page.title === `Elements/${tag}`),
        `<${tag}> has a docs page`,
      );
    }
  });

  describe(
    'every story renders its elements, without errors or accessibility violations',
    { concurrency: E2E_CONCURRENCY },
    () => {
      for (const story of stories) {
        it(`${story.title} › ${story.name}`, async (t) => {
          const { page, problems } = await openStory(t, story.id);
          const finished = await page.evaluate(() => (window as StorybookWindow).__storyFinished);
          assert.equal(finished?.status, 'success', 'the story rendered');
          assert.equal(await page.locator('body.sb-show-errordisplay').count(), 0, 'no error display');

          const elements = await renderedElements(page, '#storybook-root');
          assert.ok(elements.length > 0, 'the story shows at least one element of the kit');
          for (const element of elements) {
            assert.ok(element.upgraded, `<${element.tag}> is upgraded`);
            assert.ok(element.shows, `<${element.tag}> renders visible content`);
          }

          // The accessibility addon itself ran on the story and passed (a11y.test = 'error').
          const a11y = finished?.reports.find((report) => report.type === 'a11y');
          assert.deepEqual(
            a11y && { status: a11y.status, violations: a11y.violations, error: a11y.error },
            { status: 'passed', violations: [], error: '' },
            'the accessibility addon passed',
          );

          const exemption = EXEMPTIONS[story.id];
          const violations = await axeViolations(page);
          const exempted = violations.filter(
            (violation) => violation.id === exemption?.rule && violation.nodes.every((node) => node.exempt),
          );
          assert.deepEqual(
            violations.filter((violation) => !exempted.includes(violation)),
            [],
            'no accessibility violation',
          );
          if (exemption) {
            assert.equal(
              exempted.length,
              1,
              `the exemption from ${exemption.rule} is still needed (${exemption.why})`,
            );
          }
          assert.deepEqual(problems(), [], 'no console error, uncaught exception or missing file');
        });
      }
    },
  );

  describe('every docs page renders', { concurrency: E2E_CONCURRENCY }, () => {
    for (const entry of docs) {
      it(`${entry.title} › ${entry.name}`, async (t) => {
        const { page, problems } = await open(t, `iframe.html?id=${entry.id}&viewMode=docs`);
        await page.waitForFunction(() => (window as StorybookWindow).__docsRendered === true);
        const elements = await renderedElements(page, '#storybook-docs');
        for (const element of elements)
          assert.ok(element.upgraded && element.shows, `<${element.tag}> renders`);

        const tag = /^Elements\/(.+)$/.exec(entry.title)?.[1];
        if (tag !== undefined) {
          assert.ok(elements.length > 0, 'the docs page shows the element');
          // The API table comes from custom-elements.json: its descriptions are on the page.
          const declaration = manifest.modules
            .flatMap((module) => module.declarations ?? [])
            .find((candidate) => candidate.tagName === tag);
          assert.ok(declaration, `the manifest declares <${tag}>`);
          const text = (await page.locator('#storybook-docs').innerText()).replace(/\s+/g, ' ');
          const items = [
            ...(declaration.attributes ?? []),
            ...(declaration.cssProperties ?? []),
            ...(declaration.events ?? []),
          ];
          assert.ok(items.length > 0);
          for (const item of items) {
            assert.ok(text.includes(item.name), `the API table lists ${item.name}`);
            // The description's opening words, before any Markdown (`code`, « quotes » stay as they are).
            const opening = (item.description ?? '').split(/[`\n]/)[0]?.trim().slice(0, 40) ?? '';
            if (opening.length >= 10)
              assert.ok(text.includes(opening), `the API table describes ${item.name}`);
          }
        }
        assert.deepEqual(problems(), [], 'no console error, uncaught exception or missing file');
      });
    }
  });

  /** Every computed style of the button's control and of what it contains. */
  const looks = (button: Locator) =>
    button.evaluate((element) => {
      const control = element.shadowRoot?.querySelector('.button');
      if (!control) throw new Error('no control');
      const style: Record<string, string> = {};
      [control, ...Array.from(control.querySelectorAll('*'))].forEach((part, index) => {
        const computed = getComputedStyle(part);
        for (const property of Array.from({ length: computed.length }, (_, i) => computed.item(i))) {
          style[`${index} <${part.localName}> ${property}`] = computed.getPropertyValue(property);
        }
      });
      return style;
    });

  const differences = (actual: Record<string, string>, expected: Record<string, string>): string[] =>
    Object.keys({ ...actual, ...expected })
      .filter((key) => actual[key] !== expected[key])
      .map((key) => `${key}: ${actual[key]} (real: ${expected[key]})`);

  /**
   * Adds real elements of the kit to the page, after a focusable starting point: outside the story, so no
   * story code touches them. `attributes` per element; resolves with locators of each.
   */
  async function addLiveElements(page: Page, tag: string, attributes: ReadonlyArray<Record<string, string>>) {
    await page.evaluate(
      ({ tag, attributes }) => {
        document.getElementById('live')?.remove();
        const live = document.createElement('div');
        live.id = 'live';
        // The language of the story around (the toolbar's), which the drawn elements inherit too.
        live.lang = document.querySelector('#storybook-root [lang]')?.getAttribute('lang') ?? '';
        const start = document.createElement('button');
        start.id = 'live-start';
        start.textContent = 'Start';
        live.append(start);
        for (const each of attributes) {
          const element = document.createElement(tag);
          for (const [name, value] of Object.entries(each)) element.setAttribute(name, value);
          element.addEventListener('franceconnect-click', (event) => event.preventDefault());
          live.append(element);
        }
        document.body.prepend(live);
        return Promise.all(
          Array.from(
            live.children,
            (element) => (element as Element & { updateComplete?: unknown }).updateComplete,
          ),
        );
      },
      { tag, attributes },
    );
    return attributes.map((_, index) => page.locator(`#live > ${tag}`).nth(index));
  }

  describe(
    'hover, active and focus-visible, drawn statically, are the real states',
    { concurrency: E2E_CONCURRENCY },
    () => {
      for (const variant of ['login', 'plus', 'data'] as const) {
        it(`${variant}, in both themes`, async (t) => {
          const { page, problems } = await openStory(t, `elements-franceconnect-button--${variant}-states`);
          for (const theme of ['light', 'dark'] as const) {
            const cell = (state: string) =>
              page.locator(
                `td[data-variant="${variant}"][data-theme="${theme}"][data-state="${state}"] franceconnect-button`,
              );
            const drawn: Record<string, Record<string, string>> = {};
            for (const state of ['idle', 'hover', 'active', 'focus-visible']) {
              await cell(state).evaluate((element, state) => {
                // Drawn once the element has its copy of the styles and the state's classes.
                if (state === 'idle') return;
                return new Promise<void>((resolve) => {
                  const check = () =>
                    element.shadowRoot?.querySelector('[class*="static-"]')
                      ? resolve()
                      : requestAnimationFrame(check);
                  check();
                });
              }, state);
              drawn[state] = await looks(cell(state));
            }

            // The real element, really hovered, pressed and reached with the keyboard.
            const [button] = await addLiveElements(page, 'franceconnect-button', [{ variant, theme }]);
            assert.ok(button);
            const control = button.locator('.button');
            const real: Record<string, Record<string, string>> = { idle: await looks(button) };
            await control.hover();
            real.hover = await looks(button);
            await page.mouse.down();
            real.active = await looks(button);
            await page.mouse.move(0, 0);
            await page.mouse.up();
            await page.locator('#live-start').focus();
            await page.keyboard.press('Tab');
            assert.ok(
              await control.evaluate((element) => element.matches(':focus-visible')),
              'keyboard focus',
            );
            real['focus-visible'] = await looks(button);

            const background = (style: Record<string, string> | undefined) =>
              style?.['0 <a> background-color'];
            assert.notEqual(background(real.hover), background(real.idle), 'the real button was hovered');
            assert.notEqual(background(real.active), background(real.hover), 'the real button was pressed');
            for (const state of Object.keys(real)) {
              assert.deepEqual(
                differences(drawn[state] ?? {}, real[state] ?? {}),
                [],
                `${theme}, ${state}: drawn as it really is`,
              );
            }
          }
          assert.deepEqual(problems(), []);
        });
      }
    },
  );

  describe('the forced-colours simulation matches Chromium’s forced-colours emulation', () => {
    /** The colours, borders, decorations and shadows of the whole element: what forced colours change. */
    const forcedLooks = (button: Locator) =>
      button.evaluate((element) => {
        const root = element.shadowRoot?.firstElementChild;
        if (!root) throw new Error('not rendered');
        const sides = ['top', 'right', 'bottom', 'left'];
        const properties = [
          'background-color',
          'color',
          ...sides.flatMap((side) => ['width', 'style', 'color'].map((what) => `border-${side}-${what}`)),
          'text-decoration-line',
          'box-shadow',
          'text-shadow',
          'fill',
          'stroke',
          'opacity',
        ];
        const style: Record<string, string> = {};
        [root, ...Array.from(root.querySelectorAll('*'))].forEach((part, index) => {
          const computed = getComputedStyle(part);
          for (const property of properties) {
            // Fully transparent is transparent, whatever the colour channels (the browser keeps Canvas's).
            const value = computed.getPropertyValue(property);
            style[`${index} <${part.localName}> ${property}`] = /^rgba\(.*, 0\)$/.test(value)
              ? 'transparent'
              : value;
          }
        });
        return style;
      });

    it('in the Forced colours story (both High Contrast themes, each variant, disabled)', async (t) => {
      const { page, problems } = await openStory(t, 'elements-franceconnect-button--forced-colours');
      const drawn: Array<{
        colorScheme: 'light' | 'dark';
        attributes: Record<string, string>;
        style: Record<string, string>;
      }> = [];
      for (const panel of await page.locator('[data-palette]').all()) {
        const colorScheme = (await panel.getAttribute('data-color-scheme')) as 'light' | 'dark';
        for (const button of await panel.locator('franceconnect-button').all()) {
          const attributes = await button.evaluate((element) =>
            Object.fromEntries(
              Array.from(element.attributes, (attribute) => [attribute.name, attribute.value]),
            ),
          );
          drawn.push({ colorScheme, attributes, style: await forcedLooks(button) });
        }
      }
      assert.deepEqual(
        drawn.map(({ colorScheme }) => colorScheme).sort(),
        [...Array<string>(4).fill('dark'), ...Array<string>(4).fill('light')],
        'both palettes, four buttons each',
      );

      // The same buttons, real, in the browser's own forced-colours mode.
      const live = await addLiveElements(
        page,
        'franceconnect-button',
        drawn.map(({ attributes }) => attributes),
      );
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ forcedColors: 'active', colorScheme });
        for (const [index, { attributes, style }] of drawn.entries()) {
          if (drawn[index]?.colorScheme !== colorScheme) continue;
          const real = await forcedLooks(live[index] as Locator);
          assert.equal(real['1 <a> border-top-width'], '1px', 'forced colours are really on');
          assert.deepEqual(differences(style, real), [], `${colorScheme}: ${JSON.stringify(attributes)}`);
        }
      }
      assert.deepEqual(problems(), []);
    });

    it('from the toolbar, on the button inside <franceconnect-login>', async (t) => {
      const { page, problems } = await openStory(
        t,
        'elements-franceconnect-login--sign-in',
        '&globals=forcedColours:high-contrast-black',
      );
      const inner = 'franceconnect-button';
      const simulated = await forcedLooks(page.locator(`#storybook-root franceconnect-login ${inner}`));
      assert.equal(
        simulated['1 <a> background-color'],
        'rgb(0, 0, 0)',
        'the toolbar simulates High Contrast Black',
      );
      const [login] = await addLiveElements(page, 'franceconnect-login', [{}]);
      assert.ok(login);
      await page.emulateMedia({ forcedColors: 'active', colorScheme: 'dark' });
      assert.deepEqual(differences(simulated, await forcedLooks(login.locator(inner))), []);
      assert.deepEqual(problems(), []);
    });
  });
});
