/** Grades one exercise of a verified bundle: runs its visible and held-back tests in a sandbox and scores them. */
import { maxPoints, runtimeTree, type ExerciseSnapshot } from '../../lib/exercises/exercise.ts';
import {
  runTests,
  type HarnessProcess,
  type RunLimits,
  type RunOutcome,
  type TestPhase,
} from '../../lib/exercises/sandbox-run.ts';
import type { SubmissionBundle } from '../../lib/exercises/submission.ts';
import type { GradedExercise, GradedTest } from './model.ts';

/** Grades one exercise of a verified bundle, in `harness` if given, else in a fresh child process. */
export async function gradeExercise(
  bundle: SubmissionBundle,
  snapshot: ExerciseSnapshot,
  options: { timeoutMs?: number; heapMb?: number },
  harness?: HarnessProcess,
): Promise<GradedExercise> {
  const entry = bundle.manifest.exercises.find((e) => e.id === snapshot.id);
  if (!entry) return missingExercise(snapshot);
  const editable: Record<string, string> = {};
  for (const file of entry.files)
    editable[file.path] = bundle.files[`${snapshot.id}/${file.path}`] ?? '';
  const visible = Object.keys(snapshot.bundle.checks);
  const heldBack = Object.keys(snapshot.heldBack).map((n) => `${snapshot.id}/check/${n}`);
  // Visible tests first, with what the code prints kept for feedback; held-back tests after,
  // printing into nothing, so nothing a held-back test passes to the code can reach the student.
  const tree = runtimeTree(snapshot, editable);
  const phases: TestPhase[] = [
    { files: visible, keepOutput: true },
    { files: heldBack, keepOutput: false },
  ];
  const limits: RunLimits = {
    timeoutMs: options.timeoutMs ?? snapshot.bundle.exercise.timeLimitMs,
    heapMb: options.heapMb ?? 128,
  };
  const used = harness !== undefined && harness.jobs > 0;
  // A timeout is the exercise's own: the process proved nothing else ran before taking it (see
  // the harness). A crash or running out of memory may come from what earlier exercises left in
  // the heap, so those are graded again in a fresh process.
  let outcome: RunOutcome = harness
    ? await harness.run(tree, phases, limits)
    : await runTests(tree, phases, limits);
  if (used && (outcome.status === 'out-of-memory' || outcome.status === 'crashed'))
    outcome = await runTests(tree, phases, limits);
  const { points } = snapshot.bundle.exercise;
  const tests: GradedTest[] = outcome.results.map((r) => {
    const tier = heldBack.includes(r.file) ? 'held-back' : 'visible';
    const worth = tier === 'visible' ? points.visible : points.heldBack;
    return { tier, name: r.name, ok: r.ok, points: r.ok ? worth : 0, message: r.message ?? '' };
  });
  // The maximum comes from a clean count of the tests, so a crash cannot shrink it.
  const max = maxPoints(snapshot);
  return {
    id: snapshot.id,
    pin: snapshot.pin,
    status: outcome.status === 'ok' ? 'graded' : outcome.status,
    detail: outcome.detail,
    score: outcome.status === 'ok' ? tests.reduce((s, t) => s + t.points, 0) : 0,
    max,
    tests: outcome.status === 'ok' ? tests : [],
    claimed: entry.claimed,
    permissionDenied: outcome.permissionDenied,
    output: outcome.output,
    outputChars: outcome.outputChars,
  };
}

/** An assigned exercise the bundle does not contain: 0 of its full max. */
function missingExercise(snapshot: ExerciseSnapshot): GradedExercise {
  return {
    id: snapshot.id,
    pin: snapshot.pin,
    status: 'missing',
    detail: 'assigned, but not in the submission',
    score: 0,
    max: maxPoints(snapshot),
    tests: [],
    claimed: null,
    permissionDenied: false,
    output: '',
    outputChars: 0,
  };
}
