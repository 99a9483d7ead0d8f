// @ts-check
import { satteri } from '@astrojs/markdown-satteri';
import { defineConfig } from 'astro/config';
import { headingAnchors } from './src/lib/content/heading-anchors.ts';
import { lazyCode } from './src/integrations/lazy-code.ts';
import { lazyEditorCss } from './src/integrations/lazy-editor-css.ts';
import { pagefind } from './src/integrations/pagefind.ts';
import { secretImports } from './src/integrations/secret-imports.ts';
import { benchFigures } from './src/lib/content/bench-figures.ts';
import { contentErrors } from './src/lib/content/content-errors.ts';
import { refreshContentCache } from './src/lib/content/content-stamp.ts';
import { stepSnippets } from './src/lib/content/step-snippets.ts';

/**
 * Cross-origin isolation: WebContainer needs SharedArrayBuffer, which browsers only grant to
 * isolated pages, and a worker script without COEP is refused under a require-corp page. The same
 * headers are set for static hosts in public/_headers and vercel.json.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const cacheDir = process.env['TAL_CONTENT_ROOT']
  ? './node_modules/.astro-fixtures'
  : './node_modules/.astro';
// Chapters render step files and the workspace markup: when those change, the cached HTML goes.
refreshContentCache({
  cacheDir,
  inputs: [
    'src/lib/content',
    'src/lib/workspace',
    'src/lib/i18n',
    `${process.env['TAL_CONTENT_ROOT'] ?? './content'}/sandboxes`,
  ],
});

export default defineConfig({
  // Builds over fixture content (TAL_CONTENT_ROOT, used by tests) keep their own content cache,
  // so fixture entries never leak into the real site's data store.
  ...(process.env['TAL_CONTENT_ROOT'] ? { cacheDir } : {}),
  // Canonical and hreflang links are absolute; TAL_SITE_URL points them at another host.
  site: process.env['TAL_SITE_URL'] ?? 'https://tornado-async-lab.example',
  trailingSlash: 'ignore',
  server: { port: 4321, headers: isolationHeaders },
  // lazyCode rewrites the pages before pagefind indexes them (it keeps every character of text).
  integrations: [contentErrors(), lazyCode(), pagefind()],
  markdown: {
    processor: satteri({
      mdastPlugins: [stepSnippets, benchFigures],
      hastPlugins: [headingAnchors],
    }),
    shikiConfig: {
      themes: { light: 'github-light-default', dark: 'github-dark-default' },
      langAlias: { ts: 'typescript', py: 'python', sh: 'shell' },
    },
  },
  vite: {
    plugins: [lazyEditorCss(), secretImports()],
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
  },
});
