/** Sharded grading: N machines each grade a share, and `grade merge` writes exactly what one run writes. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { GradeRun } from '../../../src/cli/grade/model.ts';
import { mergeRuns, parseShard } from '../../../src/cli/grade/shards.ts';
import { loadExercise, snapshotOf } from '../../../src/lib/exercises/exercise.ts';
import { makeSubmission } from '../../../src/lib/exercises/submission.ts';

const rounds = snapshotOf(loadExercise('loop-rounds'));
const heap = snapshotOf(loadExercise('timers-min-heap'));
let dir = '';
const cli = (...args: string[]) =>
  execFileSync(process.execPath, ['src/cli/index.ts', 'grade', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const shardFile = (k: number, n: number) => join(dir, `shards-${n}`, `shard-${k}-of-${n}.json`);
const readTree = (out: string) =>
  ['grades.csv', 'summary.md', ...readdirSync(join(out, 'feedback')).map((f) => `feedback/${f}`)]
    .sort()
    .map((f) => `${f}\n${readFileSync(join(out, f), 'utf8')}`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tal-shards-'));
  const inbox = join(dir, 'inbox');
  execFileSync('mkdir', ['-p', inbox]);
  const students = ['ana', 'ben', 'chen', 'dana', 'eli', 'fei', 'gus'];
  for (const [i, id] of students.entries()) {
    const bundle = await makeSubmission({
      assignment: { id: 'a1', sourceHash: 'x' },
      student: { id, name: id },
      createdAt: '2026-01-01T00:00:00Z',
      exercises: [
        {
          id: rounds.id,
          pin: rounds.pin,
          files: i % 2 ? rounds.solution : rounds.bundle.exercise.starter,
          claimed: null,
        },
        { id: heap.id, pin: heap.pin, files: i % 3 ? heap.solution : {}, claimed: null },
      ],
    });
    writeFileSync(join(inbox, `${id}.json`), JSON.stringify(bundle));
  }
  writeFileSync(join(inbox, 'broken.json'), '{"manifest":');
  cli(inbox, '--out', join(dir, 'whole'), '--concurrency', '2');
  for (const k of [1, 2, 3]) cli(inbox, '--out', join(dir, 'shards-3'), '--shard', `${k}/3`);
  cli('merge', join(dir, 'shards-3'), '--out', join(dir, 'merged'));
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('three shards merged give byte-identical reports to one run', () => {
  const whole = readTree(join(dir, 'whole'));
  expect(whole.length).toBe(2 + 7);
  expect(readTree(join(dir, 'merged'))).toEqual(whole);
});

test('each shard grades its own students and no one twice', () => {
  const graded = [1, 2, 3].map(
    (k) => (JSON.parse(readFileSync(shardFile(k, 3), 'utf8')) as GradeRun).students,
  );
  const ids = graded.flatMap((list) => list.map((s) => s.studentId));
  expect(ids.sort()).toEqual(['ana', 'ben', 'chen', 'dana', 'eli', 'fei', 'gus']);
  expect(graded.map((list) => list.length)).toEqual([3, 2, 2]);
});

test('merge refuses a missing shard, a shard given twice and shards of other bundles', () => {
  const runs = [1, 2, 3].map((k) => JSON.parse(readFileSync(shardFile(k, 3), 'utf8')) as GradeRun);
  const [one, two, three] = runs as [GradeRun, GradeRun, GradeRun];
  expect(() => mergeRuns([one, three])).toThrow('missing shard 2/3');
  expect(() => mergeRuns([one, two, two, three])).toThrow('shard 2/3 given twice');
  expect(() => mergeRuns([one, { ...two, inputs: 'f'.repeat(64) }, three])).toThrow(
    /graded other bundles or another assignment/,
  );
  expect(() => mergeRuns([one, two, { ...three, shard: { index: 3, count: 4 } }])).toThrow(
    /different splits/,
  );
  const whole: GradeRun = { ...one };
  delete whole.shard;
  expect(() => mergeRuns([whole])).toThrow(/grade --shard/);
  expect(() => cli('merge', join(dir, 'inbox', 'broken.json'))).toThrow();
});

test.each(['0/3', '4/3', '1/0', 'x', '1/2/3'])('--shard %s is refused with the rule', (text) => {
  expect(() => parseShard(text)).toThrow(/expected K\/N with 1 <= K <= N/);
});
