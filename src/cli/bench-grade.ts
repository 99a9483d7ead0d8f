/** Grades a generated course (default 1,000 students × every exercise) on this machine and reports the time against the 20-minute budget. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeBenchReport } from '../lib/bench-doc.ts';
import { allSnapshots, type ExerciseSnapshot } from '../lib/exercises/exercise.ts';
import { makeSubmission } from '../lib/exercises/submission.ts';
import { grade } from './grade/run.ts';
import { bundleFiles, stopOnSignals } from './grade.ts';

/** Budget from issue 11: 1,000 students × 13 exercises on 2 cores. */
const BUDGET_SECONDS = 20 * 60;

/** What a student hands in for one exercise: mostly solved, some untouched, some chatty or stuck. */
function work(snapshot: ExerciseSnapshot, roll: number): Record<string, string> {
  const [name = '', solution = ''] = Object.entries(snapshot.solution)[0] ?? [];
  if (roll < 0.7) return { [name]: solution };
  if (roll < 0.85) return { ...snapshot.bundle.exercise.starter };
  if (roll < 0.99)
    return { [name]: `for (let i = 0; i < 2000; i++) console.log('debug', i);\n${solution}` };
  // One in a hundred never finishes: it costs its full time limit, as in a real course.
  return { [name]: `while (true) {}\n${solution}` };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      students: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: String(availableParallelism()) },
      write: { type: 'boolean', default: false },
    },
  });
  const students = Number(values.students);
  const concurrency = Number(values.concurrency);
  const snapshots = allSnapshots().filter((s, i, all) => all.findIndex((t) => t.id === s.id) === i);
  const dir = mkdtempSync(join(tmpdir(), 'tal-bench-grade-'));
  stopOnSignals();
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  try {
    let seed = 20261202;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < students; i++) {
      const id = `s${String(i).padStart(5, '0')}`;
      const bundle = await makeSubmission({
        assignment: { id: 'bench', sourceHash: 'x' },
        student: { id, name: `Student ${i}` },
        createdAt: '2026-01-01T00:00:00Z',
        exercises: snapshots.map((s) => ({
          id: s.id,
          pin: s.pin,
          files: work(s, random()),
          claimed: null,
        })),
      });
      writeFileSync(join(dir, `${id}.json`), JSON.stringify(bundle));
    }
    const runs = students * snapshots.length;
    process.stderr.write(`grading ${students} students × ${snapshots.length} exercises…\n`);
    const started = performance.now();
    const run = await grade(bundleFiles([dir]), { concurrency, showProgress: true });
    const seconds = (performance.now() - started) / 1000;
    const statuses = new Map<string, number>();
    for (const e of run.students.flatMap((s) => s.exercises))
      statuses.set(e.status, (statuses.get(e.status) ?? 0) + 1);
    const projected = (seconds / students) * 1000;
    const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
    const result = [
      '| students | exercises | runs | concurrency | wall time | per run | projected for 1,000 students |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${students} | ${snapshots.length} | ${runs} | ${concurrency} | ${seconds.toFixed(1)} s | ${((seconds * 1000) / runs).toFixed(1)} ms | ${(projected / 60).toFixed(1)} min |`,
      '',
      `Outcomes: ${[...statuses].map(([k, v]) => `${v} ${k}`).join(', ')}. Machine: ${cpus().length} × ${cpu}, Node ${process.version}.`,
    ].join('\n');
    const verdict =
      projected <= BUDGET_SECONDS
        ? `Within the budget: 1,000 students in ${(projected / 60).toFixed(1)} of 20 minutes.`
        : `Over the budget: 1,000 students would take ${(projected / 60).toFixed(1)} minutes, more than 20.`;
    process.stdout.write(`${result}\n\n${verdict}\n`);
    if (values.write) writeBenchReport('grade', `${result}\n\n${verdict}`);
    return projected <= BUDGET_SECONDS ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
