/**
 * Keeps the step files that exercises copy in step with their step: an exercise with its own
 * starter/ and solution/ that extends a step file (web.ts with a new method) gets each later
 * change to that file by a three-way merge against the version it was built on, recorded in
 * content/exercises/exercises.lock.json, the way steps:sync carries a step forward.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blobId, hasConflictMarkers, mergeChange, type SyncAction } from '../content/step-sync.ts';
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

/** What one run of {@link syncExercises} reads from and collects. */
interface ExerciseSyncRun {
  exercises: string;
  sandboxes: string;
  options: ExerciseSyncOptions;
  lock: ExerciseLock;
  actions: SyncAction[];
  /** Merged texts by path, written only with `write`. */
  writes: Map<string, string>;
}

/** One exercise's copy (`starter/web.ts` or `solution/web.ts`) of a step file. */
interface Copy {
  id: string;
  /** The step the exercise extends. */
  step: string;
  /** The step file's bare name. */
  name: string;
  /** The copy, by tier: `starter/web.ts`. */
  file: string;
}

/** Merges each step change into the exercises' copies of that step file; returns every action. */
export function syncExercises(options: ExerciseSyncOptions = {}): SyncAction[] {
  const exercises = options.exercises ?? 'content/exercises';
  const sandboxes = options.sandboxes ?? 'content/sandboxes';
  const lockFile = join(exercises, EXERCISE_LOCK_FILE);
  const lock = existsSync(lockFile)
    ? (JSON.parse(readFileSync(lockFile, 'utf8')) as ExerciseLock)
    : {};
  const run: ExerciseSyncRun = {
    exercises,
    sandboxes,
    options,
    lock,
    actions: [],
    writes: new Map(),
  };
  const next: ExerciseLock = {};
  for (const id of exerciseIds({ exercises, sandboxes })) {
    const entries = syncExercise(run, id);
    if (Object.keys(entries).length > 0) next[id] = entries;
  }
  if (options.write) {
    for (const [path, text] of run.writes) writeFileSync(path, text);
    writeFileSync(lockFile, `${JSON.stringify(next, null, 2)}\n`);
  }
  return run.actions;
}

/** Brings one exercise's copies of step files up to date; returns its lock entries. */
function syncExercise(run: ExerciseSyncRun, id: string): Record<string, string> {
  const mdFile = join(run.exercises, id, 'exercise.md');
  const { data } = parseExerciseMd(readFileSync(mdFile, 'utf8'), mdFile);
  const entries: Record<string, string> = {};
  // A cut exercise is derived from its step already; a demo (main.ts) is the exercise's own.
  if (data.cut) return entries;
  for (const name of data.editable.filter((n) => n !== 'main.ts')) {
    const stepFile = join(run.sandboxes, data.step, name);
    if (!existsSync(stepFile)) continue; // a file of the exercise's own, such as locks.ts
    const theirs = readFileSync(stepFile, 'utf8');
    for (const tier of ['starter', 'solution']) {
      syncCopy(run, { id, step: data.step, name, file: `${tier}/${name}` }, theirs, entries);
    }
  }
  for (const file of Object.keys(run.lock[id] ?? {})) {
    if (!(file in entries)) {
      run.actions.push({
        step: id,
        file,
        kind: 'record',
        detail: 'no longer a step file: dropped',
      });
    }
  }
  return entries;
}

/** Merges the step file's change (`theirs`) into one copy, recording its base in `entries`. */
function syncCopy(
  run: ExerciseSyncRun,
  copy: Copy,
  theirs: string,
  entries: Record<string, string>,
): void {
  const { id, file } = copy;
  const from = `${copy.step}/${copy.name}`;
  const path = join(run.exercises, id, file);
  const current = blobId(theirs);
  const base = run.lock[id]?.[file];
  entries[file] = current;
  if (base === current) return;
  const ours = readFileSync(path, 'utf8');
  if (base === undefined || run.options.accept) {
    if (hasConflictMarkers(ours)) {
      if (base !== undefined) entries[file] = base;
      run.actions.push({ step: id, file, kind: 'conflict', detail: 'still has conflict markers' });
      return;
    }
    const detail = base === undefined ? `built on ${from} as it is` : `merged by hand with ${from}`;
    run.actions.push({ step: id, file, kind: 'record', detail });
    return;
  }
  const merged = mergeChange(ours, base, theirs, { ours: `${id}/${file}`, from }, run.sandboxes);
  if (merged.text !== undefined) run.writes.set(path, merged.text);
  if (merged.kind === 'conflict') entries[file] = base;
  run.actions.push({ step: id, file, kind: merged.kind, detail: merged.detail });
}
