/** One harness process runs many jobs: nothing a job leaves running reaches the next, and a broken job ends the process. */
import { afterEach, expect, test } from 'vitest';
import {
  loadExercise,
  runtimeTree,
  snapshotOf,
  type ExerciseSnapshot,
} from '../../../src/lib/exercises/exercise.ts';
import { HarnessProcess, runTests } from '../../../src/lib/exercises/sandbox-run.ts';

const rounds = snapshotOf(loadExercise('loop-rounds'));
const heap = snapshotOf(loadExercise('timers-min-heap'));
const everyTest = (s: ExerciseSnapshot) => [
  ...Object.keys(s.bundle.checks),
  ...Object.keys(s.heldBack).map((n) => `${s.id}/check/${n}`),
];
const roundsWith = (prefix: string) =>
  runtimeTree(rounds, { 'ioloop.ts': prefix + (rounds.solution['ioloop.ts'] ?? '') });
const limits = { timeoutMs: 15_000 };
let harness: HarnessProcess | undefined;

afterEach(() => harness?.close());

test('jobs in one process each get every point of a correct solution', async () => {
  harness = new HarnessProcess();
  for (const snapshot of [rounds, heap, rounds]) {
    const outcome = await harness.run(
      runtimeTree(snapshot, snapshot.solution),
      everyTest(snapshot),
      limits,
    );
    expect(outcome.status).toBe('ok');
    expect(outcome.results.length).toBeGreaterThan(3);
    expect(outcome.results.every((r) => r.ok)).toBe(true);
  }
  expect(harness.jobs).toBe(3);
}, 60_000);

test('timers a job leaves behind are cleared before the next job starts', async () => {
  harness = new HarnessProcess();
  // Once its tests are done, this job's timer would spin forever and starve the next job.
  const first = await harness.run(
    roundsWith('setTimeout(() => { for (;;) {} }, 300);\n'),
    Object.keys(rounds.bundle.checks),
    limits,
  );
  expect(first.status).toBe('ok');
  await new Promise((resolve) => setTimeout(resolve, 600));
  const second = await harness.run(runtimeTree(heap, heap.solution), everyTest(heap), limits);
  expect(second.status).toBe('ok');
  expect(second.results.every((r) => r.ok)).toBe(true);
}, 60_000);

test('what one job prints never shows up in the next job’s output', async () => {
  harness = new HarnessProcess();
  await harness.run(
    roundsWith("setTimeout(() => console.log('LEFTOVER'), 200);\n"),
    Object.keys(rounds.bundle.checks),
    limits,
  );
  const second = await harness.run(
    roundsWith('setTimeout(() => {}, 400);\n'),
    Object.keys(rounds.bundle.checks),
    limits,
  );
  expect(second.output).not.toContain('LEFTOVER');
}, 60_000);

test('a job that never finishes ends the process; the next job gets a new one', async () => {
  harness = new HarnessProcess();
  const stuck = await harness.run(roundsWith('while (true) {}\n'), everyTest(rounds), {
    timeoutMs: 2000,
  });
  expect(stuck).toMatchObject({ status: 'timeout', results: [] });
  const after = await harness.run(runtimeTree(heap, heap.solution), everyTest(heap), limits);
  expect(after.status).toBe('ok');
  expect(after.results.every((r) => r.ok)).toBe(true);
}, 60_000);

test('code that does not compile is reported without starting a process', async () => {
  const outcome = await runTests(roundsWith('const = ;\n'), everyTest(rounds), limits);
  expect(outcome.status).toBe('crashed');
  expect(outcome.detail).toMatch(/^does not compile: loop-rounds\/ioloop\.ts:1:/);
});

test('typed arrays outside the heap are capped too: a memory bomb of them ends as out-of-memory', async () => {
  const outcome = await runTests(
    roundsWith(
      'const hoard: Uint8Array[] = [];\nfor (let i = 0; i < 64; i++) hoard.push(new Uint8Array(128 << 20).fill(1));\n',
    ),
    everyTest(rounds),
    { timeoutMs: 30_000, heapMb: 64, memoryMb: 400 },
  );
  expect(outcome).toMatchObject({
    status: 'out-of-memory',
    detail: 'used more than 400 MB of memory',
    results: [],
  });
}, 60_000);

test('a promise flood that never lets the tests go on scores nothing, with a status that says why', async () => {
  // Each step chains the next, so the microtask queue never empties and no timer ever fires.
  const outcome = await runTests(
    roundsWith(
      'const flood = (n: number): Promise<number> => Promise.resolve(n + 1).then(flood);\nvoid flood(0);\nawait new Promise(() => {});\n',
    ),
    everyTest(rounds),
    { timeoutMs: 5000, heapMb: 64 },
  );
  expect(['out-of-memory', 'timeout']).toContain(outcome.status);
  expect(outcome.results).toEqual([]);
  expect(outcome.detail).toMatch(/heap|memory|killed after 5000 ms/);
}, 60_000);
