/** Reads and checks the course files in `content/courses/` against the exercises they assign. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { courseSchema, type Course } from './course.ts';
import {
  ExerciseError,
  loadExercises,
  maxPoints,
  pinOf,
  ROOTS,
  snapshotOf,
  type ContentRoots,
  type Exercise,
} from './exercise.ts';

/** Where course files live: beside the exercises folder. */
export function coursesDir(roots: ContentRoots = ROOTS): string {
  return join(roots.exercises, '..', 'courses');
}

/** Every course, checked: each names existing exercises, each exercise once, due dates in order. */
export function loadCourses(roots: ContentRoots = ROOTS): Course[] {
  const dir = coursesDir(roots);
  if (!existsSync(dir)) return [];
  const exercises = new Map(loadExercises(roots).map((e) => [e.data.id, e]));
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => loadCourse(join(dir, name), exercises));
}

function loadCourse(file: string, exercises: Map<string, Exercise>): Course {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ExerciseError(file, `not YAML: ${(error as Error).message}`);
  }
  const parsed = courseSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map(
      (issue) => `field "${issue.path.join('.') || '(top level)'}": ${issue.message}`,
    );
    throw new ExerciseError(file, fields.join('; '));
  }
  const data = parsed.data;
  if (data.id !== basename(file, '.yaml')) {
    throw new ExerciseError(file, `field "id": "${data.id}" differs from the file name`);
  }
  const seen = new Set<string>();
  let lastDue = 0;
  const weeks = data.weeks.map((week, w) => {
    if (week.dueInDays <= lastDue) {
      throw new ExerciseError(
        file,
        `field "weeks.${w}.dueInDays": due dates must come later week by week`,
      );
    }
    lastDue = week.dueInDays;
    return {
      title: week.title,
      notes: week.notes ?? null,
      dueInDays: week.dueInDays,
      exercises: week.exercises.map((id, i) => {
        const field = `field "weeks.${w}.exercises.${i}"`;
        const exercise = exercises.get(id);
        if (!exercise) throw new ExerciseError(file, `${field}: there is no exercise "${id}"`);
        if (seen.has(id)) throw new ExerciseError(file, `${field}: "${id}" is assigned twice`);
        seen.add(id);
        // The grader's own maximum, so the builder and the grades never disagree.
        return { id, pin: pinOf(exercise), points: maxPoints(snapshotOf(exercise)) };
      }),
    };
  });
  return { id: data.id, title: data.title, summary: data.summary, weeks };
}
