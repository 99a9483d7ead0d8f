/** Runs exercises' tests in child Node processes: SES compartments inside, a time limit per run, a heap cap and no file access outside. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'sucrase';
import { compileAll } from '../runtime/compile.ts';
import type { HarnessJob, HarnessReport, HarnessResult, HarnessStart } from './grading-harness.ts';

/** One test's result, exactly as the harness reports it. */
export type RunTestResult = HarnessResult;

/** How a run ended. */
export interface RunOutcome {
  status: 'ok' | 'timeout' | 'out-of-memory' | 'crashed';
  results: RunTestResult[];
  /** A short explanation when status is not ok. */
  detail: string;
  /** Whether the child hit the permission model (it has no reason to touch any file). */
  permissionDenied: boolean;
  /** The tail of what the lesson code printed while the kept phases ran. */
  output: string;
  /** How many characters it printed in those phases in all. */
  outputChars: number;
}

/** Limits of one run. */
export interface RunLimits {
  /** Wall-clock limit in ms. */
  timeoutMs: number;
  /** Heap cap in MB (`--max-old-space-size`). @default 128 */
  heapMb?: number;
  /**
   * Cap on the whole process's resident memory in MB, typed arrays included (they live outside
   * the heap, so the heap cap alone would let a student fill the grader's RAM). Checked every
   * 50 ms on Linux. @default 256 + 2 × heapMb
   */
  memoryMb?: number;
  /** Characters of printed output kept for feedback (the last ones). @default 16384 */
  outputTail?: number;
}

/** Test files run in order; only a phase that keeps output shows what the code printed. */
export interface TestPhase {
  files: string[];
  keepOutput: boolean;
}

/**
 * The harness as plain CommonJS, passed with `-e`: the child then needs no file at all (so the
 * permission model can deny every read), and Node skips loading its TypeScript stripper.
 */
const HARNESS = transform(
  readFileSync(fileURLToPath(new URL('./grading-harness.ts', import.meta.url)), 'utf8'),
  { transforms: ['typescript', 'imports'], disableESTransforms: true },
).code;
const SES = readFileSync(
  join(dirname(createRequire(import.meta.url).resolve('ses')), 'ses.umd.js'),
  'utf8',
);
/** The child's own messages (a crash, V8 running out of heap) are short; more is noise. */
const MAX_DIAGNOSTICS = 64 << 10;
/** The report holds at most every result plus the output tail; anything beyond is not a report. */
const MAX_REPORT = 32 << 20;
const TESTING = '_template/testing.ts';

/** Compiled modules by source text: the step and template files are the same in every submission. */
const compiledCache = new Map<string, string>();

/** The job for `tree`, or why its code does not compile. */
function prepare(
  tree: Record<string, string>,
  phases: TestPhase[] | string[],
  limits: RunLimits,
): HarnessJob | string {
  const steps: TestPhase[] =
    typeof phases[0] === 'string' || phases.length === 0
      ? [{ files: phases as string[], keepOutput: true }]
      : (phases as TestPhase[]);
  const modules: Record<string, string> = {};
  const fresh: Record<string, string> = {};
  for (const [path, source] of Object.entries(tree)) {
    const hit = compiledCache.get(`${path}\0${source}`);
    if (hit !== undefined) modules[path] = hit;
    else fresh[path] = source;
  }
  const compiled = compileAll(fresh, 'cjs');
  if (!compiled.ok) {
    const first = compiled.errors[0];
    return `does not compile: ${first?.file}:${first?.line}: ${first?.message}`;
  }
  for (const [path, code] of Object.entries(compiled.modules)) {
    modules[path] = code;
    if (compiledCache.size > 2000) compiledCache.clear();
    compiledCache.set(`${path}\0${tree[path] ?? ''}`, code);
  }
  const paths = Object.keys(modules).sort();
  return {
    modules: Object.fromEntries(paths.map((p) => [p, modules[p] ?? ''])),
    lesson: paths.filter((p) => !p.startsWith('_template/') && !p.includes('/check/')),
    testing: TESTING,
    phases: steps,
    outputTail: limits.outputTail ?? 16_384,
  };
}

/**
 * Runs the test files of `phases` (paths in `tree`) over `tree` in a child process of its own.
 * Nothing is written to disk: the child receives the compiled modules on stdin, and the lesson
 * code in it can reach neither the tests, nor the test API, nor Node.
 */
export async function runTests(
  tree: Record<string, string>,
  phases: TestPhase[] | string[],
  limits: RunLimits,
): Promise<RunOutcome> {
  const harness = new HarnessProcess(limits.heapMb);
  try {
    return await harness.run(tree, phases, limits);
  } finally {
    harness.close();
  }
}

function outcome(status: RunOutcome['status'], parts: Partial<RunOutcome> = {}): RunOutcome {
  return {
    status,
    results: [],
    detail: '',
    permissionDenied: false,
    output: '',
    outputChars: 0,
    ...parts,
  };
}

/** Every live harness child, so a signal to the grader can stop them all. */
const children = new Set<ChildProcess>();

/** Kills every harness child this process started (for SIGINT/SIGTERM handlers). */
export function killAllHarnesses(): void {
  for (const child of children) killGroup(child.pid);
  children.clear();
}

/**
 * One locked-down child process that runs jobs one after another, each in fresh compartments.
 * Starting Node and SES once per process instead of once per run is what makes grading a large
 * course fast. A job that times out, crashes or runs out of memory takes the process with it.
 */
export class HarnessProcess {
  readonly #heapMb: number;
  #child: ChildProcess | undefined;
  #jobs = 0;
  #busy = false;

  constructor(heapMb = 128) {
    this.#heapMb = heapMb;
  }

  /** How many jobs this process has started, so a caller can tell a fresh process from a used one. */
  get jobs(): number {
    return this.#jobs;
  }

  /** Runs one job; the process stays up for the next one only if this one ended well. */
  async run(
    tree: Record<string, string>,
    phases: TestPhase[] | string[],
    limits: RunLimits,
  ): Promise<RunOutcome> {
    if (this.#busy) throw new Error('HarnessProcess runs one job at a time');
    const job = prepare(tree, phases, limits);
    if (typeof job === 'string') return outcome('crashed', { detail: job });
    this.#busy = true;
    this.#jobs++;
    try {
      return await this.#send(job, limits);
    } finally {
      this.#busy = false;
    }
  }

  /** Ends the child (and anything it started). */
  close(): void {
    const child = this.#child;
    this.#child = undefined;
    if (!child) return;
    children.delete(child);
    killGroup(child.pid);
  }

  #spawn(): ChildProcess {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${this.#heapMb}`,
        // A second wall: the harness itself may read, write or spawn nothing.
        '--permission',
        '--disable-warning=ExperimentalWarning',
        '--stack-size=2000',
        '-e',
        HARNESS,
      ],
      {
        cwd: tmpdir(),
        // A scrubbed environment: nothing of the grader's shell reaches the child.
        env: { PATH: '', NODE_OPTIONS: '', TZ: 'UTC', LANG: 'C' },
        stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
        detached: true,
      },
    );
    children.add(child);
    child.stdin?.on('error', () => undefined); // A child that dies at once closes its stdin.
    child.stdin?.write(`${JSON.stringify({ ses: SES } satisfies HarnessStart)}\n`);
    return child;
  }

  /** Sends `job` to the child and waits for its report, its end, the time limit or the memory cap. */
  #send(job: HarnessJob, limits: RunLimits): Promise<RunOutcome> {
    const child = (this.#child ??= this.#spawn());
    const heapMb = this.#heapMb;
    const memoryMb = limits.memoryMb ?? 256 + 2 * heapMb;
    return new Promise((resolve) => {
      const report = collector(MAX_REPORT);
      const diagnostics = collector(MAX_DIAGNOSTICS);
      const onDiagnostics = (chunk: Buffer) => diagnostics.add(chunk);
      const channel = child.stdio[3] as NodeJS.ReadableStream;
      const killed: Killed = { timedOut: false, overMemory: false };
      let settled = false;
      const finish = (result: RunOutcome, keep: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(watch);
        child.stdout?.off('data', onDiagnostics);
        child.stderr?.off('data', onDiagnostics);
        channel.off('data', onReport);
        child.off('close', onClose);
        if (!keep) this.close();
        resolve(result);
      };
      const onReport = (chunk: Buffer) => {
        const end = chunk.indexOf(10);
        report.add(end < 0 ? chunk : chunk.subarray(0, end));
        if (end < 0 && !report.overflowed) return;
        // One job, one line: the report is complete.
        const result = reportOutcome(report, diagnostics.text());
        finish(result, result.status === 'ok');
      };
      const onClose = (code: number | null, signal: NodeJS.Signals | null) => {
        const limit = { timeoutMs: limits.timeoutMs, memoryMb, heapMb };
        finish(endedOutcome(diagnostics.text(), code, signal, killed, limit), false);
      };
      child.stdout?.on('data', onDiagnostics);
      child.stderr?.on('data', onDiagnostics);
      channel.on('data', onReport);
      child.on('close', onClose);
      const timer = setTimeout(() => {
        killed.timedOut = true;
        killGroup(child.pid);
      }, limits.timeoutMs);
      const watch = setInterval(() => {
        const rss = residentMb(child.pid);
        if (rss !== undefined && rss > memoryMb) {
          killed.overMemory = true;
          killGroup(child.pid);
        }
      }, 50);
      child.stdin?.write(`${JSON.stringify(job)}\n`);
    });
  }
}

/** Which limit the grader killed a child for, if any. */
interface Killed {
  timedOut: boolean;
  overMemory: boolean;
}

/** The outcome a complete report line gives: the results, or a crash if it is not a report. */
function reportOutcome(report: ReturnType<typeof collector>, diagnostics: string): RunOutcome {
  let parsed: HarnessReport | undefined;
  try {
    parsed = report.overflowed ? undefined : (JSON.parse(report.text()) as HarnessReport);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !Array.isArray(parsed.results)) {
    return outcome('crashed', { detail: 'sent a report that is not one' });
  }
  return outcome('ok', {
    results: parsed.results,
    // Lesson code that reached for Node, the tests or the test API was refused by the harness.
    permissionDenied:
      /ERR_ACCESS_DENIED/.test(diagnostics) ||
      parsed.results.some((r) => /may not import/.test(r.message ?? '')),
    output: parsed.output,
    outputChars: parsed.outputChars,
  });
}

/** The child ended before it reported: say why, most specific cause first. */
function endedOutcome(
  stderr: string,
  code: number | null,
  signal: NodeJS.Signals | null,
  killed: Killed,
  limit: { timeoutMs: number; memoryMb: number; heapMb: number },
): RunOutcome {
  const why = (): [RunOutcome['status'], string] => {
    if (killed.overMemory)
      return ['out-of-memory', `used more than ${limit.memoryMb} MB of memory`];
    if (killed.timedOut) return ['timeout', `killed after ${limit.timeoutMs} ms`];
    if (/heap out of memory|Allocation failed/i.test(stderr))
      return ['out-of-memory', `ran out of its ${limit.heapMb} MB heap`];
    const last = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 300);
    return ['crashed', `exited (${signal ?? `code ${String(code)}`}) without results: ${last}`];
  };
  const [status, detail] = why();
  return outcome(status, { detail, permissionDenied: /ERR_ACCESS_DENIED/.test(stderr) });
}

/** Collects a stream's bytes up to `cap` (the first ones), decoding once at the end so UTF-8 never splits. */
function collector(cap: number): { add(chunk: Buffer): void; text(): string; overflowed: boolean } {
  const chunks: Buffer[] = [];
  let size = 0;
  const state = {
    overflowed: false,
    add(chunk: Buffer) {
      if (size + chunk.length > cap) {
        state.overflowed = true;
        chunk = chunk.subarray(0, Math.max(0, cap - size));
      }
      size += chunk.length;
      if (chunk.length > 0) chunks.push(chunk);
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
  return state;
}

/** Resident memory of a process in MB, from /proc (Linux); undefined where there is none. */
function residentMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return (pages * 4096) / (1 << 20);
  } catch {
    return undefined;
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
