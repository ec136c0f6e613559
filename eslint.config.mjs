import js from '@eslint/js';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import tseslint from 'typescript-eslint';
import { importBoundaries } from './tools/eslint/import-boundaries.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'simple-import-sort': simpleImportSort, cfn: { rules: { 'import-boundaries': importBoundaries } } },
    rules: {
      'cfn/import-boundaries': 'error',
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      // CloudStack's and AWS's answers are untyped JSON; `any` marks them where they enter.
      '@typescript-eslint/no-explicit-any': 'off',
      // A leading underscore names what is taken apart only to be left out.
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true,
      }],
    },
  },
);
