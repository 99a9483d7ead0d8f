/** Writes a grading run's reports: grades.csv, summary.md and one feedback file per student, safe against what students control. */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Conflict, GradedExercise, GradeRun, StudentGrade } from './model.ts';
import { shardFileName } from './shards.ts';

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

/** Each bundle of a conflict with its receipt code, so the instructor can match the one the student pasted. */
function conflictBundles(conflict: Conflict): string {
  return conflict.sources.map((source, i) => `${source} ${conflict.receipts[i] ?? ''}`).join(', ');
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
