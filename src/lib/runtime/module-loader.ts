/** Runs compiled CommonJS-style modules from memory, with cycles and top-level await, as the Worker runtime needs. */
import { resolveSpecifier } from './compile.ts';
import type { SourceFiles } from './sandbox.ts';

type ModuleBody = (
  require: (spec: string) => unknown,
  exports: object,
  module: { exports: object },
) => unknown;

/** The constructor of async functions, which the language does not name. */
const AsyncFunction = (Object.getPrototypeOf(async function () {}) as { constructor: unknown })
  .constructor as new (...args: string[]) => ModuleBody;

interface Instance {
  exports: object;
  /** Settles when the module body (which may await at top level) has finished. */
  done: Promise<unknown>;
}

/**
 * Loads modules the way Node loads CommonJS: each runs once, a module being loaded hands out its
 * partly filled exports (so import cycles work, as they do between the sandboxes' platform files),
 * and a body with top-level await runs as an async function.
 */
export class ModuleLoader {
  readonly #modules: SourceFiles;
  readonly #cache = new Map<string, Instance>();

  constructor(modules: SourceFiles) {
    this.#modules = modules;
  }

  /** The modules loaded so far, by path, with their exports. */
  *loaded(): Iterable<[string, object]> {
    for (const [path, instance] of this.#cache) yield [path, instance.exports];
  }

  /** Loads `path` (and what it imports) and returns its exports and completion. */
  load(path: string, from?: string): Instance {
    const cached = this.#cache.get(path);
    if (cached) return cached;
    const code = this.#modules[path];
    if (code === undefined) {
      throw new Error(from ? `${from} imports ${path}, which does not exist` : `no file ${path}`);
    }
    const module = { exports: {} as object };
    const instance: Instance = { exports: module.exports, done: Promise.resolve() };
    this.#cache.set(path, instance);
    const body = `${code}\n//# sourceURL=sandbox:///${path}`;
    let fn: ModuleBody;
    try {
      // Evaluating the reader's code is this module's purpose; it runs inside a sandbox Worker.
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      fn = new Function('require', 'exports', 'module', body) as ModuleBody;
    } catch (error) {
      // Only a body with top-level await needs the async form; other syntax errors are real.
      if (!(error instanceof SyntaxError) || !/await/.test(error.message)) throw error;
      fn = new AsyncFunction('require', 'exports', 'module', body);
    }
    const requireHere = (spec: string) => this.load(resolveSpecifier(path, spec), path).exports;
    const result = fn(requireHere, module.exports, module);
    instance.exports = module.exports;
    instance.done = Promise.resolve(result);
    return instance;
  }
}
