/** The shapes a grading run produces: graded tests, exercises and students, and the run the reports are written from. */

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

/** A bundle that was refused, and why. */
export interface BadBundle {
  source: string;
  studentId: string | null;
  reason: string;
}

/** Everything the reports are written from. */
export interface GradeRun {
  students: StudentGrade[];
  bad: BadBundle[];
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

/** Share K of N (1-based): the students whose position in id order is K-1 modulo N. */
export interface Shard {
  index: number;
  count: number;
}
