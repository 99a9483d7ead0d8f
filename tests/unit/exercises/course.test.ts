/** Ready courses: the file format, its checks naming file and field, and the week that becomes an assignment and a link. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readAssignmentYaml } from '../../../src/cli/link.ts';
import { assignmentHash } from '../../../src/lib/exercises/assignment.ts';
import { addDays, weekAssignment } from '../../../src/lib/exercises/course.ts';
import { loadCourses } from '../../../src/lib/exercises/course-files.ts';
import {
  loadExercise,
  maxPoints,
  pinOf,
  ROOTS,
  snapshotOf,
  type ContentRoots,
} from '../../../src/lib/exercises/exercise.ts';
import { makeSubmission } from '../../../src/lib/exercises/submission.ts';

let dir = '';
let roots: ContentRoots;
const course = (body: string, name = 'mini.yaml') =>
  writeFileSync(join(dir, 'courses', name), body);
const good = `id: mini
title: { zh: 小课, en: Mini }
summary: { zh: 两周。, en: Two weeks. }
weeks:
  - title: { zh: 循环, en: The loop }
    notes: { zh: 先做这题。, en: Start here. }
    dueInDays: 7
    exercises: [loop-rounds]
  - title: { zh: 定时器, en: Timers }
    dueInDays: 14
    exercises: [timers-min-heap]
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tal-course-'));
  roots = { exercises: join(dir, 'exercises'), sandboxes: join(dir, 'sandboxes') };
  cpSync(ROOTS.sandboxes, roots.sandboxes, { recursive: true });
  for (const id of ['loop-rounds', 'timers-min-heap']) {
    cpSync(join(ROOTS.exercises, id), join(roots.exercises, id), { recursive: true });
  }
  mkdirSync(join(dir, 'courses'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a course pins each exercise and sums the points the grader would give', () => {
  course(good);
  const [mini] = loadCourses(roots);
  expect(mini?.weeks.map((w) => w.exercises.map((e) => e.id))).toEqual([
    ['loop-rounds'],
    ['timers-min-heap'],
  ]);
  for (const week of mini?.weeks ?? []) {
    for (const e of week.exercises) {
      const exercise = loadExercise(e.id, roots);
      expect(e.pin).toBe(pinOf(exercise));
      // The same maximum the grader computes from the snapshot it grades against.
      expect(e.points).toBe(maxPoints(snapshotOf(exercise)));
      expect(e.points).toBeGreaterThan(0);
    }
  }
});

test('each mistake in a course file is refused, naming the file and the field', () => {
  const file = join(dir, 'courses', 'mini.yaml');
  const cases: [string, RegExp][] = [
    [
      good.replace('[loop-rounds]', '[no-such-exercise]'),
      /weeks\.0\.exercises\.0.*no exercise "no-such-exercise"/,
    ],
    [
      good.replace('[timers-min-heap]', '[loop-rounds]'),
      /weeks\.1\.exercises\.0.*"loop-rounds" is assigned twice/,
    ],
    [good.replace('dueInDays: 14', 'dueInDays: 7'), /weeks\.1\.dueInDays.*later week by week/],
    [good.replace('id: mini', 'id: other'), /"id": "other" differs from the file name/],
    [good.replace('summary:', 'sumary:'), /sumary/],
    [good.replace('{ zh: 定时器, en: Timers }', '{ en: Timers }'), /weeks\.1\.title\.zh/],
    ['weeks: [', /not YAML/],
  ];
  for (const [body, message] of cases) {
    course(body);
    expect(() => loadCourses(roots)).toThrow(message);
    expect(() => loadCourses(roots)).toThrow(file);
  }
  course(good);
});

test('week N becomes an assignment due N days after the start, in the chosen language', () => {
  course(good);
  const [mini] = loadCourses(roots);
  if (!mini) throw new Error('no course');
  const week2 = weekAssignment(mini, 2, 'zh', '2027-02-25');
  expect(week2).toMatchObject({
    id: 'mini-w2',
    title: '小课 · 定时器',
    due: '2027-03-11',
    notes: '',
  });
  expect(weekAssignment(mini, 1, 'en', '2027-12-31')).toMatchObject({
    due: '2028-01-07',
    notes: 'Start here.',
  });
  expect(() => weekAssignment(mini, 3, 'en', '2027-01-01')).toThrow(/weeks 1 to 2, not 3/);
  expect(() => addDays('2027-13-01', 1)).toThrow(/not a date/);
  expect(() => addDays('tomorrow', 1)).toThrow(/not a date/);
  expect(() => addDays('2027-02-30', 1)).toThrow(/not a date/);
  expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
});

test('the documented commands take the ready course to grades: course, then grade --assignment', async () => {
  const out = mkdtempSync(join(tmpdir(), 'tal-course-cli-'));
  try {
    const cli = (...args: string[]) =>
      execFileSync(process.execPath, ['src/cli/index.ts', ...args], { encoding: 'utf8' });
    const printed = cli(
      'course',
      'tornado-internals',
      '--start',
      '2027-03-01',
      '--out',
      join(out, 'course'),
    );
    const [course] = loadCourses().filter((c) => c.id === 'tornado-internals');
    if (!course) throw new Error('no tornado-internals course');
    // Every week, so every exercise of the course goes through the real grader.
    for (const [index, week] of course.weeks.entries()) {
      const n = index + 1;
      const points = week.exercises.reduce((sum, e) => sum + e.points, 0);
      const due = addDays('2027-03-01', week.dueInDays);
      expect(printed).toContain(
        `tornado-internals-w${n}.yaml: due ${due}, ${week.exercises.length} exercises, ${points} points`,
      );
      const file = join(out, 'course', `tornado-internals-w${n}.yaml`);
      // The file is the assignment YAML that link and grade read, with every pin.
      const { assignment } = readAssignmentYaml(file);
      expect(assignment.exercises).toEqual(week.exercises.map(({ id, pin }) => ({ id, pin })));
      const submissions = join(out, `submissions-w${n}`);
      mkdirSync(submissions);
      const hand = async (student: string, tier: 'solution' | 'starter') => {
        const bundle = await makeSubmission({
          assignment: { id: assignment.id, sourceHash: await assignmentHash(assignment) },
          student: { id: student, name: student },
          createdAt: '2027-03-07T12:00:00Z',
          exercises: assignment.exercises.map(({ id, pin }) => ({
            id,
            pin,
            files: loadExercise(id)[tier],
            claimed: null,
          })),
        });
        writeFileSync(join(submissions, `${student}.json`), JSON.stringify(bundle));
      };
      await hand('solver', 'solution');
      await hand('untouched', 'starter');
      const grades = join(out, `grades-w${n}`);
      cli('grade', submissions, '--assignment', file, '--out', grades);
      const rows = readFileSync(join(grades, 'grades.csv'), 'utf8').trim().split('\n');
      const header = rows[0]?.split(',') ?? [];
      const total = (student: string) => {
        const row = rows.find((r) => r.startsWith(`${student},`))?.split(',') ?? [];
        return [Number(row[header.indexOf('total')]), Number(row[header.indexOf('max')])];
      };
      expect(total('solver'), `week ${n}`).toEqual([points, points]);
      expect(total('untouched'), `week ${n}`).toEqual([0, points]);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 120_000);
