/** Lock: a mutex for coroutines; acquire() waits its turn and release() hands the lock on (tornado.locks.Lock). */

import { Future } from './concurrent.ts';

/** What a waiter that gave up fails with (tornado.util.TimeoutError). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** A lock for coroutines: one holder at a time; the others wait in line, first come first served. */
export class Lock {
  /** Resolves once the caller holds the lock; with `timeoutMs`, fails with TimeoutError if the wait is longer. */
  acquire(timeoutMs?: number): Future<void> {
    void timeoutMs;
    throw new Error('TODO(locks-lock): implement acquire');
  }

  /** Unlocks, or hands the lock straight to the first waiter; throws when the lock is not held. */
  release(): void {
    throw new Error('TODO(locks-lock): implement release');
  }
}
