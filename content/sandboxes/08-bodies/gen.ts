/** Step 06: coroutines from generators: a Runner feeds each yielded Future's outcome back in (gen.coroutine). */

import { emit, summarize } from '../_template/trace.ts';
import { Future } from './concurrent.ts';
import { IOLoop } from './ioloop.ts';

/** What a coroutine may yield: a Future, or an array or object of Futures to wait for together. */
export type Yieldable =
  | Future<unknown>
  | readonly Future<unknown>[]
  | Readonly<Record<string, Future<unknown>>>;

/** The generator a coroutine function returns; `yield` hands back unknown values. */
export type Coroutine<T> = Generator<Yieldable, T, unknown>;

/** One Future for several: resolves with all results in the same shape, or fails with the first error (gen.multi). */
export function multi(children: Yieldable): Future<unknown> {
  if (children instanceof Future) return children;
  const keys = Object.keys(children);
  const futures = Object.values<Future<unknown>>(children);
  const all = new Future<unknown>(`multi(${futures.length})`);
  let pending = futures.length;
  const finish = (): void => {
    const values = futures.map((future) => future.result());
    if (Array.isArray(children)) all.setResult(values);
    else
      all.setResult(Object.fromEntries(keys.map((key, i) => [key, values[i]])));
  };
  if (pending === 0) finish();
  for (const future of futures) {
    future.addDoneCallback(function oneDone(done) {
      if (all.done()) return;
      if (done.exception() !== null) all.setException(done.exception());
      else if (--pending === 0) finish();
    });
  }
  return all;
}

/** A Future that resolves after `ms` ms, without blocking the loop (gen.sleep). */
export function sleep(ms: number, loop = IOLoop.current()): Future<void> {
  const future = new Future<void>(`sleep(${ms})`, loop);
  loop.callLater(ms, function wakeUp() {
    future.setResult();
  });
  return future;
}

/**
 * Drives one generator, as Tornado's gen.Runner does: sends each Future's
 * result in (or throws its exception in) and, when the generator yields a
 * Future that is not done yet, asks to be run again once it is.
 */
export class Runner<T> {
  readonly name: string;
  readonly #generator: Coroutine<T>;
  readonly #result: Future<T>;
  /** What the generator waits for; null before its first run. */
  #future: Future<unknown> | null = null;

  constructor(name: string, generator: Coroutine<T>, result: Future<T>) {
    this.name = name;
    this.#generator = generator;
    this.#result = result;
  }

  /**
   * Goes round while the awaited Future is done: the first call runs to the
   * first yield at once; each later one is a done callback of a Future.
   * Tornado's version also keeps `running` and `finished` flags; here a done
   * callback always runs on a later round, so run is never re-entered.
   */
  run(): void {
    for (;;) {
      const future = this.#future;
      if (future !== null && !future.done()) return;
      let step: IteratorResult<Yieldable, T>;
      try {
        step = future === null ? this.#generator.next() : this.#resume(future);
      } catch (error) {
        return this.#finish('exception', error);
      }
      if (step.done) return this.#finish('result', step.value);
      if (!this.handleYield(step.value)) return;
    }
  }

  /** Sends `future`'s result into the generator, or throws its exception in. */
  #resume(future: Future<unknown>): IteratorResult<Yieldable, T> {
    const error = future.exception();
    const value = error === null ? future.result() : error;
    emit({
      kind: 'coroutine.resumed',
      coroutine: this.name,
      with: summarize(value),
    });
    return error === null
      ? this.#generator.next(value)
      : this.#generator.throw(error);
  }

  /**
   * Turns what was yielded into one Future to wait on. Returns true when it
   * is done already (run goes on at once); otherwise registers run as its
   * done callback, as Tornado's `io_loop.add_future(future, inner)`, and
   * returns false.
   */
  handleYield(yielded: Yieldable): boolean {
    const future = multi(yielded);
    this.#future = future;
    emit({
      kind: 'coroutine.suspended',
      coroutine: this.name,
      on: future.label,
    });
    if (future.done()) return true;
    future.addDoneCallback(resumeOnDone(this));
    return false;
  }

  #finish(outcome: 'result' | 'exception', value: unknown): void {
    emit({
      kind: 'coroutine.finished',
      coroutine: this.name,
      outcome,
      value: summarize(value),
    });
    if (outcome === 'result') this.#result.setResult(value as T);
    else this.#result.setException(value);
  }
}

/** The done callback that runs `runner` again (the `inner` of Tornado's handle_yield). */
function resumeOnDone(runner: { run(): void }): () => void {
  return function resume() {
    runner.run();
  };
}

let nextRunner = 1;

/** Makes a generator function a coroutine: calling it starts a Runner and returns a Future of its result. */
export function coroutine<A extends unknown[], T>(
  fn: (...args: A) => Coroutine<T>,
): (...args: A) => Future<T> {
  return (...args: A): Future<T> => {
    const name = `${fn.name || 'coro'}#${nextRunner++}`;
    const result = new Future<T>(`${name}()`);
    new Runner(name, fn(...args), result).run();
    return result;
  };
}
