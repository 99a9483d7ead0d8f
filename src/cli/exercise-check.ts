/** Proves every exercise rewards only its work: its untouched starter fails every visible and held-back test, and its solution passes every test, three times. */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import {
  ExerciseError,
  loadExercise,
  exerciseIds,
  ROOTS,
  runtimeTree,
  snapshotOf,
  type ContentRoots,
  type ExerciseSnapshot,
} from '../lib/exercises/exercise.ts';
import { runTests, type RunOutcome } from '../lib/exercises/sandbox-run.ts';
import { typeProblems } from './exercise-types.ts';

/** How many times the solution must pass in a row (flake guard). */
export const SOLUTION_RUNS = 3;

/** What the check found for one exercise. */
export interface ExerciseCheck {
  id: string;
  problems: string[];
}

/** Every test file of the exercise, visible ones first, as paths in a run's tree. */
function testPaths(snapshot: ExerciseSnapshot): string[] {
  return [
    ...Object.keys(snapshot.bundle.checks),
    ...Object.keys(snapshot.heldBack).map((n) => `${snapshot.id}/check/${n}`),
  ];
}

function describeFailure(outcome: RunOutcome): string {
  if (outcome.status !== 'ok') return `${outcome.status}: ${outcome.detail}`;
  const failed = outcome.results.filter((r) => !r.ok);
  return failed
    .slice(0, 3)
    .map((r) => `"${r.name}" (${r.file}): ${r.message ?? 'failed'}`)
    .join('; ');
}

/**
 * What is wrong with the run of the untouched starter: every test it passes is a point a student
 * gets for no work, and a run that does not end (a timeout, a crash) proves nothing about any test.
 */
function starterProblems(starter: RunOutcome): string[] {
  if (starter.status !== 'ok') {
    return [`the untouched starter run did not end ok: ${describeFailure(starter)}`];
  }
  if (starter.results.length === 0) return ['the untouched starter ran no tests'];
  return starter.results
    .filter((r) => r.ok)
    .map(
      (r) => `the untouched starter passes "${r.name}" (${r.file}): it earns points for no work`,
    );
}

/**
 * Checks one exercise, loaded from `roots`; never throws for a broken exercise, it reports it.
 * The starter runs the held-back tests too: the grader gives them points, so they must fail.
 */
export async function checkExercise(
  id: string,
  runs = SOLUTION_RUNS,
  roots: ContentRoots = ROOTS,
): Promise<ExerciseCheck> {
  const problems: string[] = [];
  let snapshot: ExerciseSnapshot;
  try {
    snapshot = snapshotOf(loadExercise(id, roots));
  } catch (error) {
    return { id, problems: [error instanceof ExerciseError ? error.message : String(error)] };
  }
  const limits = { timeoutMs: Math.max(snapshot.bundle.exercise.timeLimitMs, 5000) };
  const tests = testPaths(snapshot);
  const starterRun = runTests(
    runtimeTree(snapshot, snapshot.bundle.exercise.starter),
    tests,
    limits,
  );
  const solutionRuns = Array.from({ length: runs }, () =>
    runTests(runtimeTree(snapshot, snapshot.solution), tests, limits),
  );
  problems.push(...starterProblems(await starterRun));
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
  // Loading errors are already reported; type-check the rest, all in two compiler runs.
  const types = typeProblems(checks.filter((c) => c.problems.length === 0).map((c) => c.id));
  for (const check of checks) check.problems.push(...(types.get(check.id) ?? []));
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
