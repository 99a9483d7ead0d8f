/** Runs one exercise's tests over a set of files in a child Node process with a time limit, a heap cap and the permission model. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** One test's result as the runner reports it. */
export interface RunTestResult {
  /** The test file, relative to the run folder (`<id>/check/x.test.ts`). */
  file: string;
  name: string;
  ok: boolean;
  expected?: unknown;
  actual?: unknown;
  message?: string;
}

/** How a run ended. */
export interface RunOutcome {
  status: 'ok' | 'timeout' | 'out-of-memory' | 'crashed';
  results: RunTestResult[];
  /** A short explanation when status is not ok. */
  detail: string;
  /** Whether something tried to reach outside its folder and the permission model refused. */
  permissionDenied: boolean;
}

/** Limits of one run. */
export interface RunLimits {
  /** Wall-clock limit in ms. */
  timeoutMs: number;
  /** Heap cap in MB (`--max-old-space-size`). @default 128 */
  heapMb?: number;
}

const MARK = '@@tal-results@@';
const RUNNER = readFileSync(new URL('./test-runner.ts', import.meta.url), 'utf8');
const MAX_OUTPUT = 1 << 20;

/** Writes `tree` into a fresh folder under the system temp folder and returns its path. */
export function writeTree(tree: Record<string, string>, prefix = 'tal-run-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, text] of Object.entries(tree)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

/** Runs the test files `tests` (paths in `tree`) and removes the folder afterwards. */
export async function runTests(
  tree: Record<string, string>,
  tests: string[],
  limits: RunLimits,
): Promise<RunOutcome> {
  const root = writeTree({ ...tree, 'run-tests.ts': RUNNER });
  try {
    return await spawnRunner(root, tests, limits);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function spawnRunner(root: string, tests: string[], limits: RunLimits): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const args = [
      `--max-old-space-size=${limits.heapMb ?? 128}`,
      '--permission',
      `--allow-fs-read=${root}`,
      '--disable-warning=ExperimentalWarning',
      '--stack-size=2000',
      join(root, 'run-tests.ts'),
      root,
      ...tests,
    ];
    const child = spawn(process.execPath, args, {
      cwd: root,
      // A scrubbed environment: nothing of the grader's shell leaks into student code.
      env: { PATH: '', NODE_OPTIONS: '', TZ: 'UTC', LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += chunk.toString('utf8');
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, limits.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(child.pid);
      const line = stdout.split('\n').find((l) => l.startsWith(MARK));
      let results: RunTestResult[] = [];
      if (line) {
        try {
          results = JSON.parse(line.slice(MARK.length)) as RunTestResult[];
        } catch {
          results = [];
        }
      }
      const denied = /ERR_ACCESS_DENIED|Access to this API has been restricted/.test(
        stdout + stderr + JSON.stringify(results),
      );
      if (timedOut) {
        resolve({
          status: 'timeout',
          results: [],
          detail: `killed after ${limits.timeoutMs} ms`,
          permissionDenied: denied,
        });
      } else if (/heap out of memory|Allocation failed/i.test(stderr)) {
        resolve({
          status: 'out-of-memory',
          results: [],
          detail: `ran out of its ${limits.heapMb ?? 128} MB heap`,
          permissionDenied: denied,
        });
      } else if (!line) {
        const last = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 300);
        resolve({
          status: 'crashed',
          results: [],
          detail: `exited (${signal ?? `code ${String(code)}`}) without results: ${last}`,
          permissionDenied: denied,
        });
      } else {
        resolve({ status: 'ok', results, detail: '', permissionDenied: denied });
      }
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
