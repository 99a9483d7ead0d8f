/** Runs inside a grading child process: locks the realm down once, then runs each job's lesson code and tests in fresh SES compartments, and reports on fd 3 only. */
import { writeSync } from 'node:fs';
import { inspect } from 'node:util';
import { runInThisContext } from 'node:vm';

/** The first line the grader sends on stdin: the source of `ses.umd.js`, so the child needs no file access for it. */
export interface HarnessStart {
  ses: string;
}

/** Each following line on stdin: one run; nothing of it is ever on disk where the child runs. */
export interface HarnessJob {
  /** Every module as CommonJS-style JavaScript (already type-stripped), by path. */
  modules: Record<string, string>;
  /** Paths that are lesson code (the step and the student's files): they run in the lesson compartment. */
  lesson: string[];
  /** The test API module (`_template/testing.ts`): test files may import it, lesson code may not. */
  testing: string;
  /** Test files in order, in phases; only a phase with `keepOutput` contributes printed output. */
  phases: { files: string[]; keepOutput: boolean }[];
  /** How many characters of printed output to keep (the last ones). */
  outputTail: number;
}

/** One test's result as this harness reports it. */
export interface HarnessResult {
  /** The test file, relative to the sandboxes root (`<id>/check/x.test.ts`). */
  file: string;
  name: string;
  ok: boolean;
  expected?: unknown;
  actual?: unknown;
  message?: string;
}

/** The one message the harness writes (to fd 3), when every phase has run. */
export interface HarnessReport {
  results: HarnessResult[];
  /** The tail of what the lesson code printed in phases that keep output. */
  output: string;
  /** How many characters it printed in those phases in all. */
  outputChars: number;
}

interface Instance {
  exports: unknown;
  done: Promise<unknown>;
}

interface TestingModule {
  collect(): { name: string; fn: () => unknown }[];
  runTest(testCase: { name: string; fn: () => unknown }): Promise<Record<string, unknown>>;
}

interface SesGlobals {
  lockdown: (options: Record<string, string>) => void;
  harden: <T>(value: T) => T;
  Compartment: new (options: { globals: Record<string, unknown>; __options__: true }) => {
    evaluate(source: string, options: Record<string, boolean>): unknown;
  };
}

/** Where `spec`, imported by the module at `from`, points (paths relative to the sandboxes root). */
function resolve(from: string, spec: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const segment of spec.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

/** A copy of `value` made of plain data only, read without calling student getters or toJSON. */
function plain(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') return value.length > 4000 ? `${value.slice(0, 4000)}…` : value;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'undefined') return '(undefined)';
  if (typeof value === 'function') return `(function ${value.name || 'anonymous'})`;
  if (typeof value === 'symbol') return String(value);
  if (depth > 6) return '(…)';
  if (value instanceof Uint8Array) return Array.from(value.subarray(0, 4096));
  const entries = Array.isArray(value) ? value.slice(0, 1000).entries() : undefined;
  if (entries) return [...entries].map(([, item]) => plain(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).slice(0, 200)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    out[key] =
      descriptor && 'value' in descriptor ? plain(descriptor.value, depth + 1) : '(getter)';
  }
  return out;
}

/** The SES globals after `lockdown()`. */
let ses: SesGlobals | undefined;

/** Evaluates SES and freezes every shared object: from then on no compartment can change what another one sees. */
function start(message: HarnessStart): SesGlobals {
  runInThisContext(message.ses, { filename: 'ses.umd.js' });
  const globals = globalThis as unknown as SesGlobals;
  globals.lockdown({
    errorTaming: 'unsafe',
    stackFiltering: 'verbose',
    overrideTaming: 'severe',
    consoleTaming: 'unsafe',
    reporting: 'none',
  });
  return globals;
}

/** The endowments of one job's compartments, and what the job printed. */
interface JobScope {
  /** Hardened globals: a console that prints into the job's output, timers that die with the job. */
  globals: Record<string, unknown>;
  /** Whether what the code prints now is kept (only while a phase that keeps output runs). */
  keepOutput: boolean;
  /** Ends the job: clears its timers, makes its endowments dead, and gives the output's tail. */
  end(): { output: string; outputChars: number };
}

/** The scope of one job: the endowments its compartments share, and its printed output. */
function jobScope(outputTail: number, harden: SesGlobals['harden']): JobScope {
  // Timers the job leaves behind are cleared when it ends, and its endowments go dead, so nothing
  // of one job runs on into the next.
  let live = true;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const track = <T extends ReturnType<typeof setTimeout>>(handle: T): T => {
    timers.add(handle);
    return handle;
  };
  const guard = (fn: () => void) => (): void => {
    if (live) fn();
  };
  let output = '';
  let outputChars = 0;
  const print = (...args: unknown[]) => {
    let line: string;
    try {
      line = args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 3 }))).join(' ');
    } catch {
      line = '(unprintable value)';
    }
    if (!scope.keepOutput || !live) return;
    outputChars += line.length + 1;
    output += `${line}\n`;
    // Keep the tail only: a student who prints megabytes still gets graded and sees the end.
    if (output.length > 2 * outputTail) output = output.slice(-outputTail);
  };
  const scope: JobScope = {
    keepOutput: false,
    globals: harden({
      console: { log: print, info: print, warn: print, error: print, debug: print },
      setTimeout: (fn: () => void, ms?: number) => track(setTimeout(guard(fn), ms)),
      clearTimeout: (id: ReturnType<typeof setTimeout>) => clearTimeout(id),
      setInterval: (fn: () => void, ms?: number) => track(setInterval(guard(fn), ms)),
      clearInterval: (id: ReturnType<typeof setInterval>) => clearInterval(id),
      setImmediate: (fn: () => void) => {
        if (live) setImmediate(fn);
      },
      queueMicrotask: (fn: () => void) => {
        if (live) queueMicrotask(fn);
      },
      TextEncoder,
      TextDecoder,
    }),
    end() {
      scope.keepOutput = false;
      live = false;
      for (const handle of timers) clearTimeout(handle);
      return { output: output.slice(-outputTail), outputChars };
    },
  };
  return scope;
}

/** Loads a module of the job, once, in its compartment, and says who imported it. */
type Load = (path: string, from?: string) => Instance;

/**
 * The module loader of one job. Lesson code and the tests each get their own compartment (same
 * endowments, separate globals), and lesson code may import neither the tests nor the test API.
 */
function moduleLoader(
  job: HarnessJob,
  globals: Record<string, unknown>,
  { harden, Compartment }: SesGlobals,
): { load: Load; cache: Map<string, Instance> } {
  const lessonRealm = new Compartment({ globals: { ...globals }, __options__: true });
  const testRealm = new Compartment({ globals: { ...globals }, __options__: true });
  const lesson = new Set(job.lesson);
  const cache = new Map<string, Instance>();
  const evaluateOptions = { __evadeHtmlCommentTest__: true, __evadeImportExpressionTest__: true };

  const mayImport = (from: string, target: string): boolean =>
    !lesson.has(from) ||
    lesson.has(target) ||
    (target.startsWith('_template/') && target !== job.testing);

  const load: Load = (path, from) => {
    const cached = cache.get(path);
    if (cached) return cached;
    const code = job.modules[path];
    if (code === undefined) {
      throw new Error(from ? `${from} imports ${path}, which does not exist` : `no file ${path}`);
    }
    const module = { exports: {} as unknown };
    const instance: Instance = { exports: module.exports, done: Promise.resolve() };
    cache.set(path, instance);
    const realm = lesson.has(path) ? lessonRealm : testRealm;
    const body = `${code}\n//# sourceURL=${path}`;
    type Body = (req: (spec: string) => unknown, exports: unknown, module: object) => unknown;
    let fn: Body;
    try {
      fn = realm.evaluate(
        `(function (require, exports, module) {${body}\n})`,
        evaluateOptions,
      ) as Body;
    } catch (error) {
      if (!(error instanceof SyntaxError) || !/await/.test(error.message)) throw error;
      fn = realm.evaluate(
        `(async function (require, exports, module) {${body}\n})`,
        evaluateOptions,
      ) as Body;
    }
    const requireHere = harden((spec: string) => {
      const target = resolve(path, spec);
      if (!mayImport(path, target)) throw new Error(`${path} may not import ${spec}`);
      return load(target, path).exports;
    });
    const result = fn(requireHere, module.exports, module);
    instance.exports = module.exports;
    instance.done = Promise.resolve(result);
    instance.done.catch(() => undefined); // Awaited where it matters; never an unhandled rejection.
    return instance;
  };
  return { load, cache };
}

/** Runs one test file: every test it declares, or one failed result if loading it threw. */
async function testFile(
  file: string,
  { load, cache }: { load: Load; cache: Map<string, Instance> },
  testing: TestingModule,
): Promise<HarnessResult[]> {
  try {
    await load(file).done;
    // A module the file imports may still be running top-level await; its failure counts too.
    await Promise.all([...cache.values()].map((instance) => instance.done));
  } catch (error) {
    testing.collect();
    return [{ file, name: '(loading the file)', ok: false, message: `threw ${describe(error)}` }];
  }
  const results: HarnessResult[] = [];
  for (const testCase of testing.collect()) {
    const result = await testing.runTest(testCase);
    results.push({
      file,
      name: testCase.name,
      ok: result['ok'] === true,
      ...('expected' in result ? { expected: plain(result['expected']) } : {}),
      ...('actual' in result ? { actual: plain(result['actual']) } : {}),
      ...(typeof result['message'] === 'string'
        ? { message: String(plain(result['message'])) }
        : {}),
    });
  }
  return results;
}

/** Runs one job in compartments of its own and returns its report. */
async function runJob(job: HarnessJob, ses: SesGlobals): Promise<HarnessReport> {
  const scope = jobScope(job.outputTail, ses.harden);
  const loader = moduleLoader(job, scope.globals, ses);
  // The shared platform files load first and are frozen, so lesson code cannot rewire them.
  for (const path of Object.keys(job.modules).filter((p) => p.startsWith('_template/'))) {
    const instance = loader.load(path);
    await instance.done;
  }
  for (const instance of loader.cache.values()) ses.harden(instance.exports);
  const testing = loader.load(job.testing).exports as TestingModule;

  const results: HarnessResult[] = [];
  for (const phase of job.phases) {
    scope.keepOutput = phase.keepOutput;
    for (const file of phase.files) results.push(...(await testFile(file, loader, testing)));
  }
  const printed = scope.end();
  // One turn of the event loop before reporting: it comes only once no promise chain of this job
  // is still running, so a job that floods the microtask queue times out itself, and the next
  // job starts in a process where nothing of this one runs.
  await new Promise((resolve) => setImmediate(resolve));
  return { results, ...printed };
}

/** Writes all of `text` to fd 3, the results channel only this harness holds. */
function send(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  while (at < bytes.length) {
    try {
      at += writeSync(3, bytes, at);
    } catch (error) {
      // The pipe is full: wait for the grader to read, then go on.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return '(an error that cannot be described)';
  }
}

function fail(error: unknown): never {
  process.stderr.write(
    `grading harness failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(70);
}

/** Lines on stdin run one at a time, in order; each job's report is one line on fd 3. */
let queue = Promise.resolve();
function onLine(line: string): void {
  queue = queue.then(async () => {
    if (!ses) {
      ses = start(JSON.parse(line) as HarnessStart);
      return;
    }
    send(`${JSON.stringify(await runJob(JSON.parse(line) as HarnessJob, ses))}\n`);
  }, fail);
  queue.catch(fail);
}

// A promise the lesson code rejects and never handles is its own bug, not a reason to lose every mark.
process.on('unhandledRejection', () => undefined);
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  pending += chunk;
  let end: number;
  while ((end = pending.indexOf('\n')) >= 0) {
    onLine(pending.slice(0, end));
    pending = pending.slice(end + 1);
  }
});
// The grader closing stdin means no more jobs: finish the queue, then leave at once, whatever
// timers the lesson code left behind.
process.stdin.on('end', () => void queue.then(() => process.exit(0), fail));
