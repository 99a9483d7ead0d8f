/** Real threads for runInExecutor in the Worker runtime: a pool of nested Web Workers that load the step's modules. */
import type { ModuleLoader } from './module-loader.ts';
import type { SourceFiles } from './sandbox.ts';
import type { ThreadRequest } from './thread-host.ts';

/** The parts of `_template/thread.ts` the pool uses to find a function and explain failures. */
export interface ThreadHelpers {
  findExport(
    fn: unknown,
    modules: Iterable<[string, object]>,
  ): { module: string; name: string } | null;
  notMovable(fn: { name: string }): string;
  notCopyable(what: string, error: unknown): string;
}

/** Starts one thread; injectable so tests can count them. */
export type ThreadFactory = () => Worker;

const defaultFactory: ThreadFactory = () =>
  new Worker(new URL('./thread-host.ts', import.meta.url), { type: 'module', name: 'executor' });

/**
 * A thread pool over nested Web Workers: a thread is started when none is free and kept for the
 * next task. A thread shares no memory with the loop, so it loads the step's modules itself and
 * finds the function by the module and name it is exported under.
 */
export class PageThreads {
  readonly #loader: ModuleLoader;
  readonly #modules: SourceFiles;
  readonly #helpers: ThreadHelpers;
  readonly #skip: (path: string) => boolean;
  readonly #factory: ThreadFactory;
  readonly #idle: Worker[] = [];

  constructor(options: {
    loader: ModuleLoader;
    modules: SourceFiles;
    helpers: ThreadHelpers;
    /** Modules never searched: the entry, which is still running its top-level code. */
    skip: (path: string) => boolean;
    factory?: ThreadFactory;
  }) {
    this.#loader = options.loader;
    this.#modules = options.modules;
    this.#helpers = options.helpers;
    this.#skip = options.skip;
    this.#factory = options.factory ?? defaultFactory;
  }

  run(fn: (...args: never[]) => unknown, args: unknown[], virtual: boolean): Promise<unknown> {
    const candidates = [...this.#loader.loaded()].filter(
      ([path]) => !path.startsWith('_template/') && !this.#skip(path),
    );
    const where = this.#helpers.findExport(fn, candidates);
    if (!where) return Promise.reject(new TypeError(this.#helpers.notMovable(fn)));
    const reused = this.#idle.pop();
    const worker = reused ?? this.#factory();
    const request: ThreadRequest = { ...where, args, virtual };
    if (!reused) request.modules = this.#modules;
    return new Promise((resolve, reject) => {
      worker.onmessage = (event: MessageEvent) => {
        this.#idle.push(worker);
        resolve(event.data);
      };
      // A thread whose program failed to start is not reused.
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        reject(new Error(`the executor thread failed: ${event.message}`));
      };
      try {
        worker.postMessage(request);
      } catch (error) {
        if (reused) this.#idle.push(worker);
        else worker.terminate();
        reject(new TypeError(this.#helpers.notCopyable('an argument', error)));
      }
    });
  }
}
