// @ts-check
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Exercise files import step files by the layout they run in (see docs/exercises.md), not the repo's.
    ignores: [
      'dist/',
      '.astro/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'content/exercises/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // The sandboxes are their own TypeScript project (no DOM, no Node types; the Node bridge apart).
    files: ['content/sandboxes/**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: [
          'content/sandboxes/_template/tsconfig.json',
          'content/sandboxes/_template/tsconfig.node.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  ...astro.configs.recommended,
  {
    // Astro's parser does not expose type information for frontmatter scripts.
    files: ['**/*.astro', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Library code must not reach up into pages or components (imports point one way).
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/components/**', '**/pages/**', '**/layouts/**'] },
      ],
    },
  },
  {
    // Step code runs in a Web Worker, in WebContainer and in Node: it may not touch Node's modules.
    files: ['content/sandboxes/[0-9]*/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*'] }],
    },
  },
  prettier,
);
