// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';
import { configs as wcConfigs } from 'eslint-plugin-wc';
import globals from 'globals';

const browserCode = [
  'packages/button/src/**/*.ts',
  'test/button/**/*.ts',
  'stories/**/*.ts',
  'demo/src/**/*.ts',
  'demo/public/**/*.js',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.tsbuild/**',
      'storybook-static/**',
      'coverage/**',
      'var/**',
      '**/*.d.ts',
      '**/*.d.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: browserCode,
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['packages/button/src/**/*.ts', 'stories/**/*.ts', 'test/button/**/*.ts'],
    ...litConfigs['flat/recommended'],
  },
  {
    files: ['packages/button/src/**/*.ts'],
    ...wcConfigs['flat/recommended'],
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // node:test's describe/it return promises that the runner awaits itself.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['describe', 'it', 'test', 'suite'], package: 'node:test' },
          ],
        },
      ],
    },
  },
  {
    // Chai idioms: `expect(x).to.exist` is an expression, and @open-wc/testing types `.equal()` as a
    // promise (semantic DOM diff). Awaiting `.accessible()` remains the test author's job.
    files: ['test/button/**/*.ts', 'stories/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    // `npm start` builds the packages before starting them: on a fresh clone their dist/ does not exist
    // until then, so they may only be imported dynamically, after the build.
    files: ['scripts/start.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@franceconnect-kit/*', '../demo/*'],
              allowTypeImports: true,
              message: 'npm start builds this first: import it with await import() after the build.',
            },
          ],
        },
      ],
    },
  },
);
