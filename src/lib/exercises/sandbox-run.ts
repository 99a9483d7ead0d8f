/** Runs one exercise's tests in a child Node process: SES compartments inside, a time limit, a heap cap and no file access outside. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileAll } from '../runtime/compile.ts';
import type { HarnessJob, HarnessReport, HarnessResult } from './grading-harness.ts';

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
  /** Characters of printed output kept for feedback (the last ones). @default 16384 */
  outputTail?: number;
}

/** Test files run in order; only a phase that keeps output shows what the code printed. */
export interface TestPhase {
  files: string[];
  keepOutput: boolean;
}

const HARNESS = fileURLToPath(new URL('./grading-harness.ts', import.meta.url));
const SES = readFileSync(
  join(dirname(createRequire(import.meta.url).resolve('ses')), 'ses.umd.js'),
  'utf8',
);
/** The child's own messages (a crash, V8 running out of heap) are short; more is noise. */
const MAX_DIAGNOSTICS = 64 << 10;
/** The report holds at most every result plus the output tail; anything beyond is not a report. */
const MAX_REPORT = 32 << 20;
const TESTING = '_template/testing.ts';

/**
 * Runs the test files of `phases` (paths in `tree`) over `tree`. Nothing is written to disk: the
 * child receives the compiled modules on stdin, and the lesson code in it can reach neither the
 * tests, nor the test API, nor Node.
 */
export async function runTests(
  tree: Record<string, string>,
  phases: TestPhase[] | string[],
  limits: RunLimits,
): Promise<RunOutcome> {
  const steps: TestPhase[] =
    typeof phases[0] === 'string' || phases.length === 0
      ? [{ files: phases as string[], keepOutput: true }]
      : (phases as TestPhase[]);
  const compiled = compileAll(tree, 'cjs');
  if (!compiled.ok) {
    const first = compiled.errors[0];
    return outcome('crashed', {
      detail: `does not compile: ${first?.file}:${first?.line}: ${first?.message}`,
    });
  }
  const paths = Object.keys(compiled.modules);
  const job: HarnessJob = {
    ses: SES,
    modules: compiled.modules,
    lesson: paths.filter((p) => !p.startsWith('_template/') && !p.includes('/check/')),
    testing: TESTING,
    phases: steps,
    outputTail: limits.outputTail ?? 16_384,
  };
  return spawnHarness(job, limits);
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

function spawnHarness(job: HarnessJob, limits: RunLimits): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const heapMb = limits.heapMb ?? 128;
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${heapMb}`,
        // A second wall: even the harness may read only itself, and spawn or write nothing.
        '--permission',
        `--allow-fs-read=${HARNESS}`,
        '--disable-warning=ExperimentalWarning',
        '--stack-size=2000',
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
    const report = collector(MAX_REPORT);
    const diagnostics = collector(MAX_DIAGNOSTICS);
    child.stdout.on('data', (chunk: Buffer) => diagnostics.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => diagnostics.add(chunk));
    const channel = child.stdio[3] as NodeJS.ReadableStream;
    channel.on('data', (chunk: Buffer) => report.add(chunk));
    child.stdin.on('error', () => undefined); // A child that dies at once closes its stdin.
    child.stdin.end(JSON.stringify(job));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, limits.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(child.pid);
      const stderr = diagnostics.text();
      const permissionDenied = /ERR_ACCESS_DENIED/.test(stderr);
      if (timedOut) {
        resolve(
          outcome('timeout', { detail: `killed after ${limits.timeoutMs} ms`, permissionDenied }),
        );
        return;
      }
      if (/heap out of memory|Allocation failed/i.test(stderr)) {
        resolve(
          outcome('out-of-memory', {
            detail: `ran out of its ${heapMb} MB heap`,
            permissionDenied,
          }),
        );
        return;
      }
      let parsed: HarnessReport | undefined;
      if (code === 0 && !report.overflowed) {
        try {
          parsed = JSON.parse(report.text()) as HarnessReport;
        } catch {
          parsed = undefined;
        }
      }
      if (!parsed || !Array.isArray(parsed.results)) {
        const last = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 300);
        resolve(
          outcome('crashed', {
            detail: `exited (${signal ?? `code ${String(code)}`}) without results: ${last}`,
            permissionDenied,
          }),
        );
        return;
      }
      resolve(
        outcome('ok', {
          results: parsed.results,
          // Lesson code that reached for Node, the tests or the test API was refused by the harness.
          permissionDenied:
            permissionDenied || parsed.results.some((r) => /may not import/.test(r.message ?? '')),
          output: parsed.output,
          outputChars: parsed.outputChars,
        }),
      );
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
