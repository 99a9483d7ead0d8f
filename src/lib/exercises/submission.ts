/** The submission bundle a student exports and the grader verifies: manifest, files, digest and receipt code (browser and Node alike). */

/** One editable file as the manifest lists it. */
export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** One exercise of a submission. */
export interface ManifestExercise {
  id: string;
  /** The pinned version the student worked on. */
  pin: string;
  files: ManifestFile[];
  /** What the browser's Check said; informational, the grader recomputes. */
  claimed: { passed: number; total: number } | null;
}

/** The manifest of a submission. */
export interface SubmissionManifest {
  format: 'tornado-async-lab/submission';
  version: 1;
  assignment: { id: string; sourceHash: string };
  student: { id: string; name: string };
  /** The student's clock; informational only. */
  createdAt: string;
  exercises: ManifestExercise[];
  /** SHA-256 over the sorted (exercise, pin, path, file hash) list plus assignment and student ids. */
  digest: string;
  /** The first 12 base32 characters of the digest, grouped in fours. */
  receipt: string;
}

/** A submission bundle: the manifest and the files, keyed `<exercise id>/<path>`. */
export interface SubmissionBundle {
  manifest: SubmissionManifest;
  files: Record<string, string>;
}

/** Hex SHA-256 of a text (UTF-8) with Web Crypto, which browsers and Node share. */
export async function sha256Hex(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const hash = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The text the digest covers; it ignores order, names and clocks, so it is reproducible. */
export function digestInput(
  manifest: Pick<SubmissionManifest, 'assignment' | 'student' | 'exercises'>,
): string {
  const lines = manifest.exercises.flatMap((exercise) =>
    exercise.files.map((file) => `${exercise.id}\0${exercise.pin}\0${file.path}\0${file.sha256}`),
  );
  lines.sort();
  return [
    `assignment\0${manifest.assignment.id}`,
    `student\0${manifest.student.id}`,
    ...lines,
  ].join('\n');
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The receipt code: base32 of the digest's first bytes, 12 characters as `XXXX-XXXX-XXXX`. */
export function receiptCode(digestHex: string): string {
  let bits = '';
  for (let i = 0; i < 16; i += 2)
    bits += parseInt(digestHex.slice(i, i + 2), 16)
      .toString(2)
      .padStart(8, '0');
  let code = '';
  for (let i = 0; i < 60; i += 5) code += BASE32[parseInt(bits.slice(i, i + 5), 2)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`;
}

/** What a student enters and works on, before hashing. */
export interface SubmissionInput {
  assignment: { id: string; sourceHash: string };
  student: { id: string; name: string };
  exercises: {
    id: string;
    pin: string;
    /** Editable files by bare name. */
    files: Record<string, string>;
    claimed: { passed: number; total: number } | null;
  }[];
  createdAt?: string;
}

/** Builds a bundle: hashes every file, then the digest and the receipt code. */
export async function makeSubmission(input: SubmissionInput): Promise<SubmissionBundle> {
  const files: Record<string, string> = {};
  const exercises: ManifestExercise[] = [];
  for (const exercise of input.exercises) {
    const listed: ManifestFile[] = [];
    for (const path of Object.keys(exercise.files).sort()) {
      const text = exercise.files[path] ?? '';
      files[`${exercise.id}/${path}`] = text;
      listed.push({
        path,
        sha256: await sha256Hex(text),
        bytes: new TextEncoder().encode(text).length,
      });
    }
    exercises.push({
      id: exercise.id,
      pin: exercise.pin,
      files: listed,
      claimed: exercise.claimed,
    });
  }
  const base = { assignment: input.assignment, student: input.student, exercises };
  const digest = await sha256Hex(digestInput(base));
  return {
    manifest: {
      format: 'tornado-async-lab/submission',
      version: 1,
      ...base,
      createdAt: input.createdAt ?? new Date().toISOString(),
      digest,
      receipt: receiptCode(digest),
    },
    files,
  };
}
