/** Lists the pages of the built site, so browser tests cover every page without a hand-kept list. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The built site the browser tests run against. */
export const DIST = process.env['TAL_E2E_DIST'] ?? 'dist';

/** URL paths of every built HTML page except the 404 page (which is served with status 404). */
export function builtPages(dist = DIST): string[] {
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
export function chapterPages(dist = DIST): string[] {
  return builtPages(dist).filter((p) => /^\/(zh|en)\/\d\d-[^/]+\/$/.test(p));
}

/** The first page (English first) that embeds a workspace for `step`, or throws. */
export function pageWithStep(step: string, dist = DIST): string {
  const pages = chapterPages(dist).sort(
    (a, b) => Number(b.startsWith('/en/')) - Number(a.startsWith('/en/')),
  );
  const found = pages.find((p) =>
    readFileSync(`${dist}${p}index.html`, 'utf8').includes(`data-step="${step}"`),
  );
  if (!found) throw new Error(`no chapter page embeds step ${step}`);
  return found;
}
