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

/** Drives one generator: sends each Future's result in, or throws its exception in. */
export class Runner<T> {
  readonly name: string;
  readonly #generator: Coroutine<T>;
  readonly #result: Future<T>;

  constructor(name: string, generator: Coroutine<T>, result: Future<T>) {
    this.name = name;
    this.#generator = generator;
    this.#result = result;
  }

  /** Runs to the first yield at once, then once per resolved Future. */
  async run(): Promise<void> {
    throw new Error('TODO(coroutine-runner): implement run');
  }

  /** Turns what was yielded into one Future to wait on. */
  handleYield(yielded: Yieldable): Future<unknown> {
    const future = multi(yielded);
    emit({
      kind: 'coroutine.suspended',
      coroutine: this.name,
      on: future.label,
    });
    return future;
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

let nextRunner = 1;

/** Makes a generator function a coroutine: calling it starts a Runner and returns a Future of its result. */
export function coroutine<A extends unknown[], T>(
  fn: (...args: A) => Coroutine<T>,
): (...args: A) => Future<T> {
  return (...args: A): Future<T> => {
    const name = `${fn.name || 'coro'}#${nextRunner++}`;
    const result = new Future<T>(`${name}()`);
    void new Runner(name, fn(...args), result).run();
    return result;
  };
}
