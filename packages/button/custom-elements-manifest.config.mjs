import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

// `cem analyze` (run by `npm run build`): writes custom-elements.json, the manifest that IDEs, Storybook
// and documentation tools read. A config file rather than flags: the analyzer joins --outdir to the
// working directory and its --packagejson flag cannot be turned off from the command line.

/**
 * The elements are registered with our `define('tag', Class)` (tolerant of double loading), which the
 * analyzer does not know: record each call as the module's custom-element definition, as it does for
 * `customElements.define`.
 * @returns {import('@custom-elements-manifest/analyzer').Plugin}
 */
function defineCalls() {
  return {
    name: 'franceconnect:define-calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (
        !ts.isCallExpression(node) ||
        !ts.isIdentifier(node.expression) ||
        node.expression.text !== 'define'
      ) {
        return;
      }
      const [tag, constructor] = node.arguments;
      if (!tag || !constructor || !ts.isStringLiteral(tag) || !ts.isIdentifier(constructor)) return;
      // The module that declares the class: the one it is imported from, else this one.
      const source = node
        .getSourceFile()
        .statements.find(
          (statement) =>
            ts.isImportDeclaration(statement) &&
            statement.importClause?.namedBindings &&
            ts.isNamedImports(statement.importClause.namedBindings) &&
            statement.importClause.namedBindings.elements.some(
              (element) => element.name.text === constructor.text,
            ),
        );
      const specifier =
        source && ts.isImportDeclaration(source) && ts.isStringLiteral(source.moduleSpecifier)
          ? source.moduleSpecifier.text
          : undefined;
      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        {
          kind: 'custom-element-definition',
          name: tag.text,
          declaration: {
            name: constructor.text,
            module: specifier
              ? new URL(specifier, `file:///${moduleDoc.path}`).pathname.slice(1).replace(/\.js$/, '.ts')
              : moduleDoc.path,
          },
        },
      ];
    },
  };
}

/**
 * Every path of the manifest names a file the package ships, from its root, as the schema asks (« the
 * JavaScript file needed to be imported, not the TypeScript file »): the analyzer writes the sources,
 * and module references as they were written in them (`./internal/theme.js`, `/src/…`). The production
 * module when there is one, else the development one (modules only the development build has, such as
 * its placement checks), else the declaration (type-only modules). A path that names no file fails the
 * build.
 * @returns {import('@custom-elements-manifest/analyzer').Plugin}
 */
function shippedPaths() {
  const root = fileURLToPath(new URL('.', import.meta.url));
  /** @param {string} source a path under src/, `.ts` or `.js` */
  const shipped = (source) => {
    const stem = source.replace(/^src\//, '').replace(/\.(ts|js)$/, '');
    const candidates = [`dist/${stem}.js`, `dist/development/${stem}.js`, `dist/${stem}.d.ts`];
    const found = candidates.find((candidate) => existsSync(join(root, candidate)));
    if (!found)
      throw new Error(`custom-elements.json: ${source} has no shipped file (${candidates.join(', ')})`);
    return found;
  };
  /** A module reference, as written in `from` (relative to `from`, absolute from the root, or from the root). */
  const resolveReference = (reference, from) =>
    reference.startsWith('.') ? posix.join(posix.dirname(from), reference) : reference.replace(/^\//, '');
  return {
    name: 'franceconnect:shipped-paths',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        const source = module.path;
        const rewrite = (/** @type {any} */ node) => {
          if (Array.isArray(node)) node.forEach(rewrite);
          else if (node && typeof node === 'object') {
            for (const [key, value] of Object.entries(node)) {
              if (key === 'module' && typeof value === 'string')
                node[key] = shipped(resolveReference(value, source));
              else rewrite(value);
            }
          }
        };
        rewrite(module.declarations ?? []);
        rewrite(module.exports ?? []);
        module.path = shipped(source);
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.d.ts', 'src/internal/define.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
  plugins: [defineCalls(), shippedPaths()],
};
