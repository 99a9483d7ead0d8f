/** Lock: a mutex for coroutines; acquire() waits its turn and release() hands the lock on (tornado.locks.Lock). */

import { Future } from './concurrent.ts';
import { IOLoop, type Timeout } from './ioloop.ts';

/** What a waiter that gave up fails with (tornado.util.TimeoutError). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** One coroutine in line: the Future it waits on, and the timer that ends its patience. */
interface Waiter {
  turn: Future<void>;
  giveUp: Timeout | null;
}

/** A lock for coroutines: one holder at a time; the others wait in line, first come first served. */
export class Lock {
  /** Stays true while the lock passes from holder to waiter, so nobody can slip in between. */
  #locked = false;
  /** Oldest first; a waiter whose deadline passes leaves the line, so every one here is pending. */
  #line: Waiter[] = [];

  /** Resolves once the caller holds the lock; with `timeoutMs`, fails with TimeoutError if the wait is longer. */
  acquire(timeoutMs?: number): Future<void> {
    const turn = new Future<void>('lock.acquire');
    if (!this.#locked) {
      this.#locked = true;
      turn.setResult();
      return turn;
    }
    const waiter: Waiter = { turn, giveUp: null };
    this.#line.push(waiter);
    if (timeoutMs !== undefined) {
      waiter.giveUp = IOLoop.current().callLater(timeoutMs, () => {
        this.#line = this.#line.filter((other) => other !== waiter);
        turn.setException(new TimeoutError('gave up waiting for the lock'));
      });
    }
    return turn;
  }

  /** Unlocks, or hands the lock straight to the first waiter; throws when the lock is not held. */
  release(): void {
    if (!this.#locked) throw new Error('release unlocked lock');
    const next = this.#line.shift();
    // With a waiter, the lock changes hands without ever being free.
    if (next === undefined) {
      this.#locked = false;
      return;
    }
    // Its deadline no longer matters: the timer must not fail a Future that is done.
    if (next.giveUp !== null) IOLoop.current().removeTimeout(next.giveUp);
    next.turn.setResult();
  }
}
