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

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.d.ts', 'src/internal/define.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
  plugins: [defineCalls()],
};
