/**
 * Keeps the step files that exercises copy in step with their step: an exercise with its own
 * starter/ and solution/ that extends a step file (web.ts with a new method) gets each later
 * change to that file by a three-way merge against the version it was built on, recorded in
 * content/exercises/exercises.lock.json, the way steps:sync carries a step forward.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blobId, gitBlob, mergeFile, type SyncAction } from '../content/step-sync.ts';
import { exerciseIds, parseExerciseMd } from './exercise.ts';

/** The lock's file name inside the exercises folder. */
export const EXERCISE_LOCK_FILE = 'exercises.lock.json';

/** For each exercise, each copied step file by tier (`starter/web.ts`): the blob id of the step file it was built on. */
export type ExerciseLock = Record<string, Record<string, string>>;

/** Options for {@link syncExercises}. */
export interface ExerciseSyncOptions {
  exercises?: string;
  sandboxes?: string;
  /** Write merged files and the lock; otherwise only report. */
  write?: boolean;
  /** After resolving conflicts by hand: record the current step file as the base. */
  accept?: boolean;
}

/** Merges each step change into the exercises' copies of that step file; returns every action. */
export function syncExercises(options: ExerciseSyncOptions = {}): SyncAction[] {
  const exercises = options.exercises ?? 'content/exercises';
  const sandboxes = options.sandboxes ?? 'content/sandboxes';
  const lockFile = join(exercises, EXERCISE_LOCK_FILE);
  const lock = existsSync(lockFile)
    ? (JSON.parse(readFileSync(lockFile, 'utf8')) as ExerciseLock)
    : {};
  const next: ExerciseLock = {};
  const actions: SyncAction[] = [];
  const writes = new Map<string, string>();
  const ids = exerciseIds({ exercises, sandboxes });
  for (const id of ids) {
    const mdFile = join(exercises, id, 'exercise.md');
    const { data } = parseExerciseMd(readFileSync(mdFile, 'utf8'), mdFile);
    // A cut exercise is derived from its step already; a demo (main.ts) is the exercise's own.
    if (data.cut) continue;
    const entries: Record<string, string> = {};
    for (const name of data.editable.filter((n) => n !== 'main.ts')) {
      const stepFile = join(sandboxes, data.step, name);
      if (!existsSync(stepFile)) continue; // a file of the exercise's own, such as locks.ts
      const theirs = readFileSync(stepFile, 'utf8');
      const current = blobId(theirs);
      for (const tier of ['starter', 'solution']) {
        const file = `${tier}/${name}`;
        const path = join(exercises, id, file);
        const base = lock[id]?.[file];
        entries[file] = current;
        if (base === current) continue;
        const ours = readFileSync(path, 'utf8');
        if (base === undefined || options.accept) {
          if (/^(<{7}|>{7}) /m.test(ours)) {
            if (base !== undefined) entries[file] = base;
            actions.push({
              step: id,
              file,
              kind: 'conflict',
              detail: 'still has conflict markers',
            });
            continue;
          }
          const detail =
            base === undefined
              ? `built on ${data.step}/${name} as it is`
              : `merged by hand with ${data.step}/${name}`;
          actions.push({ step: id, file, kind: 'record', detail });
          continue;
        }
        const baseText = gitBlob(base, sandboxes);
        if (baseText === null) {
          entries[file] = base;
          actions.push({
            step: id,
            file,
            kind: 'conflict',
            detail: `the base ${base.slice(0, 10)} is not in git history: merge ${data.step}/${name} by hand, then run steps:sync --accept`,
          });
          continue;
        }
        const merged = mergeFile(ours, baseText, theirs, [
          `${id}/${file}`,
          `${data.step}/${name} (last synced)`,
          `${data.step}/${name}`,
        ]);
        writes.set(path, merged.text);
        if (merged.conflicts > 0) {
          entries[file] = base;
          actions.push({
            step: id,
            file,
            kind: 'conflict',
            detail: `${merged.conflicts} conflict(s) merging the change in ${data.step}/${name}: resolve the markers, then run steps:sync --accept`,
          });
        } else {
          actions.push({
            step: id,
            file,
            kind: 'merge',
            detail: `merged the change in ${data.step}/${name}`,
          });
        }
      }
    }
    for (const file of Object.keys(lock[id] ?? {})) {
      if (!(file in entries)) {
        actions.push({ step: id, file, kind: 'record', detail: 'no longer a step file: dropped' });
      }
    }
    if (Object.keys(entries).length > 0) next[id] = entries;
  }
  if (options.write) {
    for (const [path, text] of writes) writeFileSync(path, text);
    writeFileSync(lockFile, `${JSON.stringify(next, null, 2)}\n`);
  }
  return actions;
}
