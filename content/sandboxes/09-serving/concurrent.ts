/** Step 05: Future, a result that arrives later (tornado.concurrent.Future, which is asyncio.Future). */

import {
  emit,
  isTracing,
  settled,
  summarize,
  trackPending,
} from '../_template/trace.ts';
import { IOLoop } from './ioloop.ts';

/** Asking a pending Future for its result, or settling a Future twice. */
export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

type DoneCallback<T> = (future: Future<T>) => void;
let nextId = 1;

/** Holds a result or an exception once it exists; done callbacks always run on the loop. */
export class Future<out T> {
  /** A name for traces. */
  readonly label: string;
  readonly #loop: IOLoop;
  #state: 'pending' | 'result' | 'exception' = 'pending';
  #value: unknown;
  #callbacks: (() => void)[] = [];

  constructor(label = `future#${nextId++}`, loop = IOLoop.current()) {
    this.label = label;
    this.#loop = loop;
    // So a program stuck waiting can name what it waits for (see trace.ts).
    trackPending(this, label);
  }

  done(): boolean {
    return this.#state !== 'pending';
  }

  /** The result; throws the exception instead if it failed. */
  result(): T {
    if (this.#state === 'pending')
      throw new InvalidStateError('Result is not ready.');
    if (this.#state === 'exception') throw this.#value;
    return this.#value as T;
  }

  /** The exception it failed with, or null if it has a result. */
  exception(): unknown {
    if (this.#state === 'pending')
      throw new InvalidStateError('Exception is not set.');
    return this.#state === 'exception' ? this.#value : null;
  }

  setResult(value: T): void {
    this.#settle('result', value);
  }

  setException(error: unknown): void {
    this.#settle('exception', error);
  }

  /** Runs `fn(this)` on the loop once done (on a later round if already done). */
  addDoneCallback(fn: DoneCallback<T>): void {
    if (this.done()) this.#loop.addCallback(fn.bind(null, this));
    else this.#callbacks.push(fn.bind(null, this));
  }

  /** Makes `await future` work: JavaScript awaits anything with a then(). */
  then<R1 = T, R2 = never>(
    onResult?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onException?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const promise = new Promise<T>((resolve, reject) => {
      this.addDoneCallback(function resume(future) {
        if (future.#state === 'result') resolve(future.#value as T);
        // A Future fails with whatever setException got, as `throw` allows.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        else reject(future.#value);
      });
    });
    return promise.then(onResult, onException);
  }

  #settle(state: 'result' | 'exception', value: unknown): void {
    if (this.done())
      throw new InvalidStateError(`${this.label} is already done`);
    this.#state = state;
    this.#value = value;
    settled(this);
    if (isTracing()) {
      emit({
        kind: 'future.resolved',
        future: this.label,
        outcome: state,
        value: summarize(value),
      });
    }
    for (const fn of this.#callbacks) this.#loop.addCallback(fn);
    this.#callbacks = [];
  }
}

/** When `a` is done, gives its outcome to `b` (unless `b` is done already). */
export function chainFuture<T>(a: Future<T>, b: Future<T>): void {
  a.addDoneCallback(function copy(done) {
    if (b.done()) return;
    const error = done.exception();
    if (error === null) b.setResult(done.result());
    else b.setException(error);
  });
}
