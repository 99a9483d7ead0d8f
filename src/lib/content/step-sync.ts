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

/**
 * Walks the steps in order, deriving each from the one before (in memory, so a change in step 01
 * reaches step 10 in one run). Returns every action; with `write`, applies them, leaving conflict
 * markers in files that need a person and not advancing their lock entry.
 */
export function syncSteps(options: SyncOptions = {}): SyncAction[] {
  const root = options.root ?? SANDBOXES;
  const lock = readLock(root);
  const next: StepLock = {};
  const actions: SyncAction[] = [];
  const texts = new Map<string, string>();
  const read = (step: string, file: string) =>
    texts.get(`${step}/${file}`) ?? readFileSync(join(root, step, file), 'utf8');
  // A file left with conflict markers is not carried further until a person resolves it.
  const blocked = new Set<string>();
  const accepted = new Set<string>();
  const ids = stepIds(root);
  for (const [index, step] of ids.entries()) {
    const previous = index > 0 ? ids[index - 1] : undefined;
    if (previous === undefined) continue;
    const { files, changes, entry } = readStep(step, root);
    const before = new Set(readStep(previous, root).files);
    const entries: Record<string, string> = {};
    // Code files the step carries as they are, or changes; its demo is its own.
    const derived = files
      .filter((file) => before.has(file) && !(file === entry && changes.includes(file)))
      .map((file) => ({ file, carried: !changes.includes(file) }));
    // Every check of the step before carries on, merged with any edits made here, so a later
    // step keeps proving what the earlier ones built.
    const carriedChecks = [...texts.keys()].flatMap((path) =>
      path.startsWith(`${previous}/check/`) ? [path.slice(previous.length + 7)] : [],
    );
    for (const name of new Set([...checkNames(previous, root), ...carriedChecks])) {
      const file = `check/${name}`;
      if (!existsSync(join(root, step, file)) && !texts.has(`${step}/${file}`)) {
        actions.push({ step, file, kind: 'copy', detail: `carried from ${previous}` });
        texts.set(`${step}/${file}`, read(previous, file));
      }
      derived.push({ file, carried: false });
    }
    for (const { file, carried } of derived) {
      if (blocked.has(file)) {
        const kept = lock[step]?.[file];
        if (kept !== undefined) entries[file] = kept;
        actions.push({ step, file, kind: 'conflict', detail: 'waits for the conflict before it' });
        continue;
      }
      const theirs = read(previous, file);
      const ours = read(step, file);
      if (carried) {
        if (ours !== theirs) {
          actions.push({ step, file, kind: 'copy', detail: `carried from ${previous}` });
          texts.set(`${step}/${file}`, theirs);
        }
        continue;
      }
      const current = blobId(theirs);
      const base = lock[step]?.[file];
      entries[file] = current;
      if (base === current) continue;
      if (options.accept && !accepted.has(file) && base !== undefined) {
        accepted.add(file);
        if (/^(<{7}|>{7}) /m.test(ours)) {
          entries[file] = base;
          blocked.add(file);
          actions.push({ step, file, kind: 'conflict', detail: 'still has conflict markers' });
        } else {
          actions.push({
            step,
            file,
            kind: 'record',
            detail: `merged by hand with ${previous}/${file}`,
          });
        }
        continue;
      }
      if (base === undefined) {
        actions.push({
          step,
          file,
          kind: 'record',
          detail: `built on ${previous}/${file} as it is`,
        });
        continue;
      }
      const baseText = gitBlob(base, root);
      if (baseText === null) {
        entries[file] = base;
        blocked.add(file);
        actions.push({
          step,
          file,
          kind: 'conflict',
          detail: `the base ${base.slice(0, 10)} is not in git history: merge ${previous}/${file} by hand, then run steps:sync --accept`,
        });
        continue;
      }
      const merged = mergeFile(ours, baseText, theirs, [
        `${step}/${file}`,
        `${previous}/${file} (last synced)`,
        `${previous}/${file}`,
      ]);
      texts.set(`${step}/${file}`, merged.text);
      if (merged.conflicts > 0) {
        entries[file] = base; // still built on the old base until a person resolves it
        blocked.add(file);
        actions.push({
          step,
          file,
          kind: 'conflict',
          detail: `${merged.conflicts} conflict(s) merging the change in ${previous}/${file}: resolve the markers, then run steps:sync --accept`,
        });
      } else {
        actions.push({
          step,
          file,
          kind: 'merge',
          detail: `merged the change in ${previous}/${file}`,
        });
      }
    }
    for (const file of Object.keys(lock[step] ?? {})) {
      if (!(file in entries)) {
        actions.push({ step, file, kind: 'record', detail: 'no longer changed here: dropped' });
      }
    }
    if (Object.keys(entries).length > 0) next[step] = entries;
  }
  if (options.write) {
    for (const [path, text] of texts) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    writeFileSync(join(root, LOCK_FILE), `${JSON.stringify(next, null, 2)}\n`);
  }
  return actions;
}
