/** `grade <bundles or folders…>`: verifies submission bundles, re-runs every test in sandboxed child processes, writes grades.csv, feedback and a summary. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { killAllHarnesses } from '../lib/exercises/sandbox-run.ts';
import type { GradeRun } from './grade/model.ts';
import { writeReports } from './grade/reports.ts';
import { grade, type GradeOptions } from './grade/run.ts';
import { mergeRuns, parseShard, shardFileName } from './grade/shards.ts';
import { readAssignmentYaml } from './link.ts';

/** Bundle files named on the command line: files as given, folders expanded to their *.json, sorted. */
export function bundleFiles(inputs: string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    if (statSync(input).isDirectory()) {
      for (const name of readdirSync(input).sort()) {
        if (name.endsWith('.json')) files.push(join(input, name));
      }
    } else files.push(input);
  }
  return files;
}

const USAGE = `usage: grade <bundles or folders…> [--out dir] [--assignment assignment.yaml] [--concurrency N]
             [--timeout-ms N] [--heap-mb N] [--shard K/N]
       grade merge <shard files or folders…> [--out dir]
`;

/** `grade merge`: joins shard files into the reports one run would have written. */
function mergeMain(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string', default: 'grades' } },
  });
  const files = positionals.flatMap((input) =>
    statSync(input).isDirectory()
      ? readdirSync(input)
          .filter((name) => /^shard-\d+-of-\d+\.json$/.test(name))
          .sort()
          .map((name) => join(input, name))
      : [input],
  );
  if (files.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  let run: GradeRun;
  try {
    run = mergeRuns(files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as GradeRun));
  } catch (error) {
    process.stderr.write(
      `grade merge: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  writeReports(run, values.out);
  process.stderr.write(
    `merged ${files.length} shards: ${run.students.length} graded; wrote ${join(values.out, 'grades.csv')}\n`,
  );
  return 0;
}

/** Ctrl-C or a CI cancel: stop every child at once and exit; nothing of the run is left on disk. */
export function stopOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAllHarnesses();
      process.stderr.write(`\ngrading stopped by ${signal}; no reports written\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/** A whole number above 0 given to `flag`, or an error naming the flag. */
function positive(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${flag}: a whole number above 0, not ${text}`);
  return value;
}

/** Entry point of `grade`. */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'merge') return mergeMain(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'grades' },
      concurrency: { type: 'string' },
      assignment: { type: 'string' },
      'timeout-ms': { type: 'string' },
      'heap-mb': { type: 'string' },
      shard: { type: 'string' },
    },
  });
  if (positionals.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const started = performance.now();
  const options: GradeOptions = {
    concurrency: Math.max(1, availableParallelism() - 1),
    showProgress: true,
  };
  // A wrong option or a broken assignment file is the instructor's to fix: say which, no stack trace.
  const refuse = (error: unknown, prefix = ''): number => {
    process.stderr.write(
      `${prefix}${error instanceof Error ? error.message : String(error)}\n${USAGE}`,
    );
    return 2;
  };
  try {
    if (values.concurrency) options.concurrency = positive('--concurrency', values.concurrency);
    if (values['timeout-ms']) options.timeoutMs = positive('--timeout-ms', values['timeout-ms']);
    if (values['heap-mb']) options.heapMb = positive('--heap-mb', values['heap-mb']);
    if (values.shard) options.shard = parseShard(values.shard);
  } catch (error) {
    return refuse(error);
  }
  if (values.assignment) {
    try {
      options.assignment = readAssignmentYaml(values.assignment).assignment;
    } catch (error) {
      return refuse(error, '--assignment: ');
    }
  }
  stopOnSignals();
  const run = await grade(bundleFiles(positionals), options);
  writeReports(run, values.out);
  for (const bad of run.bad) process.stderr.write(`bad bundle ${bad.source}: ${bad.reason}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const wrote = run.shard ? shardFileName(run.shard) : 'grades.csv';
  process.stderr.write(
    `${run.students.length} graded, ${run.bad.length} bad, in ${seconds} s; wrote ${join(values.out, wrote)}\n`,
  );
  return 0;
}
