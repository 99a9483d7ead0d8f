/** Proves every exercise teaches something: its starter fails a visible test and its solution passes every test, three times. */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import {
  ExerciseError,
  loadExercise,
  exerciseIds,
  runtimeTree,
  snapshotOf,
  type ExerciseSnapshot,
} from '../lib/exercises/exercise.ts';
import { runTests, type RunOutcome } from '../lib/exercises/sandbox-run.ts';

/** How many times the solution must pass in a row (flake guard). */
export const SOLUTION_RUNS = 3;

/** What the check found for one exercise. */
export interface ExerciseCheck {
  id: string;
  problems: string[];
}

function testPaths(snapshot: ExerciseSnapshot, heldBack: boolean): string[] {
  const visible = Object.keys(snapshot.bundle.checks);
  if (!heldBack) return visible;
  return [...visible, ...Object.keys(snapshot.heldBack).map((n) => `${snapshot.id}/check/${n}`)];
}

function describeFailure(outcome: RunOutcome): string {
  if (outcome.status !== 'ok') return `${outcome.status}: ${outcome.detail}`;
  const failed = outcome.results.filter((r) => !r.ok);
  return failed
    .slice(0, 3)
    .map((r) => `"${r.name}" (${r.file}): ${r.message ?? 'failed'}`)
    .join('; ');
}

/** Checks one exercise; never throws for a broken exercise, it reports it. */
export async function checkExercise(id: string, runs = SOLUTION_RUNS): Promise<ExerciseCheck> {
  const problems: string[] = [];
  let snapshot: ExerciseSnapshot;
  try {
    snapshot = snapshotOf(loadExercise(id));
  } catch (error) {
    return { id, problems: [error instanceof ExerciseError ? error.message : String(error)] };
  }
  const limits = { timeoutMs: Math.max(snapshot.bundle.exercise.timeLimitMs, 5000) };
  const starterRun = runTests(
    runtimeTree(snapshot, snapshot.bundle.exercise.starter, { visible: true, heldBack: false }),
    testPaths(snapshot, false),
    limits,
  );
  const solutionRuns = Array.from({ length: runs }, () =>
    runTests(runtimeTree(snapshot, snapshot.solution), testPaths(snapshot, true), limits),
  );
  const starter = await starterRun;
  if (starter.status === 'ok' && starter.results.every((r) => r.ok)) {
    problems.push('the starter passes every visible test: the gap teaches nothing');
  } else if (starter.status === 'ok' && starter.results.length === 0) {
    problems.push('the starter ran no tests');
  }
  const outcomes = await Promise.all(solutionRuns);
  outcomes.forEach((outcome, i) => {
    const ok =
      outcome.status === 'ok' && outcome.results.length > 0 && outcome.results.every((r) => r.ok);
    if (!ok) problems.push(`solution run ${i + 1}/${runs} failed: ${describeFailure(outcome)}`);
  });
  const counts = new Set(outcomes.map((o) => o.results.length));
  if (counts.size > 1) problems.push('solution runs ran different numbers of tests');
  return { id, problems };
}

/** Runs `work` over `items` with at most `limit` at once, keeping the order of results. */
export async function pool<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Entry point of `exercise:check [ids…]`. */
export async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const ids = positionals.length > 0 ? positionals : exerciseIds();
  const started = performance.now();
  // Each exercise already runs four child processes at once.
  const checks = await pool(ids, Math.max(1, Math.floor(availableParallelism() / 2)), (id) =>
    checkExercise(id),
  );
  let failed = 0;
  for (const check of checks) {
    if (check.problems.length === 0) {
      process.stdout.write(`ok   ${check.id}\n`);
    } else {
      failed++;
      process.stdout.write(
        `FAIL ${check.id}\n${check.problems.map((p) => `     - ${p}\n`).join('')}`,
      );
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`${checks.length - failed}/${checks.length} exercises ok in ${seconds} s\n`);
  return failed === 0 ? 0 : 1;
}
