/** Drops Astro's cached chapter HTML when the code or the steps that render it change, which Astro itself does not notice. */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir` (recursively), sorted, so the stamp does not depend on listing order. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

/**
 * The content layer caches each chapter's rendered HTML by the chapter's own text. A chapter's
 * workspaces and snippets also come from the steps and from the Markdown plugins, so a change
 * there would be served stale until the cache is cleared by hand. This hashes those sources and
 * removes the data store when the hash moved; the next build renders every chapter afresh.
 */
export function refreshContentCache(options: { cacheDir: string; inputs: string[] }): boolean {
  const hash = createHash('sha256');
  for (const input of options.inputs)
    for (const file of filesUnder(input)) hash.update(file).update('\0').update(readFileSync(file));
  const stamp = hash.digest('hex');
  const stampFile = join(options.cacheDir, 'tal-content-stamp');
  const before = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : '';
  if (before === stamp) return false;
  rmSync(join(options.cacheDir, 'data-store.json'), { force: true });
  mkdirSync(options.cacheDir, { recursive: true });
  writeFileSync(stampFile, stamp);
  return true;
}
