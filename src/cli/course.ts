/** `course <id> --start YYYY-MM-DD`: turns a ready course into one assignment file and one link per week. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { assignmentHash, assignmentLink } from '../lib/exercises/assignment.ts';
import { addDays, weekAssignment } from '../lib/exercises/course.ts';
import { loadCourses } from '../lib/exercises/course-files.ts';

const USAGE =
  'usage: course <course id> --start YYYY-MM-DD [--out dir] [--lang en|zh] [--site https://host]\n';

/** Entry point of `course`; with no id, lists the courses. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      start: { type: 'string' },
      out: { type: 'string', default: '.' },
      lang: { type: 'string', default: 'en' },
      site: { type: 'string', default: 'http://localhost:4321' },
    },
  });
  const courses = loadCourses();
  const [id] = positionals;
  if (!id) {
    // Listing is what a bare `course` is for: it succeeds, and the usage says what comes next.
    process.stdout.write('courses:\n');
    for (const c of courses) {
      const points = c.weeks.flatMap((w) => w.exercises).reduce((n, e) => n + e.points, 0);
      process.stdout.write(
        `  ${c.id}: ${c.title.en} — ${c.weeks.length} weekly assignments, ${points} points\n`,
      );
    }
    process.stdout.write(USAGE);
    return 0;
  }
  const course = courses.find((c) => c.id === id);
  if (!course) {
    process.stderr.write(`no course "${id}"; courses: ${courses.map((c) => c.id).join(', ')}\n`);
    return 2;
  }
  if (!values.start) {
    process.stderr.write(`--start is required: the day the course begins\n${USAGE}`);
    return 2;
  }
  try {
    addDays(values.start, 0);
  } catch (error) {
    process.stderr.write(`--start: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.lang !== 'en' && values.lang !== 'zh') {
    process.stderr.write(`--lang: en or zh, not ${values.lang}\n`);
    return 2;
  }
  const lang = values.lang;
  mkdirSync(values.out, { recursive: true });
  for (const [index, week] of course.weeks.entries()) {
    const assignment = weekAssignment(course, index + 1, lang, values.start);
    const file = join(values.out, `${assignment.id}.yaml`);
    // The same YAML `link` and `grade --assignment` read, every pin written out.
    const yaml = stringify({
      id: assignment.id,
      title: assignment.title,
      due: assignment.due,
      notes: assignment.notes,
      site: values.site,
      lang,
      exercises: assignment.exercises,
    });
    writeFileSync(file, yaml);
    const points = week.exercises.reduce((sum, e) => sum + e.points, 0);
    process.stdout.write(
      `${file}: due ${assignment.due}, ${week.exercises.length} exercises, ${points} points, hash ${await assignmentHash(assignment)}\n` +
        `  ${await assignmentLink(values.site, assignment, lang)}\n`,
    );
  }
  return 0;
}
