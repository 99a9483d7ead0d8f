/** Keeps built pages light and steady: long code blocks ship as plain text and fetch their colours when scrolled near, and every block states its height before it is laid out. */
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
 * Gives a block's line count to CSS as `--lines`. Chapter blocks are laid out only when scrolled
 * near (content-visibility), and until then take the height CSS computes from it: code does not
 * wrap, so the estimate is exact and the page does not jump as the reader scrolls (a jump there
 * once moved the pager away between a press and a release, and the click was lost).
 */
function withLines(open: string, inner: string): string {
  const lines = (inner.match(/\n/g)?.length ?? 0) + 1;
  const sized = open.includes(' style="')
    ? open.replace(' style="', ` style="--lines:${lines};`)
    : `${open} style="--lines:${lines}"`;
  // Code stays searchable but weighs less than prose, so a result's excerpt and section come from
  // the explanation of a word rather than from the lines that use it.
  return `${sized} data-pagefind-weight="${CODE_WEIGHT}"`;
}

/** Pagefind's weight for words in code (prose is 1). */
export const CODE_WEIGHT = 0.2;

/**
 * Replaces each long Shiki block in `html` by its plain text (the same characters, so it reads and
 * indexes without JavaScript) and a `data-highlight` URL; `fragments` receives the highlighted
 * markup by file name, content-addressed so both languages share one copy of the same code.
 * Every Shiki block, long or short, gets its `--lines`.
 */
export function deferCode(
  html: string,
  fragments: Map<string, string>,
): { html: string; deferred: number } {
  let deferred = 0;
  const out = html.replace(SHIKI_BLOCK, (_block, tag: string, inner: string) => {
    const open = withLines(tag, inner);
    if ((inner.match(/<span/g)?.length ?? 0) < MIN_SPANS)
      return `${open}><code>${inner}</code></pre>`;
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
          const page = await readFile(path, 'utf8');
          const { html, deferred } = deferCode(page, fragments);
          blocks += deferred;
          if (html !== page) await writeFile(path, html);
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
