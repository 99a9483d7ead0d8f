/** Courses: ready-made series of weekly assignments (`content/courses/<id>.yaml`), their schema and how a week becomes an assignment. */
import { z } from 'astro/zod';
import type { Assignment } from './assignment.ts';
import { bilingual, EXERCISE_ID } from './schema.ts';

/** One week: which exercises, due how many days after the course starts. */
const weekSchema = z.strictObject({
  /** Shown in the builder and in the assignment's title. */
  title: bilingual,
  /** What students read on the assignment page. @default none */
  notes: bilingual.optional(),
  /** Days from the course's start to this week's due date. @example 7 */
  dueInDays: z.number().int().min(1).max(365),
  /** Exercise ids, each at most once in the whole course. */
  exercises: z.array(z.string().regex(EXERCISE_ID, 'must be an exercise id')).min(1).max(50),
});

/**
 * A course file. Unknown keys are errors. Points are not set here: each exercise's tests and
 * `points` decide them, so the builder and the grader can never disagree.
 */
export const courseSchema = z.strictObject({
  /** Equal to the file name; week N's assignment id is `<id>-wN`. @example 'tornado-internals' */
  id: z.string().regex(/^[a-z][a-z0-9-]{2,40}$/, 'must be kebab-case, 3-41 characters'),
  title: bilingual,
  /** One or two sentences for the builder. */
  summary: bilingual,
  weeks: z.array(weekSchema).min(1).max(52),
});
/** A course as written. */
export type CourseData = z.infer<typeof courseSchema>;

/** A course week ready for the builder: exercises pinned, points summed. */
export interface CourseWeek {
  title: { zh: string; en: string };
  notes: { zh: string; en: string } | null;
  dueInDays: number;
  exercises: { id: string; pin: string; points: number }[];
}

/** A course with its weeks resolved against the current exercises. */
export interface Course {
  id: string;
  title: { zh: string; en: string };
  summary: { zh: string; en: string };
  weeks: CourseWeek[];
}

/** `date` (YYYY-MM-DD) plus `days`, as YYYY-MM-DD, in UTC so no time zone shifts the day. */
export function addDays(date: string, days: number): string {
  const start = new Date(`${date}T00:00:00Z`);
  // Date rolls 2027-02-30 over to March: only a date that reads back the same is one.
  if (
    !/^\d{4}-\d\d-\d\d$/.test(date) ||
    Number.isNaN(start.getTime()) ||
    start.toISOString().slice(0, 10) !== date
  ) {
    throw new Error(`not a date (YYYY-MM-DD): ${date}`);
  }
  return new Date(start.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Week `n` (from 1) of a course as an assignment, for a course that starts on `start`. */
export function weekAssignment(
  course: Course,
  n: number,
  lang: 'zh' | 'en',
  start: string,
): Assignment {
  const week = course.weeks[n - 1];
  if (!week) throw new Error(`course ${course.id} has weeks 1 to ${course.weeks.length}, not ${n}`);
  return {
    format: 1,
    id: `${course.id}-w${n}`,
    title: `${course.title[lang]} · ${week.title[lang]}`,
    due: addDays(start, week.dueInDays),
    notes: week.notes?.[lang] ?? '',
    exercises: week.exercises.map(({ id, pin }) => ({ id, pin })),
  };
}
