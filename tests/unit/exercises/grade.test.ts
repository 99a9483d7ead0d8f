/** The grader on a folder of submission bundles: good, partial and every kind of bad one, in any order. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  loadExercise,
  maxPoints,
  snapshotOf,
  type ExerciseSnapshot,
} from '../../../src/lib/exercises/exercise.ts';
import type { GradeRun } from '../../../src/cli/grade/model.ts';
import { writeReports } from '../../../src/cli/grade/reports.ts';
import { grade } from '../../../src/cli/grade/run.ts';
import { makeSubmission, type SubmissionBundle } from '../../../src/lib/exercises/submission.ts';
import { readCsvRecords } from './read-csv.ts';

const rounds = snapshotOf(loadExercise('loop-rounds'));
const heap = snapshotOf(loadExercise('timers-min-heap'));
const assignment = { id: 'test-a1', sourceHash: 'x' };

async function bundle(
  student: string,
  work: [ExerciseSnapshot, Record<string, string>][],
  claimed: { passed: number; total: number } | null = null,
): Promise<SubmissionBundle> {
  return makeSubmission({
    assignment,
    student: { id: student, name: `Student ${student}` },
    createdAt: '2026-01-01T00:00:00Z',
    exercises: work.map(([s, files]) => ({ id: s.id, pin: s.pin, files, claimed })),
  });
}

const solved = (s: ExerciseSnapshot) => s.solution;
const starter = (s: ExerciseSnapshot) => s.bundle.exercise.starter;
const roundsWith = (prefix: string) => ({
  'ioloop.ts': prefix + (rounds.solution['ioloop.ts'] ?? ''),
});

let dir = '';
let runs: { forward: GradeRun; backward: GradeRun; outA: string; outB: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tal-grade-'));
  const write = (name: string, value: unknown) =>
    writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  write(
    'alice.json',
    await bundle(
      'alice',
      [
        [rounds, solved(rounds)],
        [heap, solved(heap)],
      ],
      { passed: 5, total: 5 },
    ),
  );
  write(
    'bob.json',
    await bundle(
      'bob',
      [
        [rounds, solved(rounds)],
        [heap, starter(heap)],
      ],
      { passed: 99, total: 99 },
    ),
  );
  const carol = await bundle('carol', [[rounds, solved(rounds)]]);
  carol.files['loop-rounds/ioloop.ts'] += '\n// changed after export\n';
  write('carol.json', carol);
  const dave = await bundle('dave', [[rounds, solved(rounds)]]);
  dave.manifest.digest = '0'.repeat(64);
  write('dave.json', dave);
  const erin = await makeSubmission({
    assignment,
    student: { id: 'erin', name: 'Erin' },
    exercises: [
      { id: 'loop-rounds', pin: '0123456789abcdef', files: solved(rounds), claimed: null },
    ],
  });
  write('erin.json', erin);
  write('frank.json', await bundle('frank', [[rounds, roundsWith('while (true) {}\n')]]));
  write(
    'grace.json',
    await bundle('grace', [
      [
        rounds,
        roundsWith(
          'const hog: string[][] = [];\nfor (;;) hog.push(new Array(1e5).fill("x".repeat(8)));\n',
        ),
      ],
    ]),
  );
  write(
    'heidi.json',
    await bundle('heidi', [
      [
        rounds,
        roundsWith("const fs = await import('node:fs');\nfs.readFileSync('/etc/hostname');\n"),
      ],
    ]),
  );
  write('ivan.json', '{"manifest": {"student": {"id": "ivan"}, ');
  const judy = await makeSubmission({
    assignment,
    student: { id: 'judy', name: 'Judy' },
    exercises: [
      { id: 'loop-rounds', pin: rounds.pin, files: { '../../../etc/evil.ts': 'x' }, claimed: null },
    ],
  });
  write('judy.json', judy);
  write('ken.json', await bundle('ken', [[rounds, roundsWith(`// ${'x'.repeat(300_000)}\n`)]]));
  // Leo ships a forged test file that would pass everything: it must be ignored.
  const leo = await bundle('leo', [[rounds, starter(rounds)]]);
  leo.files['loop-rounds/check/ioloop.test.ts'] =
    "import { test } from '../../_template/testing.ts';\ntest('all good', () => {});\n";
  write('leo.json', leo);
  write('mallory.json', { manifest: { format: 'something else' }, files: {} });
  // Olivia's real bundle, and another one under her id with a later clock: a conflict, not a winner.
  write('olivia.json', await bundle('olivia', [[rounds, solved(rounds)]]));
  const forged = await makeSubmission({
    assignment,
    student: { id: 'olivia', name: 'Olivia' },
    createdAt: '2099-12-31T23:59:59Z',
    exercises: [{ id: rounds.id, pin: rounds.pin, files: starter(rounds), claimed: null }],
  });
  write('zz-olivia-later.json', forged);
  // Two copies of the very same bundle are one submission.
  const peggy = await bundle('peggy', [[rounds, solved(rounds)]]);
  write('peggy.json', peggy);
  write('peggy-copy.json', peggy);

  const files = readdirSync(dir)
    .sort()
    .map((n) => join(dir, n));
  // The memory bomb must hit the heap cap before the time limit: under a fully loaded machine,
  // V8's last garbage collections before giving up once took longer than 3 s.
  const options = { concurrency: 2, timeoutMs: 6000, heapMb: 64 };
  const forward = await grade(files, options);
  const backward = await grade([...files].reverse(), options);
  const outA = join(dir, 'out-a');
  const outB = join(dir, 'out-b');
  writeReports(forward, outA);
  writeReports(backward, outB);
  runs = { forward, backward, outA, outB };
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function student(id: string) {
  const found = runs.forward.students.find((s) => s.studentId === id);
  if (!found) throw new Error(`${id} was not graded`);
  return found;
}

/** The receipt code a bundle file carries, as the student saw it on export. */
function receiptOf(source: string): string {
  return (JSON.parse(readFileSync(join(dir, source), 'utf8')) as SubmissionBundle).manifest.receipt;
}

function badReason(source: string): string {
  return runs.forward.bad.find((b) => b.source === source)?.reason ?? 'not refused';
}

describe('grading a folder of bundles', () => {
  test('a correct submission gets every point of both exercises', () => {
    const alice = student('alice');
    expect(alice.exercises.map((e) => [e.id, e.status, e.score])).toEqual([
      ['loop-rounds', 'graded', maxPoints(rounds)],
      ['timers-min-heap', 'graded', maxPoints(heap)],
    ]);
    expect(maxPoints(rounds)).toBeGreaterThan(5);
  });

  test('a partial submission scores the solved exercise only, and its false claim is flagged', () => {
    const bob = student('bob');
    expect(bob.exercises[0]?.score).toBe(maxPoints(rounds));
    expect(bob.exercises[1]?.score).toBeLessThan(maxPoints(heap));
    const summary = readFileSync(join(runs.outA, 'summary.md'), 'utf8');
    expect(summary).toMatch(/bob timers-min-heap: claimed 99, recomputed \d+/);
  });

  test('each bad bundle is refused with a clear reason', () => {
    expect(badReason('carol.json')).toMatch(/^tampered file loop-rounds\/ioloop\.ts/);
    expect(badReason('dave.json')).toMatch(/^wrong digest/);
    expect(badReason('erin.json')).toBe('unknown pin loop-rounds@0123456789abcdef');
    expect(badReason('ivan.json')).toMatch(/^not a JSON bundle/);
    expect(badReason('judy.json')).toMatch(/^path outside the exercise/);
    expect(badReason('ken.json')).toMatch(/^huge file loop-rounds\/ioloop\.ts/);
    expect(badReason('mallory.json')).toMatch(/^wrong schema/);
  });

  test('an infinite loop times out, a memory bomb runs out of heap, a read outside is denied', () => {
    expect(student('frank').exercises[0]).toMatchObject({ status: 'timeout', score: 0 });
    expect(student('grace').exercises[0]).toMatchObject({ status: 'out-of-memory', score: 0 });
    const heidi = student('heidi').exercises[0];
    expect(heidi?.permissionDenied).toBe(true);
    expect(heidi?.score).toBe(0);
  });

  test('different bundles under one id are a conflict; copies of one bundle are not', () => {
    const receipts = [receiptOf('olivia.json'), receiptOf('zz-olivia-later.json')];
    expect(runs.forward.conflicts).toEqual([
      { studentId: 'olivia', sources: ['olivia.json', 'zz-olivia-later.json'], receipts },
    ]);
    expect(runs.forward.students.some((s) => s.studentId === 'olivia')).toBe(false);
    expect(student('peggy').exercises[0]?.score).toBe(maxPoints(rounds));
    const csv = readFileSync(join(runs.outA, 'grades.csv'), 'utf8');
    expect(csv).toMatch(/^olivia,.*conflict: 2 different bundles/m);
    const olivia = readCsvRecords(csv).find((r) => r['student_id'] === 'olivia');
    expect(olivia?.['receipt']).toBe('');
    expect(olivia?.['status']).toBe(
      `conflict: 2 different bundles (olivia.json ${receipts[0]}, zz-olivia-later.json ${receipts[1]}); not graded`,
    );
  });

  test('test files inside a bundle are ignored', () => {
    const leo = student('leo').exercises[0];
    expect(leo?.tests.length).toBeGreaterThan(1);
    expect(leo?.tests.some((t) => t.name === 'all good')).toBe(false);
    expect(leo?.score).toBeLessThan(maxPoints(rounds));
  });

  test('grades.csv has one row per student with the receipt and the right totals', () => {
    const text = readFileSync(join(runs.outA, 'grades.csv'), 'utf8');
    const csv = text.trim().split('\n');
    expect(csv[0]).toBe('student_id,name,receipt,loop-rounds,timers-min-heap,total,max,status');
    const alice = csv.find((l) => l.startsWith('alice,'));
    const total = maxPoints(rounds) + maxPoints(heap);
    expect(alice).toBe(
      `alice,Student alice,${receiptOf('alice.json')},${maxPoints(rounds)},${maxPoints(heap)},${total},${total},ok`,
    );
    expect(csv.find((l) => l.startsWith('frank,'))).toMatch(/loop-rounds: timeout$/);
    // A bad bundle's receipt is not the grader's to vouch for: the cell stays empty.
    expect(csv.find((l) => l.startsWith('carol,'))).toMatch(
      /^carol,,,,,0,,bad bundle: tampered file/,
    );
    const records = readCsvRecords(text);
    for (const graded of runs.forward.students) {
      expect(records.find((r) => r['student_id'] === graded.studentId)?.['receipt']).toBe(
        receiptOf(graded.source),
      );
    }
    const feedback = readFileSync(join(runs.outA, 'feedback', 'alice.md'), 'utf8');
    expect(feedback).toContain(`Receipt ${receiptOf('alice.json')}. Score ${total} / ${total}.`);
  });

  test('the same bundles in another order give byte-identical reports', () => {
    const read = (out: string) =>
      [
        'grades.csv',
        'summary.md',
        ...readdirSync(join(out, 'feedback')).map((f) => `feedback/${f}`),
      ]
        .sort()
        .map((f) => `${f}\n${readFileSync(join(out, f), 'utf8')}`);
    expect(read(runs.outB)).toEqual(read(runs.outA));
  });
});
