/** Checks a submission bundle before anything of it runs: size, JSON, schema, paths, file hashes, digest, receipt, pins and assignment. */
import { z } from 'astro/zod';
import type { Assignment } from '../../lib/exercises/assignment.ts';
import type { ExerciseSnapshot } from '../../lib/exercises/exercise.ts';
import { EXERCISE_ID } from '../../lib/exercises/schema.ts';
import {
  digestInput,
  receiptCode,
  sha256Hex,
  type SubmissionBundle,
  type SubmissionManifest,
} from '../../lib/exercises/submission.ts';

/** Largest bundle file read, and largest single source file accepted. */
export const MAX_BUNDLE_BYTES = 4 << 20;
export const MAX_FILE_BYTES = 200 << 10;

const STUDENT_ID = /^[A-Za-z0-9._-]{1,40}$/;

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`));
const manifestSchema = z.strictObject({
  format: z.literal('tornado-async-lab/submission'),
  version: z.literal(1),
  assignment: z.strictObject({ id: z.string().min(1).max(80), sourceHash: z.string().max(64) }),
  student: z.strictObject({
    id: z.string().regex(STUDENT_ID),
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

/** A bundle that passed every check. */
export type GoodBundle = Extract<Verified, { ok: true }>;

/** The assignment bundles are graded for, with its hash. */
export interface HashedAssignment {
  value: Assignment;
  hash: string;
}

/** Checks a bundle file: size, JSON, schema, paths, file hashes, digest, receipt, pins and assignment. */
export async function verifyBundle(
  source: string,
  text: string,
  known: Map<string, ExerciseSnapshot>,
  assignment: HashedAssignment | null,
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
  const parsed = bundleSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(
      `wrong schema: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
      guessedStudentId(raw),
    );
  }
  const bundle = parsed.data;
  const { manifest } = bundle;
  const studentId = manifest.student.id;
  const snapshots = new Map<string, ExerciseSnapshot>();
  const problem =
    (await fileProblem(bundle, known, snapshots)) ??
    (await sealProblem(manifest)) ??
    assignmentProblem(manifest, assignment);
  if (problem !== null) return refuse(problem, studentId);
  // sealProblem recomputed the receipt code from the files: it is the one the manifest carries.
  return { ok: true, source, bundle, snapshots, receipt: manifest.receipt };
}

/** The student id of a bundle that fails the schema, if it looks like one: the report can then name the student. */
function guessedStudentId(raw: unknown): string | null {
  const rawId = (raw as { manifest?: { student?: { id?: unknown } } } | null)?.manifest?.student
    ?.id;
  return typeof rawId === 'string' && STUDENT_ID.test(rawId) ? rawId : null;
}

/**
 * What is wrong with the bundle's exercises and files, or null: every pin known and listed once,
 * every file editable, present, small enough and matching its hash. Fills `snapshots` by exercise id.
 */
async function fileProblem(
  bundle: SubmissionBundle,
  known: Map<string, ExerciseSnapshot>,
  snapshots: Map<string, ExerciseSnapshot>,
): Promise<string | null> {
  const listed = new Set<string>();
  for (const exercise of bundle.manifest.exercises) {
    const snapshot = known.get(`${exercise.id}@${exercise.pin}`);
    if (!snapshot) return `unknown pin ${exercise.id}@${exercise.pin}`;
    if (snapshots.has(exercise.id)) return `exercise ${exercise.id} appears twice`;
    snapshots.set(exercise.id, snapshot);
    for (const file of exercise.files) {
      if (!snapshot.bundle.exercise.editable.includes(file.path)) {
        return `path outside the exercise: ${exercise.id}/${file.path} is not an editable file`;
      }
      const key = `${exercise.id}/${file.path}`;
      const body = bundle.files[key];
      if (body === undefined) return `missing file ${key}`;
      const bytes = new TextEncoder().encode(body).length;
      if (bytes > MAX_FILE_BYTES)
        return `huge file ${key} (${bytes} bytes, limit ${MAX_FILE_BYTES})`;
      if ((await sha256Hex(body)) !== file.sha256 || bytes !== file.bytes) {
        return `tampered file ${key}: its SHA-256 does not match the manifest`;
      }
      listed.add(key);
    }
  }
  for (const key of Object.keys(bundle.files)) {
    // Anything not listed (tests, other files) is ignored, never run; a path escaping the folder is refused.
    if (!listed.has(key) && /(^|\/)\.\.(\/|$)|^\//.test(key)) {
      return `path outside the exercise: ${key}`;
    }
  }
  return null;
}

/** Whether the digest and the receipt code the manifest carries are the ones its files give, or null. */
async function sealProblem(manifest: SubmissionManifest): Promise<string | null> {
  const digest = await sha256Hex(digestInput(manifest));
  if (digest !== manifest.digest) return 'wrong digest: the manifest does not match its files';
  if (receiptCode(digest) !== manifest.receipt) return 'wrong receipt code for this digest';
  return null;
}

/** Whether the bundle was made for `assignment` and pins only its exercises' versions, or null. */
function assignmentProblem(
  manifest: SubmissionManifest,
  assignment: HashedAssignment | null,
): string | null {
  if (!assignment) return null;
  if (manifest.assignment.id !== assignment.value.id) {
    return `for assignment "${manifest.assignment.id}", not "${assignment.value.id}"`;
  }
  for (const exercise of manifest.exercises) {
    if (!assignment.value.exercises.some((e) => e.id === exercise.id && e.pin === exercise.pin)) {
      return `pin ${exercise.id}@${exercise.pin} is not in the assignment`;
    }
  }
  return null;
}
