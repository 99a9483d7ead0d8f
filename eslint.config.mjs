// @ts-check
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Site code may not import tests, nor lesson code except through src/lib/lesson. */
const boundaries = [
  {
    group: ['**/tests/**'],
    message: 'Site code never imports from tests/: move what it needs into src/lib.',
  },
  {
    group: ['**/content/sandboxes/**'],
    message:
      'Import lesson code through src/lib/lesson (the one entry), so reshaping a step changes one file.',
  },
];
/** Library code must not reach up into pages or components (imports point one way). */
const oneWay = { group: ['**/components/**', '**/pages/**', '**/layouts/**'] };
/** YAML has two readers: step.yaml in step-yaml.ts, frontmatter and assignments in theirs. */
const yamlOnce = {
  name: 'yaml',
  message: 'step.yaml is read by src/lib/content/step-yaml.ts alone; use readStep().',
};
const yamlReaders = [
  'src/lib/content/step-yaml.ts',
  'src/lib/exercises/exercise.ts',
  'src/cli/link.ts',
  'src/lib/exercises/course-files.ts',
  'src/cli/course.ts',
];

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
    files: ['src/**/*.ts', 'src/**/*.astro'],
    rules: { 'no-restricted-imports': ['error', { patterns: boundaries, paths: [yamlOnce] }] },
  },
  {
    // Every line counts (blank and comment lines too): a file or function this long needs parts.
    files: ['src/**/*.ts', 'src/**/*.astro'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': [
        'error',
        { max: 80, skipBlankLines: false, skipComments: false, IIFEs: true },
      ],
    },
  },
  {
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [oneWay, ...boundaries], paths: [yamlOnce] }],
    },
  },
  {
    // The entry itself is the one place that may name a step's files.
    files: ['src/lib/lesson/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [oneWay, boundaries[0]] }] },
  },
  {
    files: yamlReaders,
    rules: { 'no-restricted-imports': ['error', { patterns: [oneWay, ...boundaries] }] },
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
