/** `grade <bundles or folders…>`: verifies submission bundles, re-runs every test in sandboxed child processes, writes grades.csv, feedback and a summary. */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'astro/zod';
import { assignmentHash, type Assignment } from '../lib/exercises/assignment.ts';
import {
  allSnapshots,
  maxPoints,
  runtimeTree,
  type ExerciseSnapshot,
} from '../lib/exercises/exercise.ts';
import {
  HarnessProcess,
  killAllHarnesses,
  runTests,
  type RunOutcome,
  type RunLimits,
  type TestPhase,
} from '../lib/exercises/sandbox-run.ts';
import {
  digestInput,
  receiptCode,
  sha256Hex,
  type SubmissionBundle,
} from '../lib/exercises/submission.ts';
import { EXERCISE_ID } from '../lib/exercises/schema.ts';
import { pool } from './exercise-check.ts';

export { maxPoints };
import { readAssignmentYaml } from './link.ts';

/** Largest bundle file read, and largest single source file accepted. */
export const MAX_BUNDLE_BYTES = 4 << 20;
export const MAX_FILE_BYTES = 200 << 10;

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`));
const manifestSchema = z.strictObject({
  format: z.literal('tornado-async-lab/submission'),
  version: z.literal(1),
  assignment: z.strictObject({ id: z.string().min(1).max(80), sourceHash: z.string().max(64) }),
  student: z.strictObject({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/),
    name: z.string().max(200),
  }),
  createdAt: z.string().max(40),
  exercises: z
    .array(
      z.strictObject({
        id: z.string().regex(EXERCISE_ID),
        pin: hex(16),
        files: z.array(
          z.strictObject({
            path: z.string().max(200),
            sha256: hex(64),
            bytes: z.number().int().nonnegative(),
          }),
        ),
        claimed: z
          .strictObject({
            passed: z.number().int().nonnegative(),
            total: z.number().int().nonnegative(),
          })
          .nullable(),
      }),
    )
    .min(1)
    .max(50),
  digest: hex(64),
  receipt: z.string().regex(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/),
});
const bundleSchema = z.strictObject({
  manifest: manifestSchema,
  files: z.record(z.string(), z.string()),
});

/** One test's outcome in a grade. */
export interface GradedTest {
  tier: 'visible' | 'held-back';
  name: string;
  ok: boolean;
  points: number;
  message: string;
}

/** One exercise of one submission, graded. */
export interface GradedExercise {
  id: string;
  pin: string;
  /** `missing`: assigned, but not in the bundle (scores 0 of the exercise's max). */
  status: 'graded' | 'timeout' | 'out-of-memory' | 'crashed' | 'missing';
  detail: string;
  score: number;
  max: number;
  tests: GradedTest[];
  claimed: { passed: number; total: number } | null;
  permissionDenied: boolean;
  /** The tail of what the code printed while the visible tests ran. */
  output: string;
  /** How many characters it printed then in all. */
  outputChars: number;
}

/** A verified bundle (with the receipt code recomputed from its files), or why it was refused. */
export type Verified =
  | {
      ok: true;
      source: string;
      bundle: SubmissionBundle;
      snapshots: Map<string, ExerciseSnapshot>;
      receipt: string;
    }
  | { ok: false; source: string; studentId: string | null; reason: string };

/** Checks a bundle file: size, JSON, schema, paths, file hashes, digest, receipt, pins and assignment. */
export async function verifyBundle(
  source: string,
  text: string,
  known: Map<string, ExerciseSnapshot>,
  assignment: { value: Assignment; hash: string } | null,
): Promise<Verified> {
  const refuse = (reason: string, studentId: string | null = null): Verified => ({
    ok: false,
    source,
    studentId,
    reason,
  });
  if (text.length > MAX_BUNDLE_BYTES)
    return refuse(`bundle too large (${text.length} bytes, limit ${MAX_BUNDLE_BYTES})`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return refuse('not a JSON bundle (corrupt or truncated)');
  }
  const rawId = (raw as { manifest?: { student?: { id?: unknown } } } | null)?.manifest?.student
    ?.id;
  const guessedId =
    typeof rawId === 'string' && /^[A-Za-z0-9._-]{1,40}$/.test(rawId) ? rawId : null;
  const parsed = bundleSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(
      `wrong schema: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
      guessedId,
    );
  }
  const bundle = parsed.data;
  const { manifest } = bundle;
  const studentId = manifest.student.id;
  const listed = new Set<string>();
  const snapshots = new Map<string, ExerciseSnapshot>();
  for (const exercise of manifest.exercises) {
    const snapshot = known.get(`${exercise.id}@${exercise.pin}`);
    if (!snapshot) return refuse(`unknown pin ${exercise.id}@${exercise.pin}`, studentId);
    if (snapshots.has(exercise.id))
      return refuse(`exercise ${exercise.id} appears twice`, studentId);
    snapshots.set(exercise.id, snapshot);
    for (const file of exercise.files) {
      if (!snapshot.bundle.exercise.editable.includes(file.path)) {
        return refuse(
          `path outside the exercise: ${exercise.id}/${file.path} is not an editable file`,
          studentId,
        );
      }
      const key = `${exercise.id}/${file.path}`;
      const body = bundle.files[key];
      if (body === undefined) return refuse(`missing file ${key}`, studentId);
      const bytes = new TextEncoder().encode(body).length;
      if (bytes > MAX_FILE_BYTES)
        return refuse(`huge file ${key} (${bytes} bytes, limit ${MAX_FILE_BYTES})`, studentId);
      if ((await sha256Hex(body)) !== file.sha256 || bytes !== file.bytes) {
        return refuse(`tampered file ${key}: its SHA-256 does not match the manifest`, studentId);
      }
      listed.add(key);
    }
  }
  for (const key of Object.keys(bundle.files)) {
    // Anything not listed (tests, other files) is ignored, never run; a path escaping the folder is refused.
    if (!listed.has(key) && /(^|\/)\.\.(\/|$)|^\//.test(key)) {
      return refuse(`path outside the exercise: ${key}`, studentId);
    }
  }
  const digest = await sha256Hex(digestInput(manifest));
  if (digest !== manifest.digest)
    return refuse('wrong digest: the manifest does not match its files', studentId);
  const receipt = receiptCode(digest);
  if (receipt !== manifest.receipt) return refuse('wrong receipt code for this digest', studentId);
  if (assignment) {
    if (manifest.assignment.id !== assignment.value.id) {
      return refuse(
        `for assignment "${manifest.assignment.id}", not "${assignment.value.id}"`,
        studentId,
      );
    }
    for (const exercise of manifest.exercises) {
      if (!assignment.value.exercises.some((e) => e.id === exercise.id && e.pin === exercise.pin)) {
        return refuse(`pin ${exercise.id}@${exercise.pin} is not in the assignment`, studentId);
      }
    }
  }
  return { ok: true, source, bundle, snapshots, receipt };
}

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

/** A graded student: their bundle and each exercise's result. */
export interface StudentGrade {
  source: string;
  studentId: string;
  name: string;
  digest: string;
  /** Recomputed from the bundle's files: the code the student saw and pasted into the LMS. */
  receipt: string;
  exercises: GradedExercise[];
}

/** Everything the reports are written from. */
export interface GradeRun {
  students: StudentGrade[];
  bad: { source: string; studentId: string | null; reason: string }[];
  /** Students with more than one different bundle: none of them is graded, an instructor decides. */
  conflicts: Conflict[];
  exerciseIds: string[];
  /** Which share of the students this run graded (`--shard K/N`); absent for a whole run. */
  shard?: Shard;
  /** SHA-256 over the assignment, the graded bundles' digests, the conflicts and the bad bundles: shards of one course agree on it. */
  inputs?: string;
}

/** Different bundles under one student id; `receipts[i]` is the receipt code of `sources[i]`. */
export interface Conflict {
  studentId: string;
  sources: string[];
  receipts: string[];
}

/** Each bundle of a conflict with its receipt code, so the instructor can match the one the student pasted. */
function conflictBundles(conflict: Conflict): string {
  return conflict.sources.map((source, i) => `${source} ${conflict.receipts[i] ?? ''}`).join(', ');
}

/** Share K of N (1-based): the students whose position in id order is K-1 modulo N. */
export interface Shard {
  index: number;
  count: number;
}

/** Reads `K/N`, or says what is wrong with it. */
export function parseShard(text: string): Shard {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new Error(`--shard ${text}: expected K/N with 1 <= K <= N, such as 2/4`);
  }
  return { index, count };
}

/** A CSV cell; text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a `'` before it. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A student's name without control or bidirectional-override characters, on one line. */
export function cleanName(name: string): string {
  return name
    .replace(/[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text shown literally in Markdown: every character Markdown could read as syntax is escaped. */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}

/**
 * grades.csv: one row per student with the receipt code of the graded bundle, a column per
 * exercise and the total; conflicts and bad bundles get a row with the reason and no receipt.
 */
export function gradesCsv(run: GradeRun): string {
  const header = ['student_id', 'name', 'receipt', ...run.exerciseIds, 'total', 'max', 'status'];
  const rows: (string | number)[][] = [];
  for (const student of run.students) {
    const cells = run.exerciseIds.map((id) => {
      const graded = student.exercises.find((e) => e.id === id);
      return graded ? graded.score : '';
    });
    const total = student.exercises.reduce((s, e) => s + e.score, 0);
    const max = student.exercises.reduce((s, e) => s + e.max, 0);
    const problems = student.exercises
      .filter((e) => e.status !== 'graded')
      .map((e) => `${e.id}: ${e.status}`);
    rows.push([
      student.studentId,
      student.name,
      student.receipt,
      ...cells,
      total,
      max,
      problems.length ? problems.join('; ') : 'ok',
    ]);
  }
  for (const conflict of run.conflicts) {
    rows.push([
      conflict.studentId,
      '',
      '',
      ...run.exerciseIds.map(() => ''),
      '',
      '',
      `conflict: ${conflict.sources.length} different bundles (${conflictBundles(conflict)}); not graded`,
    ]);
  }
  for (const bad of run.bad) {
    if (
      bad.studentId === null ||
      run.students.some((s) => s.studentId === bad.studentId) ||
      run.conflicts.some((c) => c.studentId === bad.studentId)
    )
      continue;
    rows.push([
      bad.studentId,
      '',
      '',
      ...run.exerciseIds.map(() => ''),
      0,
      '',
      `bad bundle: ${bad.reason}`,
    ]);
  }
  rows.sort(
    (a, b) =>
      String(a[0]).localeCompare(String(b[0])) || String(a.at(-1)).localeCompare(String(b.at(-1))),
  );
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

/** Per-student feedback: every visible test with its message; held-back tests by name and result only. */
export function feedbackMarkdown(student: StudentGrade): string {
  const total = student.exercises.reduce((s, e) => s + e.score, 0);
  const max = student.exercises.reduce((s, e) => s + e.max, 0);
  const lines = [
    `# Feedback for ${markdownText(student.name || student.studentId)} (${student.studentId})`,
    '',
    `Receipt ${student.receipt}. Score ${total} / ${max}.`,
    '',
  ];
  for (const exercise of student.exercises) {
    lines.push(`## ${exercise.id} — ${exercise.score} / ${exercise.max}`, '');
    if (exercise.status !== 'graded') lines.push(`**${exercise.status}**: ${exercise.detail}`, '');
    if (exercise.permissionDenied)
      lines.push(
        'The code tried to import something outside its exercise (a Node module, a test or the test API); the grader refused.',
        '',
      );
    for (const test of exercise.tests) {
      const mark = test.ok ? '✓' : '✗';
      const why =
        !test.ok && test.tier === 'visible' && test.message
          ? ` — ${test.message.split('\n')[0]?.slice(0, 200)}`
          : '';
      lines.push(`- ${mark} ${test.tier === 'held-back' ? '(held back) ' : ''}${test.name}${why}`);
    }
    if (exercise.output) lines.push('', ...printedTail(exercise));
    if (exercise.claimed) {
      const passed = exercise.tests.filter((t) => t.tier === 'visible' && t.ok).length;
      if (exercise.claimed.passed !== passed) {
        lines.push(
          '',
          `Your browser reported ${exercise.claimed.passed} visible tests passing; the grader found ${passed}.`,
        );
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** The last lines the code printed during the visible tests, fenced so nothing in them is Markdown. */
function printedTail(exercise: GradedExercise): string[] {
  const tail = exercise.output.replace(/\n$/, '').split('\n').slice(-40);
  const longest = Math.max(2, ...(exercise.output.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const shown = exercise.outputChars > exercise.output.length ? 'the last lines' : 'all of it';
  return [
    `Your code printed ${exercise.outputChars} characters while the visible tests ran; ${shown}:`,
    '',
    `${fence}text`,
    ...tail,
    fence,
  ];
}

/** summary.md: pass rate per test, timeouts, memory and permission problems, claim mismatches, bad bundles. */
export function summaryMarkdown(run: GradeRun): string {
  const lines = [
    '# Grading summary',
    '',
    `${run.students.length} graded, ${run.bad.length} bad bundles, ${run.conflicts.length} conflicts.`,
    '',
  ];
  lines.push(
    '## Pass rate per test',
    '',
    '| exercise | tier | test | passed |',
    '| --- | --- | --- | --- |',
  );
  const rates = new Map<string, { passed: number; total: number }>();
  for (const student of run.students) {
    for (const exercise of student.exercises) {
      for (const test of exercise.tests) {
        const key = `${exercise.id}\0${test.tier}\0${test.name}`;
        const rate = rates.get(key) ?? { passed: 0, total: 0 };
        rate.total++;
        if (test.ok) rate.passed++;
        rates.set(key, rate);
      }
    }
  }
  for (const key of [...rates.keys()].sort()) {
    const [exercise, tier, name] = key.split('\0');
    const rate = rates.get(key);
    lines.push(
      `| ${exercise} | ${tier} | ${name?.replace(/\|/g, '\\|')} | ${rate?.passed}/${rate?.total} |`,
    );
  }
  const problems: string[] = [];
  const mismatches: string[] = [];
  for (const student of run.students) {
    for (const e of student.exercises) {
      if (e.status !== 'graded')
        problems.push(`- ${student.studentId} ${e.id}: ${e.status} (${e.detail})`);
      if (e.permissionDenied)
        problems.push(
          `- ${student.studentId} ${e.id}: refused an import outside the exercise (Node, tests or test API)`,
        );
      const passed = e.tests.filter((t) => t.tier === 'visible' && t.ok).length;
      if (e.claimed && e.status === 'graded' && e.claimed.passed !== passed) {
        mismatches.push(
          `- ${student.studentId} ${e.id}: claimed ${e.claimed.passed}, recomputed ${passed}`,
        );
      }
    }
  }
  lines.push(
    '',
    '## Timeouts, memory and permission problems',
    '',
    ...(problems.length ? problems.sort() : ['None.']),
  );
  lines.push(
    '',
    '## Claimed vs recomputed (visible tests)',
    '',
    ...(mismatches.length ? mismatches.sort() : ['None.']),
  );
  const bad = run.bad
    .map((b) => `- ${b.source}${b.studentId ? ` (${b.studentId})` : ''}: ${b.reason}`)
    .sort();
  lines.push('', '## Bad bundles', '', ...(bad.length ? bad : ['None.']));
  const conflicts = run.conflicts.map(
    (c) =>
      `- ${c.studentId}: ${c.sources.length} different bundles (${conflictBundles(c)}); none was graded. Keep the one to grade and run again.`,
  );
  lines.push('', '## Conflicts', '', ...(conflicts.length ? conflicts : ['None.']));
  return lines.join('\n') + '\n';
}

/** Bundle files named on the command line: files as given, folders expanded to their *.json, sorted. */
export function bundleFiles(inputs: string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    if (statSync(input).isDirectory()) {
      for (const name of readdirSync(input).sort()) {
        if (name.endsWith('.json')) files.push(join(input, name));
      }
    } else files.push(input);
  }
  return files;
}

function progress(done: number, total: number): void {
  if (!process.stderr.isTTY && done !== total && done % 10 !== 0) return;
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} runs${done === total ? '\n' : ''}`,
  );
}

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
  for (const file of files) {
    const source = basename(file);
    try {
      const size = statSync(file).size;
      if (size > MAX_BUNDLE_BYTES) {
        verified.push({
          ok: false,
          source,
          studentId: null,
          reason: `bundle too large (${size} bytes)`,
        });
        continue;
      }
      verified.push(await verifyBundle(source, readFileSync(file, 'utf8'), known, assignment));
    } catch (error) {
      verified.push({ ok: false, source, studentId: null, reason: `unreadable: ${String(error)}` });
    }
  }
  const good = verified.filter((v): v is Extract<Verified, { ok: true }> => v.ok);
  // One bundle per student. Copies of the same bundle count once; different bundles under one id
  // are a conflict for the instructor: the student's own clock (createdAt) can be set to anything.
  const byStudent = new Map<string, Extract<Verified, { ok: true }>[]>();
  for (const v of good) {
    const id = v.bundle.manifest.student.id;
    byStudent.set(id, [...(byStudent.get(id) ?? []), v]);
  }
  const chosen: Extract<Verified, { ok: true }>[] = [];
  const conflicts: GradeRun['conflicts'] = [];
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
  // The assignment decides what is graded: every assigned exercise counts, submitted or not.
  const assigned = (options.assignment?.exercises ?? []).flatMap((e) => {
    const snapshot = known.get(`${e.id}@${e.pin}`);
    return snapshot ? [snapshot] : [];
  });
  const toGrade = new Map(
    chosen.map((v) => {
      const list = new Map([...v.snapshots.values()].map((s) => [s.id, s]));
      for (const snapshot of assigned) if (!list.has(snapshot.id)) list.set(snapshot.id, snapshot);
      return [v, [...list.values()].sort((a, b) => a.id.localeCompare(b.id))] as const;
    }),
  );
  // Every shard verifies every bundle, so all shards agree on the students, conflicts and bad
  // bundles; each then grades its own share of the students in id order.
  const shard = options.shard;
  const mine = shard ? chosen.filter((_, i) => i % shard.count === shard.index - 1) : chosen;
  const total = mine.reduce((n, v) => n + (toGrade.get(v)?.length ?? 0), 0);
  let done = 0;
  if (options.showProgress) progress(0, total);
  // One child process per student runs that student's exercises one after another: no code of
  // one student ever shares a process with another's, and Node and SES start once per student.
  const students: StudentGrade[] = await pool(mine, options.concurrency, async (v) => {
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
  // What every shard of one course must agree on: the assignment and every bundle's fate.
  const inputs = createHash('sha256')
    .update(
      JSON.stringify([
        assignment?.hash ?? '',
        chosen.map((v) => v.bundle.manifest.digest),
        conflicts,
        bad.map((b) => JSON.stringify(b)).sort(),
      ]),
    )
    .digest('hex');
  return { students, bad, conflicts, exerciseIds, inputs, ...(shard ? { shard } : {}) };
}

/**
 * Joins the runs of shards 1..N of one course into the run one machine would have made: the
 * reports written from it are byte-identical. Refuses shards of different inputs, a shard given
 * twice or a missing one.
 */
export function mergeRuns(runs: GradeRun[]): GradeRun {
  const first = runs[0];
  if (!first?.shard) throw new Error('merge needs the shard files written by grade --shard K/N');
  const count = first.shard.count;
  const seen = new Set<number>();
  for (const run of runs) {
    if (!run.shard || run.shard.count !== count)
      throw new Error(`shards of different splits: ${count} and ${run.shard?.count ?? 'none'}`);
    if (run.inputs !== first.inputs)
      throw new Error(
        `shard ${run.shard.index}/${count} graded other bundles or another assignment than shard ${first.shard.index}/${count}`,
      );
    if (seen.has(run.shard.index)) throw new Error(`shard ${run.shard.index}/${count} given twice`);
    seen.add(run.shard.index);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0)
    throw new Error(
      `missing shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')}`,
    );
  const students = runs
    .flatMap((run) => run.students)
    .sort((a, b) => a.studentId.localeCompare(b.studentId));
  const exerciseIds = [...new Set(runs.flatMap((run) => run.exerciseIds))].sort();
  return {
    students,
    bad: first.bad,
    conflicts: first.conflicts,
    exerciseIds,
    ...(first.inputs ? { inputs: first.inputs } : {}),
  };
}

/**
 * The feedback file of `studentId`: `<id>.md`, unless another graded id differs from it only in
 * case (`Ann` and `ann` are one file on macOS and Windows); then each gets a short hash of its id.
 */
export function feedbackName(studentId: string, run: GradeRun): string {
  const folded = studentId.toLowerCase();
  const clash = run.students.some(
    (s) => s.studentId !== studentId && s.studentId.toLowerCase() === folded,
  );
  if (!clash) return `${studentId}.md`;
  return `${studentId}-${createHash('sha256').update(studentId).digest('hex').slice(0, 8)}.md`;
}

/** The file a shard's run is kept in until `grade merge` joins it with the others. */
export function shardFileName(shard: Shard): string {
  return `shard-${shard.index}-of-${shard.count}.json`;
}

/** Writes grades.csv, summary.md and feedback/<student>.md into `out`; a shard writes its run only. */
export function writeReports(run: GradeRun, out: string): void {
  if (run.shard) {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, shardFileName(run.shard)), `${JSON.stringify(run)}\n`);
    return;
  }
  mkdirSync(join(out, 'feedback'), { recursive: true });
  writeFileSync(join(out, 'grades.csv'), gradesCsv(run));
  writeFileSync(join(out, 'summary.md'), summaryMarkdown(run));
  for (const student of run.students) {
    writeFileSync(
      join(out, 'feedback', feedbackName(student.studentId, run)),
      feedbackMarkdown(student),
    );
  }
}

const USAGE = `usage: grade <bundles or folders…> [--out dir] [--assignment assignment.yaml] [--concurrency N]
             [--timeout-ms N] [--heap-mb N] [--shard K/N]
       grade merge <shard files or folders…> [--out dir]
`;

/** `grade merge`: joins shard files into the reports one run would have written. */
function mergeMain(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string', default: 'grades' } },
  });
  const files = positionals.flatMap((input) =>
    statSync(input).isDirectory()
      ? readdirSync(input)
          .filter((name) => /^shard-\d+-of-\d+\.json$/.test(name))
          .sort()
          .map((name) => join(input, name))
      : [input],
  );
  if (files.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  let run: GradeRun;
  try {
    run = mergeRuns(files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as GradeRun));
  } catch (error) {
    process.stderr.write(
      `grade merge: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  writeReports(run, values.out);
  process.stderr.write(
    `merged ${files.length} shards: ${run.students.length} graded; wrote ${join(values.out, 'grades.csv')}\n`,
  );
  return 0;
}

/** Ctrl-C or a CI cancel: stop every child at once and exit; nothing of the run is left on disk. */
export function stopOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAllHarnesses();
      process.stderr.write(`\ngrading stopped by ${signal}; no reports written\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/** A whole number above 0 given to `flag`, or an error naming the flag. */
function positive(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${flag}: a whole number above 0, not ${text}`);
  return value;
}

/** Entry point of `grade`. */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'merge') return mergeMain(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'grades' },
      concurrency: { type: 'string' },
      assignment: { type: 'string' },
      'timeout-ms': { type: 'string' },
      'heap-mb': { type: 'string' },
      shard: { type: 'string' },
    },
  });
  if (positionals.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const started = performance.now();
  const options: GradeOptions = {
    concurrency: Math.max(1, availableParallelism() - 1),
    showProgress: true,
  };
  // A wrong option or a broken assignment file is the instructor's to fix: say which, no stack trace.
  const refuse = (error: unknown, prefix = ''): number => {
    process.stderr.write(
      `${prefix}${error instanceof Error ? error.message : String(error)}\n${USAGE}`,
    );
    return 2;
  };
  try {
    if (values.concurrency) options.concurrency = positive('--concurrency', values.concurrency);
    if (values['timeout-ms']) options.timeoutMs = positive('--timeout-ms', values['timeout-ms']);
    if (values['heap-mb']) options.heapMb = positive('--heap-mb', values['heap-mb']);
    if (values.shard) options.shard = parseShard(values.shard);
  } catch (error) {
    return refuse(error);
  }
  if (values.assignment) {
    try {
      options.assignment = readAssignmentYaml(values.assignment).assignment;
    } catch (error) {
      return refuse(error, '--assignment: ');
    }
  }
  stopOnSignals();
  const run = await grade(bundleFiles(positionals), options);
  writeReports(run, values.out);
  for (const bad of run.bad) process.stderr.write(`bad bundle ${bad.source}: ${bad.reason}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const wrote = run.shard ? shardFileName(run.shard) : 'grades.csv';
  process.stderr.write(
    `${run.students.length} graded, ${run.bad.length} bad, in ${seconds} s; wrote ${join(values.out, wrote)}\n`,
  );
  return 0;
}
