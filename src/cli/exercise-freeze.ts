/** `exercise:freeze <id>`: saves the current version's snapshot so links pinned to it keep working after edits. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExercise, ROOTS, snapshotOf } from '../lib/exercises/exercise.ts';

/** Entry point of `exercise:freeze`. */
export function main(argv: string[]): number {
  const ids = argv.filter((a) => !a.startsWith('-'));
  if (ids.length === 0) {
    process.stderr.write('usage: exercise:freeze <id…>\n');
    return 2;
  }
  for (const id of ids) {
    const snapshot = snapshotOf(loadExercise(id));
    const dir = join(ROOTS.exercises, id, 'versions');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${snapshot.pin}.json`);
    writeFileSync(file, `${JSON.stringify(snapshot, null, 1)}\n`);
    process.stdout.write(`${file}\n`);
  }
  return 0;
}
