/** Lists the pages of the built site, so browser tests cover every page without a hand-kept list. */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** URL paths of every built HTML page except the 404 page (which is served with status 404). */
export function builtPages(dist = 'dist'): string[] {
  const pages: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'pagefind' && entry.name !== '_astro') walk(path);
      } else if (entry.name === 'index.html') {
        pages.push(`/${relative(dist, dir)}/`.replace(/\/+/g, '/'));
      }
    }
  };
  walk(dist);
  return pages.sort();
}

/** Chapter pages only: `/zh/NN-slug/` and `/en/NN-slug/`. */
export function chapterPages(dist = 'dist'): string[] {
  return builtPages(dist).filter((p) => /^\/(zh|en)\/\d\d-[^/]+\/$/.test(p));
}
