/** Semaphore and BoundedSemaphore: a counter of free slots that coroutines wait on (tornado.locks.Semaphore). */

import { Future } from './concurrent.ts';
import type { Timeout } from './ioloop.ts';

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
  constructor(value = 1) {
    void value;
    throw new Error('TODO(locks-semaphore): implement constructor');
  }

  /** Takes a slot: at once if one is free, else after a release(); fails with TimeoutError after `timeoutMs`. */
  acquire(timeoutMs?: number): Future<void> {
    void timeoutMs;
    throw new Error('TODO(locks-semaphore): implement acquire');
  }

  /** Gives a slot back: to the first waiter if there is one, else to the counter. */
  release(): void {
    throw new Error('TODO(locks-semaphore): implement release');
  }
}

/** A Semaphore that refuses a release() past its initial value: a sign of a bug. */
export class BoundedSemaphore extends Semaphore {
  constructor(value = 1) {
    super(value);
    throw new Error(
      'TODO(locks-semaphore): implement BoundedSemaphore constructor',
    );
  }

  /** Like Semaphore.release(), but throws when every slot is already free. */
  override release(): void {
    throw new Error(
      'TODO(locks-semaphore): implement BoundedSemaphore.release',
    );
  }
}
