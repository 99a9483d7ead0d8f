/** The zod schema of an exercise's frontmatter (`content/exercises/<id>/exercise.md`); it is the reference for the format. */
import { z } from 'astro/zod';
import { tornadoRefSchema } from '../content/schemas.ts';

/** Text in both languages. */
export const bilingual = z.strictObject({
  /** Chinese text. */
  zh: z.string().min(1),
  /** English text. */
  en: z.string().min(1),
});

/** A file name inside the step, such as `ioloop.ts` (no folders, no `..`). */
const fileName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*\.ts$/, 'must be a bare .ts file name of the step, such as ioloop.ts');

/** The difficulty levels, easiest first. */
export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;

/** The rule for an exercise id, shared by the content schema, assignment links and the grader. */
export const EXERCISE_ID = /^[a-z][a-z0-9-]{2,48}$/;

/**
 * Frontmatter of an exercise. Unknown keys are errors, so a typo never silently drops a setting.
 * The Markdown body holds the instructions in both languages: a line `<!-- zh -->` starts the
 * Chinese part and a line `<!-- en -->` the English part.
 */
export const exerciseSchema = z
  .strictObject({
    /** Equal to the folder name; used in URLs, pins and submissions. @example 'timers-call-later' */
    id: z.string().regex(EXERCISE_ID, 'must be kebab-case, 3-49 characters'),
    /** Bumped by hand when the exercise changes in a way a reader should notice. @example 1 */
    version: z.number().int().positive(),
    /** The title on the exercise page and in lists. */
    title: bilingual,
    /** The step (`content/sandboxes/NN-slug`) the exercise cuts its gap into. @example '02-timers' */
    step: z.string().regex(/^\d\d-[a-z0-9-]+$/, 'must be a step id such as 02-timers'),
    /**
     * The files the learner edits; `starter/` and `solution/` hold exactly these. Only these are
     * taken from a submission when grading. @example ['ioloop.ts']
     */
    editable: z.array(fileName).min(1),
    /**
     * The gap, derived from the step instead of kept as copies: the solution is the step's `file`
     * and the starter is that file with the body of `symbol` (a function or method) replaced by a
     * TODO that throws. Such an exercise has no `starter/` or `solution/` folder, so a change to the
     * step reaches it by itself. Leave it out when the solution is not the step's code.
     * @example { file: heap.ts, symbol: pop }
     */
    cut: z
      .strictObject({
        /** The step file, one of `editable`. */
        file: fileName,
        /** The function or method whose body is the gap. @example '#pollTimeout' */
        symbol: z.string().regex(/^#?[A-Za-z_$][\w$]*$/, 'must be a function or method name'),
      })
      .optional(),
    /**
     * How much the exercise asks: `easy` (one idea, a few lines), `medium` (several cases to get
     * right), `hard` (timing, errors and cancellation together). Shown beside the title everywhere.
     */
    difficulty: z.enum(DIFFICULTIES),
    /**
     * The chapter (`NN-slug`) this exercise goes further than: it is listed under "Go further" at
     * the end of that chapter in both languages. Leave it out for an exercise cut from the chapter's
     * own steps, which is listed with the chapter's exercises. @example '03-async-machinery'
     */
    extends: z
      .string()
      .regex(/^\d\d-[a-z0-9-]+$/, 'must be a chapter such as 03-async-machinery')
      .optional(),
    /** The Tornado code the exercise rebuilds, each at a pinned release. @default [] */
    tornado: z.array(tornadoRefSchema).default([]),
    /** Hints, revealed one at a time, in order. @default [] */
    hints: z.array(bilingual).default([]),
    /** Points each passing test is worth, per tier. @default { visible: 1, heldBack: 1 } */
    points: z
      .strictObject({
        /** Per visible test. */
        visible: z.number().int().nonnegative(),
        /** Per held-back test. */
        heldBack: z.number().int().nonnegative(),
      })
      .default({ visible: 1, heldBack: 1 }),
    /**
     * Wall-clock limit for one run of all the tests of one submission, in ms. The reference
     * solutions take well under a second; a stuck submission costs the grader this much. @default 5000
     */
    timeLimitMs: z.number().int().min(100).max(120_000).default(5_000),
    /**
     * `practice`: the gap is a function a step implements, so the answer is on the site anyway; the
     * solution ships too and can be revealed on the page. `private`: the site never contains the
     * solution (the leak guard checks every built file), so it can count toward a grade; the build
     * fails if its solution is a step's code. No default: the author decides.
     */
    kind: z.enum(['practice', 'private']),
  })
  .refine((data) => data.extends === undefined || data.tornado.length > 0, {
    message: 'an exercise that goes further than a chapter names the Tornado code it rebuilds',
    path: ['tornado'],
  });
/** Frontmatter of an exercise, defaults applied. */
export type ExerciseData = z.infer<typeof exerciseSchema>;
