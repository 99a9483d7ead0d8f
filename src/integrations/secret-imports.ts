/** A Vite plugin that fails the build when a held-back test or a private solution enters the module graph. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';
import { parseExerciseMd } from '../lib/exercises/exercise.ts';

/** The `kind` an exercise.md declares, read with the exercise parser; undefined if it does not parse. */
function kindOf(md: string): string | undefined {
  try {
    return parseExerciseMd(readFileSync(md, 'utf8'), md).data.kind;
  } catch {
    return undefined;
  }
}

/** Folders whose files must never be bundled: every held-back test, every private solution. */
export function secretFolders(exercisesRoot: string): string[] {
  if (!existsSync(exercisesRoot)) return [];
  const folders: string[] = [];
  for (const entry of readdirSync(exercisesRoot, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = resolve(exercisesRoot, entry.name);
    folders.push(join(dir, 'tests', 'held-back'), join(dir, 'versions'));
    const md = join(dir, 'exercise.md');
    // A practice exercise's solution is step code the site shows anyway; a private one is secret,
    // and so is one whose frontmatter cannot be read (the content checks report that one).
    if (existsSync(md) && kindOf(md) !== 'practice') folders.push(join(dir, 'solution'));
  }
  return folders;
}

/**
 * The build reads exercises with `fs` and ships only their public parts; this stops the other
 * way in: an `import` (with `?raw`, `?url` or none) of a secret file by any page or script.
 */
export function secretImports(exercisesRoot = 'content/exercises'): Plugin {
  const folders = secretFolders(exercisesRoot).map((f) => f + sep);
  return {
    name: 'tornado-async-lab:secret-imports',
    enforce: 'pre',
    load(id) {
      const file = resolve(id.replace(/^\0/, '').split('?')[0] ?? '');
      const folder = folders.find((f) => file.startsWith(f));
      if (folder) {
        this.error(
          `${file} is a held-back test or a private solution: it must never be part of the site (imported by a page or script)`,
        );
      }
      return null;
    },
  };
}
