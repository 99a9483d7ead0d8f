/** Real threads for runInExecutor under Node and WebContainer: a pool of worker_threads that import the step's modules. */

import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ThreadHost, ThreadOutcome } from './platform.ts';
import { findExport, notCopyable, notMovable } from './thread.ts';

/** Where a thread may find functions: the modules of these folders, as Node imports them. */
export interface NodeThreadsOptions {
  /** Folders whose `.ts` (or, compiled, `.js`) modules may export executor functions. */
  dirs: string[];
  /** Files never searched: the step's entry, which is still running its top-level code. */
  skip?: string[];
}

/** The thread's program: this folder's node-thread module, with this module's own extension. */
const BOOTSTRAP = new URL(
  `./node-thread${extname(new URL(import.meta.url).pathname)}`,
  import.meta.url,
);

/**
 * A thread pool like the default executor of Tornado's IOLoop: a thread is
 * started when none is free and kept for the next call. Idle threads do not
 * keep the process alive, so a demo still ends when its loop stops.
 */
export class NodeThreads implements ThreadHost {
  readonly #dirs: string[];
  readonly #skip: Set<string>;
  readonly #idle: Worker[] = [];

  constructor(options: NodeThreadsOptions) {
    this.#dirs = options.dirs;
    this.#skip = new Set(
      (options.skip ?? []).map((file) => pathToFileURL(file).href),
    );
  }

  async run(
    fn: (...args: never[]) => unknown,
    args: unknown[],
    virtual: boolean,
  ): Promise<ThreadOutcome> {
    const where = await this.#locate(fn);
    if (!where) throw new TypeError(notMovable(fn));
    const worker = this.#idle.pop() ?? new Worker(BOOTSTRAP);
    worker.ref();
    return new Promise((resolve, reject) => {
      const finish = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      // Back to the pool; an idle thread does not keep the process alive.
      const release = () => {
        finish();
        worker.unref();
        this.#idle.push(worker);
      };
      const onMessage = (outcome: ThreadOutcome) => {
        release();
        resolve(outcome);
      };
      // A thread that died (out of memory, process.exit) is not reused.
      const onError = (error: Error) => {
        finish();
        reject(error);
      };
      const onExit = (code: number) => {
        finish();
        reject(new Error(`the executor thread exited with code ${code}`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      try {
        worker.postMessage({ ...where, args, virtual });
      } catch (error) {
        release();
        reject(new TypeError(notCopyable('an argument', error)));
      }
    });
  }

  /** Imports the candidate modules (Node returns the loaded instances) until one exports `fn`. */
  async #locate(fn: unknown): Promise<{ module: string; name: string } | null> {
    for (const dir of this.#dirs) {
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir).sort()) {
        if (!/\.(ts|js)$/.test(file) || file.endsWith('.d.ts')) continue;
        const url = pathToFileURL(join(dir, file)).href;
        if (this.#skip.has(url)) continue;
        const namespace = (await import(url)) as object;
        const found = findExport(fn, [[url, namespace]]);
        if (found) return found;
      }
    }
    return null;
  }
}

/**
 * Threads for a run of these step files (an entry, or check files): they
 * may import the modules of the files' steps and of their check folders,
 * never an entry (main.ts), which runs its top-level code until the program
 * ends.
 */
export function threadsFor(files: string[], entry?: string): NodeThreads {
  const dirs = new Set<string>();
  for (const file of files) {
    const dir = dirname(resolve(file));
    if (basename(dir) === 'check') dirs.add(dirname(dir));
    dirs.add(dir);
  }
  const entries = [...dirs].flatMap((dir) =>
    ['main.ts', 'main.js'].map((name) => resolve(dir, name)),
  );
  const skip = entry === undefined ? entries : [...entries, resolve(entry)];
  return new NodeThreads({ dirs: [...dirs], skip });
}
