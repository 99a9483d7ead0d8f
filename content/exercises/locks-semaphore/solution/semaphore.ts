/** Semaphore and BoundedSemaphore: a counter of free slots that coroutines wait on (tornado.locks.Semaphore). */

import { Future } from './concurrent.ts';
import { IOLoop, type Timeout } from './ioloop.ts';

/** What a waiter that gave up fails with (tornado.util.TimeoutError). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** One coroutine in line: the Future it waits on, and the timer that ends its patience (if any). */
export interface Waiter {
  slot: Future<void>;
  giveUp: Timeout | null;
}

/** Lets up to `value` holders in at once; the others wait in line, first come first served. */
export class Semaphore {
  /** Free slots. Never below zero: a caller that finds none joins the line instead. */
  protected free: number;
  /** Oldest first; a waiter whose deadline passes leaves, so every one here is pending. */
  #line: Waiter[] = [];

  constructor(value = 1) {
    if (value < 0) throw new Error('semaphore initial value must be >= 0');
    this.free = value;
  }

  /** Takes a slot: at once if one is free, else after a release(); fails with TimeoutError after `timeoutMs`. */
  acquire(timeoutMs?: number): Future<void> {
    const slot = new Future<void>('semaphore.acquire');
    if (this.free > 0) {
      this.free--;
      slot.setResult();
      return slot;
    }
    const waiter: Waiter = { slot, giveUp: null };
    this.#line.push(waiter);
    if (timeoutMs !== undefined) {
      waiter.giveUp = IOLoop.current().callLater(timeoutMs, () => {
        // Leaving the line now means a later release() can never be spent on it.
        this.#line = this.#line.filter((other) => other !== waiter);
        slot.setException(
          new TimeoutError('gave up waiting for the semaphore'),
        );
      });
    }
    return slot;
  }

  /** Gives a slot back: to the first waiter if there is one, else to the counter. */
  release(): void {
    const next = this.#line.shift();
    if (next === undefined) {
      this.free++;
      return;
    }
    // The slot passes straight on, so the count stays put and no newcomer can take it first.
    if (next.giveUp !== null) IOLoop.current().removeTimeout(next.giveUp);
    next.slot.setResult();
  }
}

/** A Semaphore that refuses a release() past its initial value: a sign of a bug. */
export class BoundedSemaphore extends Semaphore {
  readonly #initial: number;

  constructor(value = 1) {
    super(value);
    this.#initial = value;
  }

  /** Like Semaphore.release(), but throws when every slot is already free. */
  override release(): void {
    // With waiters in line no slot is free, so handing one on is always allowed.
    if (this.free >= this.#initial)
      throw new Error('Semaphore released too many times');
    super.release();
  }
}
