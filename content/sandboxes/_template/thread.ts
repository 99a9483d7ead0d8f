/** What every host does on an executor thread: find the function by module and name, give it a clock of its own, run it, report. */

import {
  failedOutcome,
  getThreadHost,
  hostSettle,
  setPlatform,
  type Platform,
  type ThreadOutcome,
} from './platform.ts';
import { realStopwatch, VirtualClock } from './virtual-net.ts';

/** Where a function can be imported from: a module and the name it is exported as. */
export interface ExportedAt {
  /** In the host's terms: a file URL, or a path in the page's sandbox. */
  module: string;
  name: string;
}

/** What a host sends a thread: the function's place, its (copied) arguments, and which clock to use. */
export interface ThreadTask extends ExportedAt {
  args: unknown[];
  virtual: boolean;
}

/**
 * The module and name under which `fn` is exported, searching `modules`
 * (id → namespace) in order, or null. This is pickle's rule: a function
 * crosses to another process as `module.name`, and only if that name leads
 * back to the very same function.
 */
export function findExport(
  fn: unknown,
  modules: Iterable<[string, object]>,
): ExportedAt | null {
  for (const [module, namespace] of modules) {
    for (const name of Object.keys(namespace)) {
      if ((namespace as Record<string, unknown>)[name] === fn)
        return { module, name };
    }
  }
  return null;
}

/** Why `fn` cannot go to a thread: the message a reader sees instead of a silent run on the loop. */
export function notMovable(fn: { name: string }): string {
  const name = fn.name || 'an anonymous function';
  return (
    `runInExecutor: ${name} cannot go to a worker thread, because no module of this step exports it ` +
    `(a closure, or a function of main.ts, cannot go). A thread shares no memory with the loop: ` +
    `it imports the function's module and looks the function up by its exported name, as ` +
    `ProcessPoolExecutor pickles a function by module and name. Export it from one of the step's ` +
    `modules (not main.ts) and pass what it needs as arguments.`
  );
}

/**
 * `error` with the frames of `site` (an Error made where the work was handed
 * to the executor) in place of its own: a refusal is then reported at the
 * reader's `runInExecutor` call, not inside the thread pool.
 */
export function atCallSite(error: unknown, site: Error): unknown {
  if (!(error instanceof Error) || !site.stack) return error;
  const frames = site.stack.split('\n').filter((line) => /^\s*at /.test(line));
  error.stack = [`${error.name}: ${error.message}`, ...frames].join('\n');
  return error;
}

/**
 * Hands `fn(...args)` to the host's threads. Every way it can fail (no
 * threads here, a function or value that cannot go, a thread that died)
 * becomes an outcome with the reason, reported at the caller's frames.
 */
export function startThread(
  fn: (...args: never[]) => unknown,
  args: unknown[],
  virtual: boolean,
): Promise<ThreadOutcome> {
  const site = new Error('handed to a thread');
  const host = getThreadHost();
  if (!host) {
    const none = new Error(
      'runInExecutor: this runtime has no threads to run it on',
    );
    return Promise.resolve(failedOutcome(atCallSite(none, site)));
  }
  return host
    .run(fn, args, virtual)
    .catch((error: unknown) => failedOutcome(atCallSite(error, site)));
}

/** The message for a value that cannot be copied between threads (structured clone). */
export function notCopyable(what: string, error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  return `runInExecutor: ${what} cannot be copied to another thread (${why}); pass plain data: numbers, strings, arrays, objects, Uint8Array.`;
}

/** Lines a thread keeps for the loop to print; a flood beyond them is counted, not kept. */
export const THREAD_PRINT_CAP = 1000;

function keep(printed: string[], line: string): void {
  if (printed.length < THREAD_PRINT_CAP) printed.push(line);
  else if (printed.length === THREAD_PRINT_CAP) printed.push('… (more lines)');
}

/**
 * The platform code on an executor thread sees: a clock (its own virtual
 * one, or the real one) and no sockets, because I/O belongs to the loop;
 * Tornado's IOLoop.current() in a worker thread finds no loop either.
 */
function threadPlatform(virtual: boolean, printed: string[]): Platform {
  const noSockets = () => {
    throw new Error('an executor thread has no sockets: do I/O on the loop');
  };
  return {
    kind: virtual ? 'virtual' : 'node',
    // A virtual clock that only blockFor moves: the thread's real time is measured apart.
    clock: virtual ? new VirtualClock(() => 0) : { now: realStopwatch },
    network: {
      register: noSockets,
      modify: noSockets,
      unregister: noSockets,
      poll: noSockets,
      listen: noSockets,
      localPort: noSockets,
      accept: noSockets,
      connect: noSockets,
      recv: noSockets,
      send: noSockets,
      close: noSockets,
    },
    options: {},
    print: (line) => keep(printed, line),
    startWork: () => {
      const start = realStopwatch();
      return { end: () => realStopwatch() - start };
    },
    settle: hostSettle,
    runInThread: () => {
      throw new Error('runInExecutor cannot be called on an executor thread');
    },
  };
}

/**
 * Runs `fn(...args)` on this (worker) thread. `virtual`: the thread gets a
 * virtual clock of its own, so `blockFor` there costs virtual time the loop
 * adds when it takes the result; otherwise the clock is real and blockFor
 * really spins. Either way the real time the call took is measured.
 */
export function runTask(
  fn: (...args: unknown[]) => unknown,
  args: unknown[],
  virtual: boolean,
): ThreadOutcome {
  const printed: string[] = [];
  const platform = threadPlatform(virtual, printed);
  setPlatform(platform);
  const started = realStopwatch();
  let value: unknown;
  try {
    value = fn(...args);
  } catch (error) {
    return { ...failedOutcome(error, realStopwatch() - started), printed };
  }
  const realMs = realStopwatch() - started;
  if (typeof (value as { then?: unknown } | null)?.then === 'function') {
    const error = new TypeError(
      `runInExecutor: ${fn.name || 'the function'} returned a Promise; an executor runs plain functions to the end (await on the loop instead)`,
    );
    return { ...failedOutcome(error, realMs), printed };
  }
  return {
    ok: true,
    value,
    virtualMs: virtual ? platform.clock.now() : 0,
    realMs,
    printed,
  };
}

/** Runs the task's function, looked up by name in its module's `namespace`, on this thread. */
export function runExported(
  namespace: object,
  task: ThreadTask,
): ThreadOutcome {
  const fn = (namespace as Record<string, unknown>)[task.name];
  if (typeof fn !== 'function') {
    const missing = new TypeError(
      `${task.module} exports no function ${task.name}`,
    );
    return failedOutcome(missing);
  }
  return runTask(
    fn as (...args: unknown[]) => unknown,
    task.args,
    task.virtual,
  );
}

/** Posts `outcome` to the loop's thread; a result that cannot be copied becomes an error saying so. */
export function postOutcome(
  post: (outcome: ThreadOutcome) => void,
  outcome: ThreadOutcome,
  task: ThreadTask,
): void {
  try {
    post(outcome);
  } catch (error) {
    const why = notCopyable(`the result of ${task.name}`, error);
    post(failedOutcome(new TypeError(why), outcome.realMs));
  }
}
