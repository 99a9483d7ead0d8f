/** A grading run: verifies every bundle, keeps one per student, and grades each student's exercises in a child process of its own. */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { assignmentHash, type Assignment } from '../../lib/exercises/assignment.ts';
import { allSnapshots, type ExerciseSnapshot } from '../../lib/exercises/exercise.ts';
import { HarnessProcess } from '../../lib/exercises/sandbox-run.ts';
import { pool } from '../exercise-check.ts';
import type {
  BadBundle,
  Conflict,
  GradedExercise,
  GradeRun,
  Shard,
  StudentGrade,
} from './model.ts';
import { cleanName } from './reports.ts';
import { gradeExercise } from './score.ts';
import {
  MAX_BUNDLE_BYTES,
  verifyBundle,
  type GoodBundle,
  type HashedAssignment,
  type Verified,
} from './verify.ts';

/** Options of a grading run. */
export interface GradeOptions {
  concurrency: number;
  timeoutMs?: number;
  heapMb?: number;
  assignment?: Assignment;
  showProgress?: boolean;
  /** Grade only this share of the students; bad bundles and conflicts are reported in every shard. */
  shard?: Shard;
}

/** Verifies and grades every bundle file; one bad bundle never stops the others. */
export async function grade(files: string[], options: GradeOptions): Promise<GradeRun> {
  const known = new Map(allSnapshots().map((s) => [`${s.id}@${s.pin}`, s]));
  const assignment = options.assignment
    ? { value: options.assignment, hash: await assignmentHash(options.assignment) }
    : null;
  const verified: Verified[] = [];
  for (const file of files) verified.push(await readBundle(file, known, assignment));
  const { chosen, conflicts } = onePerStudent(verified.filter((v): v is GoodBundle => v.ok));
  // The assignment decides what is graded: every assigned exercise counts, submitted or not.
  const assigned = (options.assignment?.exercises ?? []).flatMap((e) => {
    const snapshot = known.get(`${e.id}@${e.pin}`);
    return snapshot ? [snapshot] : [];
  });
  const toGrade = new Map(chosen.map((v) => [v, exercisesToGrade(v, assigned)] as const));
  // Every shard verifies every bundle, so all shards agree on the students, conflicts and bad
  // bundles; each then grades its own share of the students in id order.
  const shard = options.shard;
  const mine = shard ? chosen.filter((_, i) => i % shard.count === shard.index - 1) : chosen;
  const students = await gradeStudents(mine, toGrade, options);
  const exerciseIds = [
    ...new Set([
      ...(options.assignment?.exercises.map((e) => e.id) ?? []),
      // From every student, not only this shard's, so all shards agree on the columns.
      ...[...toGrade.values()].flat().map((snapshot) => snapshot.id),
    ]),
  ].sort();
  const bad = verified
    .filter((v): v is Extract<Verified, { ok: false }> => !v.ok)
    .map(({ source, studentId, reason }) => ({ source, studentId, reason }));
  const inputs = inputsHash(assignment, chosen, conflicts, bad);
  return { students, bad, conflicts, exerciseIds, inputs, ...(shard ? { shard } : {}) };
}

/** Reads and verifies one bundle file; a file too large is refused before it is read. */
async function readBundle(
  file: string,
  known: Map<string, ExerciseSnapshot>,
  assignment: HashedAssignment | null,
): Promise<Verified> {
  const source = basename(file);
  try {
    const size = statSync(file).size;
    if (size > MAX_BUNDLE_BYTES) {
      return { ok: false, source, studentId: null, reason: `bundle too large (${size} bytes)` };
    }
    return await verifyBundle(source, readFileSync(file, 'utf8'), known, assignment);
  } catch (error) {
    return { ok: false, source, studentId: null, reason: `unreadable: ${String(error)}` };
  }
}

/**
 * One bundle per student, in id order. Copies of the same bundle count once; different bundles
 * under one id are a conflict for the instructor: the student's own clock (createdAt) can be set
 * to anything.
 */
function onePerStudent(good: GoodBundle[]): { chosen: GoodBundle[]; conflicts: Conflict[] } {
  const byStudent = new Map<string, GoodBundle[]>();
  for (const v of good) {
    const id = v.bundle.manifest.student.id;
    byStudent.set(id, [...(byStudent.get(id) ?? []), v]);
  }
  const chosen: GoodBundle[] = [];
  const conflicts: Conflict[] = [];
  for (const [studentId, bundles] of [...byStudent].sort(([a], [b]) => a.localeCompare(b))) {
    bundles.sort((a, b) => a.source.localeCompare(b.source));
    const digests = new Set(bundles.map((v) => v.bundle.manifest.digest));
    if (digests.size > 1) {
      conflicts.push({
        studentId,
        sources: bundles.map((v) => v.source),
        receipts: bundles.map((v) => v.receipt),
      });
    } else if (bundles[0]) chosen.push(bundles[0]);
  }
  return { chosen, conflicts };
}

/** The exercises a student is graded on: those in the bundle plus every assigned one, by id. */
function exercisesToGrade(v: GoodBundle, assigned: ExerciseSnapshot[]): ExerciseSnapshot[] {
  const list = new Map([...v.snapshots.values()].map((s) => [s.id, s]));
  for (const snapshot of assigned) if (!list.has(snapshot.id)) list.set(snapshot.id, snapshot);
  return [...list.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Grades `mine`, `options.concurrency` students at a time. One child process per student runs
 * that student's exercises one after another: no code of one student ever shares a process with
 * another's, and Node and SES start once per student.
 */
async function gradeStudents(
  mine: GoodBundle[],
  toGrade: Map<GoodBundle, ExerciseSnapshot[]>,
  options: GradeOptions,
): Promise<StudentGrade[]> {
  const total = mine.reduce((n, v) => n + (toGrade.get(v)?.length ?? 0), 0);
  let done = 0;
  if (options.showProgress) progress(0, total);
  return pool(mine, options.concurrency, async (v) => {
    const harness = new HarnessProcess(options.heapMb ?? 128);
    const exercises: GradedExercise[] = [];
    try {
      for (const snapshot of toGrade.get(v) ?? []) {
        exercises.push(await gradeExercise(v.bundle, snapshot, options, harness));
        done++;
        if (options.showProgress) progress(done, total);
      }
    } finally {
      harness.close();
    }
    return {
      source: v.source,
      studentId: v.bundle.manifest.student.id,
      name: cleanName(v.bundle.manifest.student.name),
      digest: v.bundle.manifest.digest,
      receipt: v.receipt,
      exercises,
    };
  });
}

/** What every shard of one course must agree on: the assignment and every bundle's fate. */
function inputsHash(
  assignment: HashedAssignment | null,
  chosen: GoodBundle[],
  conflicts: Conflict[],
  bad: BadBundle[],
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        assignment?.hash ?? '',
        chosen.map((v) => v.bundle.manifest.digest),
        conflicts,
        bad.map((b) => JSON.stringify(b)).sort(),
      ]),
    )
    .digest('hex');
}

/** A progress bar on stderr: redrawn in place on a terminal, every tenth run in a log. */
function progress(done: number, total: number): void {
  if (!process.stderr.isTTY && done !== total && done % 10 !== 0) return;
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} runs${done === total ? '\n' : ''}`,
  );
}
