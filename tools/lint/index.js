/**
 * The project's ESLint rules (the root eslint.config.js uses them). This folder is an npm
 * workspace so that typescript-eslint resolves the TypeScript 5 installed here: the project builds
 * with TypeScript 7, whose package has no compiler API for it to read.
 *
 * The size limits count lines as Prettier writes them (`npm run format-check` holds the format):
 * a module under 400 lines, a function under 80 (blank lines and comments not counted).
 */
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.bench-build/**',
      'node_modules/**',
      'runs/**',
      'test-results/**',
      'playwright-report/**',
      'tools/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,mts,mjs,js}'],
    languageOptions: {
      globals: globals.node,
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // tests build malformed input on purpose
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'bin/**/*.mjs'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': [
        'error',
        { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
    },
  },
);
