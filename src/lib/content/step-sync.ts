/**
 * Keeps the steps' copies derived from one source: a file a step does not change is the previous
 * step's file, and a file it changes is carried forward by a three-way merge (`git merge-file`)
 * against the version of the previous step it was last synced with, recorded in steps.lock.json.
 * A step's demo (its entry, `main.ts`) is its own program and is never merged. A step's checks
 * include every check of the step before it, carried and merged the same way.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkNames, readStep, SANDBOXES, stepIds } from './step-yaml.ts';

/** The lock's file name inside the sandboxes folder. */
export const LOCK_FILE = 'steps.lock.json';

/** For each step, each file it changes that the previous step has: the blob id of the previous step's file it was built on. */
export type StepLock = Record<string, Record<string, string>>;

/** One thing sync did or would do. */
export interface SyncAction {
  step: string;
  file: string;
  /** copy: a carried file differs from the previous step's; merge: the previous step's file changed since the last sync; conflict: the merge needs a person; record: the lock lacks or has a stale entry. */
  kind: 'copy' | 'merge' | 'conflict' | 'record';
  detail: string;
}

/** Git's blob id of a text: `git cat-file -p <id>` gives it back while it is in the history. */
export function blobId(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Reads the lock (empty when there is none yet). */
export function readLock(root = SANDBOXES): StepLock {
  const file = join(root, LOCK_FILE);
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, 'utf8')) as StepLock;
}

/** A base text by blob id, from the git history of the project; null when git does not have it. */
export function gitBlob(id: string, cwd: string): string | null {
  const result = spawnSync('git', ['cat-file', 'blob', id], { cwd, encoding: 'utf8' });
  return result.status === 0 ? result.stdout : null;
}

/** Three-way merge of `ours` (the later step) with the change from `base` to `theirs` (the earlier step). */
export function mergeFile(
  ours: string,
  base: string,
  theirs: string,
  labels: [string, string, string],
): { text: string; conflicts: number } {
  const dir = mkdtempSync(join(tmpdir(), 'steps-sync-'));
  try {
    const paths = ['ours', 'base', 'theirs'].map((name) => join(dir, name));
    [ours, base, theirs].forEach((text, i) => writeFileSync(paths[i] as string, text));
    const args = ['merge-file', '-p', ...labels.flatMap((l) => ['-L', l]), ...paths];
    const result = spawnSync('git', args, { encoding: 'utf8' });
    // git merge-file exits with the number of conflicts, or a negative number on error.
    if (result.status === null || result.status < 0 || result.status > 127) {
      throw new Error(`git merge-file failed: ${result.stderr || result.error?.message}`);
    }
    return { text: result.stdout, conflicts: result.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether a file still has the conflict markers a merge left in it. */
export function hasConflictMarkers(text: string): boolean {
  return /^(<{7}|>{7}) /m.test(text);
}

/** What carrying a change forward did: merged cleanly, or left for a person. */
export interface MergeOutcome {
  kind: 'merge' | 'conflict';
  detail: string;
  /** The merged text, with conflict markers if any; absent when there was nothing to merge from. */
  text?: string;
}

/**
 * Carries the change made to `from` (the file `theirs` was read from) since the version with blob
 * id `base` into `ours`, labelled `oursLabel` in conflict markers. A base git no longer has, or a
 * merge with conflicts, needs a person: the outcome says what to do.
 */
export function mergeChange(
  ours: string,
  base: string,
  theirs: string,
  labels: { ours: string; from: string },
  cwd: string,
): MergeOutcome {
  const { from } = labels;
  const baseText = gitBlob(base, cwd);
  if (baseText === null) {
    return {
      kind: 'conflict',
      detail: `the base ${base.slice(0, 10)} is not in git history: merge ${from} by hand, then run steps:sync --accept`,
    };
  }
  const merged = mergeFile(ours, baseText, theirs, [labels.ours, `${from} (last synced)`, from]);
  if (merged.conflicts > 0) {
    return {
      kind: 'conflict',
      text: merged.text,
      detail: `${merged.conflicts} conflict(s) merging the change in ${from}: resolve the markers, then run steps:sync --accept`,
    };
  }
  return { kind: 'merge', text: merged.text, detail: `merged the change in ${from}` };
}

/** Options for {@link syncSteps}. */
export interface SyncOptions {
  root?: string;
  /** Write the derived files and the lock; otherwise only report what would change. */
  write?: boolean;
  /**
   * After a conflict was resolved by hand: the first file of each name whose base is stale is
   * taken as merged (its base is recorded); the steps after it are merged from it as usual.
   */
  accept?: boolean;
}

/** What one run of {@link syncSteps} carries from step to step. */
interface SyncRun {
  root: string;
  options: SyncOptions;
  lock: StepLock;
  actions: SyncAction[];
  /** Derived texts by `step/file`, kept in memory so a change reaches every later step in one run. */
  texts: Map<string, string>;
  /** A file left with conflict markers is not carried further until a person resolves it. */
  blocked: Set<string>;
  /** Files taken as merged by hand in this run: only the first step of each name is. */
  accepted: Set<string>;
}

/** One file a step derives from the step before it. */
interface Derived {
  step: string;
  previous: string;
  file: string;
  /** Carried as it is (a copy), rather than changed here and merged. */
  carried: boolean;
}

/**
 * Walks the steps in order, deriving each from the one before (in memory, so a change in step 01
 * reaches step 10 in one run). Returns every action; with `write`, applies them, leaving conflict
 * markers in files that need a person and not advancing their lock entry.
 */
export function syncSteps(options: SyncOptions = {}): SyncAction[] {
  const root = options.root ?? SANDBOXES;
  const run: SyncRun = {
    root,
    options,
    lock: readLock(root),
    actions: [],
    texts: new Map(),
    blocked: new Set(),
    accepted: new Set(),
  };
  const next: StepLock = {};
  const ids = stepIds(root);
  for (const [index, step] of ids.entries()) {
    const previous = index > 0 ? ids[index - 1] : undefined;
    if (previous === undefined) continue;
    const entries = syncStep(run, step, previous);
    if (Object.keys(entries).length > 0) next[step] = entries;
  }
  if (options.write) {
    for (const [path, text] of run.texts) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    writeFileSync(join(root, LOCK_FILE), `${JSON.stringify(next, null, 2)}\n`);
  }
  return run.actions;
}

/** A file's text as this run has derived it so far. */
function read(run: SyncRun, step: string, file: string): string {
  return run.texts.get(`${step}/${file}`) ?? readFileSync(join(run.root, step, file), 'utf8');
}

/** Derives `step` from `previous`; returns the step's lock entries. */
function syncStep(run: SyncRun, step: string, previous: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const derived of derivedFiles(run, step, previous)) syncFile(run, derived, entries);
  for (const file of Object.keys(run.lock[step] ?? {})) {
    if (!(file in entries)) {
      run.actions.push({ step, file, kind: 'record', detail: 'no longer changed here: dropped' });
    }
  }
  return entries;
}

/** The files `step` derives from `previous`; a check `step` lacks is copied over first. */
function derivedFiles(run: SyncRun, step: string, previous: string): Derived[] {
  const { files, changes, entry } = readStep(step, run.root);
  const before = new Set(readStep(previous, run.root).files);
  // Code files the step carries as they are, or changes; its demo is its own.
  const derived = files
    .filter((file) => before.has(file) && !(file === entry && changes.includes(file)))
    .map((file) => ({ step, previous, file, carried: !changes.includes(file) }));
  // Every check of the step before carries on, merged with any edits made here, so a later
  // step keeps proving what the earlier ones built.
  const carriedChecks = [...run.texts.keys()].flatMap((path) =>
    path.startsWith(`${previous}/check/`) ? [path.slice(previous.length + 7)] : [],
  );
  for (const name of new Set([...checkNames(previous, run.root), ...carriedChecks])) {
    const file = `check/${name}`;
    if (!existsSync(join(run.root, step, file)) && !run.texts.has(`${step}/${file}`)) {
      run.actions.push({ step, file, kind: 'copy', detail: `carried from ${previous}` });
      run.texts.set(`${step}/${file}`, read(run, previous, file));
    }
    derived.push({ step, previous, file, carried: false });
  }
  return derived;
}

/** Brings one derived file up to date with the step before, recording its base in `entries`. */
function syncFile(run: SyncRun, derived: Derived, entries: Record<string, string>): void {
  const { step, previous, file, carried } = derived;
  const { actions, blocked } = run;
  if (blocked.has(file)) {
    const kept = run.lock[step]?.[file];
    if (kept !== undefined) entries[file] = kept;
    actions.push({ step, file, kind: 'conflict', detail: 'waits for the conflict before it' });
    return;
  }
  const theirs = read(run, previous, file);
  const ours = read(run, step, file);
  if (carried) {
    if (ours !== theirs) {
      actions.push({ step, file, kind: 'copy', detail: `carried from ${previous}` });
      run.texts.set(`${step}/${file}`, theirs);
    }
    return;
  }
  const current = blobId(theirs);
  const base = run.lock[step]?.[file];
  entries[file] = current;
  if (base === current) return;
  if (run.options.accept && !run.accepted.has(file) && base !== undefined) {
    run.accepted.add(file);
    if (hasConflictMarkers(ours)) {
      entries[file] = base;
      blocked.add(file);
      actions.push({ step, file, kind: 'conflict', detail: 'still has conflict markers' });
    } else {
      const detail = `merged by hand with ${previous}/${file}`;
      actions.push({ step, file, kind: 'record', detail });
    }
    return;
  }
  if (base === undefined) {
    actions.push({ step, file, kind: 'record', detail: `built on ${previous}/${file} as it is` });
    return;
  }
  const merged = mergeChange(
    ours,
    base,
    theirs,
    { ours: `${step}/${file}`, from: `${previous}/${file}` },
    run.root,
  );
  if (merged.text !== undefined) run.texts.set(`${step}/${file}`, merged.text);
  if (merged.kind === 'conflict') {
    entries[file] = base; // still built on the old base until a person resolves it
    blocked.add(file);
  }
  actions.push({ step, file, kind: merged.kind, detail: merged.detail });
}
