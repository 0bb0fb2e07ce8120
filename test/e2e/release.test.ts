import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { serveStatic } from '../helpers/static-server.js';

// The download for CMS integrators (`npm run release`): unzipped into a folder as a webmaster would, its
// example page opened from the disk in Chromium renders the buttons, light and dark; its integrity hashes
// are the files' (a browser accepts the files with them and refuses a changed one); its guide is French.

const root = fileURLToPath(new URL('../..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'packages/button/package.json'), 'utf8')) as {
  version: string;
};
const LIGHT = 'rgb(0, 0, 145)'; // #000091
const DARK = 'rgb(133, 133, 246)'; // #8585f6

/** What a page shows of each `<franceconnect-button>`, those inside sections included. */
async function buttonsOf(page: Page) {
  return page.evaluate(() => {
    // Every element, shadow roots included, without a named function (the test's compiler would name it).
    const elements: Element[] = [];
    const roots: ParentNode[] = [document];
    for (let node = roots.pop(); node; node = roots.pop()) {
      for (const element of Array.from(node.querySelectorAll('*'))) {
        elements.push(element);
        if (element.shadowRoot) roots.push(element.shadowRoot);
      }
    }
    return elements
      .filter((element) => element.localName === 'franceconnect-button')
      .map((element) => {
        const control = element.shadowRoot?.querySelector<HTMLElement>('.button');
        const box = control?.getBoundingClientRect();
        return {
          label: control?.innerText.replace(/\s+/g, ' ').trim(),
          help: element.shadowRoot?.querySelector('.help a')?.textContent?.trim(),
          background: control ? getComputedStyle(control).backgroundColor : undefined,
          size: box ? [Math.round(box.width), Math.round(box.height)] : undefined,
        };
      });
  });
}

describe(`the download for CMS integrators: franceconnect-kit-${version}.zip`, () => {
  let folder: string;
  let unzipped: string;
  let browser: Browser;
  const problems: string[] = [];

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'franceconnect-kit-release-'));
    const release = spawnSync(
      process.execPath,
      [join(root, 'scripts/release.mjs'), '--no-build', '--out-dir', folder],
      { encoding: 'utf8' },
    );
    assert.equal(release.status, 0, release.stderr);
    const entries = unzipSync(readFileSync(join(folder, `franceconnect-kit-${version}.zip`)));
    unzipped = join(folder, 'unzipped');
    for (const [name, bytes] of Object.entries(entries)) {
      if (name.endsWith('/')) continue;
      mkdirSync(dirname(join(unzipped, name)), { recursive: true });
      writeFileSync(join(unzipped, name), bytes);
    }
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const file = (name: string) => join(unzipped, `franceconnect-kit-${version}`, name);

  /** Opens `url` in a new context (light system scheme); its console errors go to `problems`. */
  async function open(url: string): Promise<Page> {
    const context = await browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`${url}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${url}: ${error.message}`));
    await page.goto(url);
    return page;
  }

  it('holds the bundles, the classic scripts, the stylesheet, the hashes, the example, the guide and the licence', () => {
    for (const name of [
      'franceconnect.js',
      'franceconnect-button.js',
      'franceconnect-prefill.js',
      'franceconnect-data-mention.js',
      'classique/franceconnect.js',
      'classique/franceconnect-button.js',
      'classique/franceconnect-prefill.js',
      'classique/franceconnect-data-mention.js',
      'franceconnect.css',
      'INTEGRITE.txt',
      'integrity.json',
      'exemple.html',
      'integrer-le-bouton-franceconnect.md',
      'LICENSE',
    ]) {
      assert.ok(readFileSync(file(name)).length > 0, name);
    }
    assert.deepEqual(
      readFileSync(file('franceconnect.js')),
      readFileSync(join(root, 'packages/button/dist/cdn/franceconnect.js')),
    );
  });

  it('gives the SHA-384 of every file, in integrity.json and INTEGRITE.txt', () => {
    const hashes = JSON.parse(readFileSync(file('integrity.json'), 'utf8')) as Record<string, string>;
    const listed = readFileSync(file('INTEGRITE.txt'), 'utf8');
    assert.ok(Object.keys(hashes).length >= 9);
    for (const [name, hash] of Object.entries(hashes)) {
      assert.equal(
        hash,
        `sha384-${createHash('sha384')
          .update(readFileSync(file(name)))
          .digest('base64')}`,
        name,
      );
      assert.ok(listed.includes(`${hash}  ${name}\n`), `INTEGRITE.txt: ${name}`);
    }
  });

  it('has its guide in French, with the RGAA criteria the elements satisfy', () => {
    const guide = readFileSync(file('integrer-le-bouton-franceconnect.md'), 'utf8');
    assert.equal(guide, readFileSync(join(root, 'docs/integrer-le-bouton-franceconnect.md'), 'utf8'));
    assert.ok(
      guide.startsWith('# Intégrer le bouton FranceConnect sur un site WordPress, Drupal ou en HTML\n'),
    );
    assert.match(guide, /## Accessibilité \(RGAA 4\.1\)/);
    for (const criterion of ['3.2', '6.1', '7.3', '10.7', '13.2']) {
      assert.match(guide, new RegExp(`^\\| ${criterion.replace('.', '\\.')} +\\|`, 'm'), criterion);
    }
    // French text with the typographic apostrophe; straight quotes only in code.
    const prose = guide.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '');
    assert.doesNotMatch(prose, /'/);
  });

  it('renders its example page opened from the disk (file://): the section, the data button, the dark part', async () => {
    problems.length = 0;
    const url = pathToFileURL(file('exemple.html')).href;
    const page = await open(url);
    await page.waitForFunction(() =>
      ['franceconnect-login', 'franceconnect-button'].every((tag) => customElements.get(tag) !== undefined),
    );
    await page
      .locator('franceconnect-login')
      .getByRole('link', { name: 'S’identifier avec FranceConnect' })
      .waitFor();
    const buttons = await buttonsOf(page);
    const order = (a: { label?: string; background?: string }, b: typeof a) =>
      `${a.background} ${a.label}`.localeCompare(`${b.background} ${b.label}`);
    assert.deepEqual(buttons.sort(order), [
      // In the light parts: the data button, and the section’s.
      {
        label: 'Récupérer ses données avec FranceConnect',
        help: 'Qu’est-ce que FranceConnect ?',
        background: LIGHT,
        size: [298, 56],
      },
      {
        label: 'S’identifier avec FranceConnect',
        help: 'Qu’est-ce que FranceConnect ?',
        background: LIGHT,
        size: [209, 56],
      },
      // The dark part declares color-scheme: dark, on a computer in light mode.
      {
        label: 'S’identifier avec FranceConnect',
        help: 'Qu’est-ce que FranceConnect ?',
        background: DARK,
        size: [209, 56],
      },
    ]);
    assert.deepEqual(problems, [], 'no console error, no failed file');
    await page.context().close();
  });

  it('works from a web server with its integrity attributes, and a changed file is refused', async () => {
    problems.length = 0;
    const served = join(folder, 'served');
    mkdirSync(served);
    const tags = readFileSync(file('INTEGRITE.txt'), 'utf8')
      .split('\n')
      .filter((line) => /^<(script type="module" src="[^"]*\/franceconnect\.js"|link )/.test(line))
      .map((line) => line.replace('/assets/franceconnect/', '/'));
    assert.equal(tags.length, 2, 'the module and the stylesheet tags');
    const pageOf = (title: string) =>
      `<!doctype html><html lang="fr"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title>${tags.join('')}</head>` +
      `<body><main><h1>${title}</h1><franceconnect-login></franceconnect-login></main></body></html>`;
    writeFileSync(join(served, 'index.html'), pageOf('Connexion'));
    writeFileSync(join(served, 'franceconnect.js'), readFileSync(file('franceconnect.js')));
    writeFileSync(join(served, 'franceconnect.css'), readFileSync(file('franceconnect.css')));
    const server = await serveStatic(served);
    try {
      const page = await open(`${server.url}/`);
      await page.waitForFunction(() => customElements.get('franceconnect-login') !== undefined);
      await page
        .locator('franceconnect-login')
        .getByRole('link', { name: 'S’identifier avec FranceConnect' })
        .waitFor();
      await page.context().close();
      assert.deepEqual(problems, []);

      // One byte changed: the browser refuses the script, nothing is defined.
      const changed = Buffer.from(readFileSync(file('franceconnect.js')));
      changed[changed.length - 2] = changed[changed.length - 2] === 0x3b ? 0x20 : 0x3b;
      writeFileSync(join(served, 'franceconnect.js'), changed);
      const refused = await open(`${server.url}/`);
      await refused.waitForLoadState('load');
      assert.equal(
        await refused.evaluate(() => customElements.get('franceconnect-login') === undefined),
        true,
      );
      assert.ok(
        problems.some((problem) => /integrity/i.test(problem)),
        `Chromium reports the integrity failure: ${problems.join(' | ')}`,
      );
      await refused.context().close();
    } finally {
      await server.close();
    }
  });
});
