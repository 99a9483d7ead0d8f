/** Grading a course: one process per student, a fresh one for any exercise that fails in a shared one, missing exercises scored 0 of the assignment's max, and Ctrl-C leaves nothing running. */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { GradeRun } from '../../../src/cli/grade/model.ts';
import { gradesCsv } from '../../../src/cli/grade/reports.ts';
import { grade } from '../../../src/cli/grade/run.ts';
import type { Assignment } from '../../../src/lib/exercises/assignment.ts';
import {
  loadExercise,
  maxPoints,
  snapshotOf,
  type ExerciseSnapshot,
} from '../../../src/lib/exercises/exercise.ts';
import { makeSubmission, type SubmissionBundle } from '../../../src/lib/exercises/submission.ts';

const rounds = snapshotOf(loadExercise('loop-rounds'));
const heap = snapshotOf(loadExercise('timers-min-heap'));
const assignment: Assignment = {
  format: 1,
  id: 'course-a1',
  title: 'A1',
  due: '',
  notes: '',
  exercises: [rounds, heap].map((s) => ({ id: s.id, pin: s.pin })),
};
let dir = '';
let run: GradeRun;

async function write(student: string, work: [ExerciseSnapshot, string][]): Promise<string> {
  const bundle = await makeSubmission({
    assignment: { id: assignment.id, sourceHash: 'x' },
    student: { id: student, name: student },
    createdAt: '2026-01-01T00:00:00Z',
    exercises: work.map(([s, code]) => ({
      id: s.id,
      pin: s.pin,
      files: { [s.bundle.exercise.editable[0] ?? '']: code },
      claimed: null,
    })),
  });
  const file = join(dir, `${student}.json`);
  writeFileSync(file, JSON.stringify(bundle));
  return file;
}

const solution = (s: ExerciseSnapshot) => Object.values(s.solution)[0] ?? '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tal-course-'));
  const files = [
    await write('complete', [
      [rounds, solution(rounds)],
      [heap, solution(heap)],
    ]),
    // Only one of the two assigned exercises.
    await write('partial', [[heap, solution(heap)]]),
    // loop-rounds runs first and leaves a promise chain that never ends, which takes the shared
    // process down during the next exercise; that exercise is graded again in a process of its own.
    await write('poisoner', [
      [
        rounds,
        'const flood = (): Promise<void> => Promise.resolve().then(flood);\nvoid flood();\n' +
          solution(rounds),
      ],
      [heap, solution(heap)],
    ]),
  ];
  run = await grade(files, { concurrency: 2, timeoutMs: 15_000, assignment });
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const exercisesOf = (id: string) =>
  run.students
    .find((s) => s.studentId === id)
    ?.exercises.map((e) => ({ id: e.id, status: e.status, score: e.score, max: e.max }));

test('a complete, correct submission gets every point', () => {
  expect(exercisesOf('complete')).toEqual([
    { id: rounds.id, status: 'graded', score: maxPoints(rounds), max: maxPoints(rounds) },
    { id: heap.id, status: 'graded', score: maxPoints(heap), max: maxPoints(heap) },
  ]);
});

test('an assigned exercise the bundle leaves out scores 0 with status missing, and max comes from the assignment', () => {
  expect(exercisesOf('partial')).toEqual([
    { id: rounds.id, status: 'missing', score: 0, max: maxPoints(rounds) },
    { id: heap.id, status: 'graded', score: maxPoints(heap), max: maxPoints(heap) },
  ]);
  const row = gradesCsv(run)
    .split('\n')
    .find((l) => l.startsWith('partial,'));
  const max = maxPoints(rounds) + maxPoints(heap);
  const { receipt } = (
    JSON.parse(readFileSync(join(dir, 'partial.json'), 'utf8')) as SubmissionBundle
  ).manifest;
  expect(row).toBe(
    `partial,partial,${receipt},0,${maxPoints(heap)},${maxPoints(heap)},${max},${rounds.id}: missing`,
  );
});

test('what one exercise leaves running never costs the student the next exercise', () => {
  // The flood is loop-rounds' own: it never lets the harness report, so that exercise scores 0.
  const flooded = exercisesOf('poisoner')?.find((e) => e.id === rounds.id);
  expect(['timeout', 'out-of-memory']).toContain(flooded?.status);
  expect(flooded?.score).toBe(0);
  const heapResult = exercisesOf('poisoner')?.find((e) => e.id === heap.id);
  expect(heapResult).toEqual({
    id: heap.id,
    status: 'graded',
    score: maxPoints(heap),
    max: maxPoints(heap),
  });
});

/** Process ids whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none.
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test.each(['SIGINT', 'SIGTERM'] as const)(
  '%s stops every child of the grader and writes no half report',
  async (signal) => {
    const stuck = await write(`stuck-${signal}`, [
      [rounds, `while (true) {}\n${solution(rounds)}`],
    ]);
    const out = join(dir, `out-${signal}`);
    const grader = spawn(
      process.execPath,
      ['src/cli/index.ts', 'grade', stuck, '--out', out, '--timeout-ms', '120000'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    grader.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => grader.on('exit', resolve));
    let harnesses: number[] = [];
    const waitUntil = Date.now() + 30_000;
    while (harnesses.length === 0 && Date.now() < waitUntil) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      harnesses = childrenOf(grader.pid ?? 0);
    }
    expect(harnesses.length).toBeGreaterThan(0);
    grader.kill(signal);
    expect(await exited).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(stderr).toContain(`grading stopped by ${signal}`);
    // Killed children are reaped by init; give it a moment, then none may be left.
    for (let i = 0; i < 50 && harnesses.some(alive); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(harnesses.filter(alive)).toEqual([]);
    expect(existsSync(join(out, 'grades.csv'))).toBe(false);
  },
  60_000,
);
