/** Keeps built pages light: long highlighted code blocks ship as plain text and fetch their colours when scrolled near. */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** Where the highlighted fragments go, relative to the site root. */
export const FRAGMENT_DIR = '_code';

/**
 * Blocks with fewer token spans than this stay highlighted in the page: fetching them would cost
 * more than the few elements they add.
 */
export const MIN_SPANS = 24;

const SHIKI_BLOCK = /(<pre class="astro-code[^"]*"[^>]*)><code>([\s\S]*?)<\/code><\/pre>/g;

/**
 * Replaces each long Shiki block in `html` by its plain text (the same characters, so it reads and
 * indexes without JavaScript) and a `data-highlight` URL; `fragments` receives the highlighted
 * markup by file name, content-addressed so both languages share one copy of the same code.
 */
export function deferCode(
  html: string,
  fragments: Map<string, string>,
): { html: string; deferred: number } {
  let deferred = 0;
  const out = html.replace(SHIKI_BLOCK, (block, open: string, inner: string) => {
    if ((inner.match(/<span/g)?.length ?? 0) < MIN_SPANS) return block;
    const name = `${createHash('sha256').update(inner).digest('hex').slice(0, 16)}.txt`;
    fragments.set(name, inner);
    deferred += 1;
    // Shiki only puts tags around the text; entities stay escaped, so the text is unchanged.
    const plain = inner.replace(/<[^>]*>/g, '');
    return `${open} data-highlight="/${FRAGMENT_DIR}/${name}"><code>${plain}</code></pre>`;
  });
  return { html: out, deferred };
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => !path.includes(`/pagefind/`) && !path.includes(`/${FRAGMENT_DIR}/`));
}

/** Rewrites every built page; must run before the search index is built (text is kept either way). */
export function lazyCode(): AstroIntegration {
  return {
    name: 'tornado-async-lab:lazy-code',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const fragments = new Map<string, string>();
        let blocks = 0;
        for (const path of await htmlFiles(site)) {
          const { html, deferred } = deferCode(await readFile(path, 'utf8'), fragments);
          if (deferred === 0) continue;
          blocks += deferred;
          await writeFile(path, html);
        }
        await mkdir(join(site, FRAGMENT_DIR), { recursive: true });
        for (const [name, inner] of fragments)
          await writeFile(join(site, FRAGMENT_DIR, name), inner);
        logger.info(
          `${blocks} code blocks load their highlighting on approach (${fragments.size} files)`,
        );
      },
    },
  };
}
