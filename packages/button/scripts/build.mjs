// @ts-check
// Builds what `tsc -b` (types only) does not:
//   dist/**.js               production modules for bundlers (default export condition), Lit external
//   dist/development/**.js   the same with development warnings (`development` export condition)
//   dist/cdn/*.js            self-contained minified ES modules for a <script type="module"> tag
//   dist/cdn/classic/*.js    the same as classic scripts (<script src defer>): for CMS that cannot add
//                            type="module", and pages opened from the disk (file://), where browsers
//                            refuse module scripts
//   dist/franceconnect.css   the rules that reserve each element's box before it is defined
import { copyFile, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

/**
 * What the module builds leave to the user's bundler: every runtime dependency (and its subpaths), read from
 * package.json so that a new dependency can never be copied into dist/ with source maps pointing at this
 * repository's node_modules.
 */
const { dependencies = {} } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const external = Object.keys(dependencies).map(
  (name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/|$)`),
);

/**
 * Entry points of the package; each element module defines its element when imported. (package.json's
 * `sideEffects` lists them, in src/ too: the bundler reads it while building, and would otherwise drop the
 * definitions.)
 */
const entries = {
  index: 'src/index.ts',
  'franceconnect-button': 'src/franceconnect-button.ts',
  'franceconnect-login': 'src/franceconnect-login.ts',
  'franceconnect-user': 'src/franceconnect-user.ts',
  'franceconnect-profile-form': 'src/franceconnect-profile-form.ts',
  'franceconnect-prefill': 'src/franceconnect-prefill.ts',
  'franceconnect-step-up': 'src/franceconnect-step-up.ts',
  'franceconnect-passkeys': 'src/franceconnect-passkeys.ts',
  'franceconnect-data-mention': 'src/franceconnect-data-mention.ts',
};

/**
 * The CDN bundles: the button alone, the elements of the kit, and, on their own (no Lit), the form filler
 * and the data mention (which carries the catalogue's labels).
 */
const bundles = {
  'franceconnect-button': 'src/franceconnect-button.ts',
  franceconnect: 'src/index.ts',
  'franceconnect-prefill': 'src/franceconnect-prefill.ts',
  'franceconnect-data-mention': 'src/franceconnect-data-mention.ts',
};

/**
 * Collapses our `css` and `html` template literals: comments and indentation are for readers of the source
 * and should not weigh on every page. CSS: comments and insignificant spaces go. HTML: line breaks and
 * their indentation become one space, or nothing between two tags and before a tag's closing `>`.
 * @returns {import('vite').Plugin}
 */
function minifyTemplateLiterals() {
  const css = (/** @type {string} */ text) =>
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':') // a space after a colon is never meaningful in CSS
      .replace(/\s+!important/g, '!important')
      .replace(/([\s:(,-])0\.(\d)/g, '$1.$2')
      .replace(/\s*\/\s*/g, '/')
      .replace(/;}/g, '}')
      .trim();
  const html = (/** @type {string} */ text) =>
    text
      .replace(/>\s*\n\s*</g, '><')
      .replace(/\s*\n\s*>/g, '>')
      .replace(/\s*\n\s*/g, ' ')
      .replace(/\s+\/>/g, '/>');

  /** Index just after the `}` closing the `${` expression that starts at `start`. */
  const skipExpression = (/** @type {string} */ code, /** @type {number} */ start) => {
    let depth = 1;
    let i = start;
    while (depth > 0 && i < code.length) {
      const c = code[i];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === "'" || c === '"') i = code.indexOf(c, i + 1);
      else if (c === '`') i = skipTemplate(code, i + 1) - 1;
      i++;
    }
    return i;
  };
  /** Index just after the backtick closing the template whose text starts at `start`. */
  const skipTemplate = (/** @type {string} */ code, /** @type {number} */ start) => {
    let i = start;
    while (i < code.length && code[i] !== '`') {
      if (code[i] === '\\') i += 2;
      else if (code[i] === '$' && code[i + 1] === '{') i = skipExpression(code, i + 2);
      else i++;
    }
    return i + 1;
  };
  /** Rewrites the static parts of every `tag\`…\`` template in `code`, recursing into expressions. */
  const rewrite = (/** @type {string} */ code) => {
    let out = '';
    let i = 0;
    for (const match of code.matchAll(/\b(css|html)`/g)) {
      const start = /** @type {number} */ (match.index) + match[0].length;
      if (start <= i) continue; // inside a template already rewritten
      const minify = match[1] === 'css' ? css : html;
      out += code.slice(i, start);
      let j = start;
      let part = '';
      while (code[j] !== '`') {
        if (code[j] === '$' && code[j + 1] === '{') {
          const end = skipExpression(code, j + 2);
          out += minify(part) + '${' + rewrite(code.slice(j + 2, end - 1)) + '}';
          part = '';
          j = end;
        } else {
          part += code[j];
          j++;
        }
      }
      out += minify(part) + '`';
      i = j + 1;
    }
    return out + code.slice(i);
  };
  return {
    name: 'franceconnect:minify-template-literals',
    transform(code, id) {
      if (!id.startsWith(join(root, 'src'))) return null;
      // Only template contents change, so the incoming source map stays close enough.
      return { code: rewrite(code), map: null };
    },
  };
}

/** Removes the JavaScript of the previous build, keeping the declarations `tsc -b` wrote. */
async function cleanJavaScript(directory) {
  for (const entry of await readdir(directory, { withFileTypes: true }).catch(() => [])) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'development' || entry.name === 'cdn')
        await rm(path, { recursive: true, force: true });
      else await cleanJavaScript(path);
    } else if (/\.js(\.map)?$/.test(entry.name)) {
      await rm(path);
    }
  }
}

/** @param {{ dev: boolean }} options @returns {Promise<void>} */
async function buildModules({ dev }) {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    define: { __DEV__: String(dev) },
    plugins: [minifyTemplateLiterals()],
    build: {
      outDir: dev ? 'dist/development' : 'dist',
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      lib: { entry: entries, formats: ['es'] },
      rolldownOptions: {
        // Lit's own packages (lit-html, @lit/reactive-element) come with lit: bundlers resolve them too.
        external: [...external, /^@lit\//, /^lit-html(\/|$)/, /^lit-element(\/|$)/],
        output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
      },
    },
  });
}

/** Global names of the classic scripts (their exports: the elements' classes). */
const globals = {
  'franceconnect-button': 'FranceConnectKit',
  franceconnect: 'FranceConnectKit',
  'franceconnect-prefill': 'FranceConnectKitPrefill',
  'franceconnect-step-up': 'FranceConnectKitStepUp',
  'franceconnect-passkeys': 'FranceConnectKitPasskeys',
  'franceconnect-data-mention': 'FranceConnectKitDataMention',
};

/** @param {string} name @param {string} entry @param {'es' | 'iife'} format @returns {Promise<void>} */
async function buildBundle(name, entry, format) {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    define: { __DEV__: 'false' },
    plugins: [minifyTemplateLiterals()],
    build: {
      outDir: format === 'es' ? 'dist/cdn' : 'dist/cdn/classic',
      emptyOutDir: false,
      target: 'es2022',
      lib: {
        entry,
        formats: [format],
        fileName: () => `${name}.js`,
        name: globals[/** @type {keyof typeof globals} */ (name)],
      },
      // Lib mode keeps whitespace and pure annotations in ES output for later tree-shaking; these bundles
      // are final, so neither serves.
      rolldownOptions: { output: { minify: true, comments: { annotation: false } } },
    },
  });
}

await cleanJavaScript(dist);
await buildModules({ dev: false });
await buildModules({ dev: true });
for (const [name, entry] of Object.entries(bundles)) {
  await buildBundle(name, entry, 'es');
  await buildBundle(name, entry, 'iife');
}
await copyFile(join(root, 'src/franceconnect.css'), join(dist, 'franceconnect.css'));
