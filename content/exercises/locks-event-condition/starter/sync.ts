/** Event and Condition: coroutines wait for a flag or for a notification (tornado.locks.Event, tornado.locks.Condition). */

import { Future } from './concurrent.ts';

/** What an Event waiter that gave up fails with (tornado.util.TimeoutError). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** A flag coroutines can wait for: set() wakes every waiter, and while it stays set nobody waits. */
export class Event {
  /** True between set() and clear(). */
  isSet(): boolean {
    throw new Error('TODO(locks-event-condition): implement Event.isSet');
  }

  /** Raises the flag and wakes every waiter; does nothing if it is up already. */
  set(): void {
    throw new Error('TODO(locks-event-condition): implement Event.set');
  }

  /** Lowers the flag, so later wait() calls block again. */
  clear(): void {
    throw new Error('TODO(locks-event-condition): implement Event.clear');
  }

  /** Done at once if the flag is up, else when set() is called; fails with TimeoutError after `timeoutMs`. */
  wait(timeoutMs?: number): Future<void> {
    void timeoutMs;
    throw new Error('TODO(locks-event-condition): implement Event.wait');
  }
}

/** Lets coroutines wait until another one notifies them; it keeps no state, so a notify() with no waiter is lost. */
export class Condition {
  /** Resolves to true when notified, or to false once `timeoutMs` has passed without a notification. */
  wait(timeoutMs?: number): Future<boolean> {
    void timeoutMs;
    throw new Error('TODO(locks-event-condition): implement Condition.wait');
  }

  /** Wakes up to `n` waiters, the oldest first. */
  notify(n = 1): void {
    void n;
    throw new Error('TODO(locks-event-condition): implement Condition.notify');
  }

  /** Wakes every waiter there is right now. */
  notifyAll(): void {
    throw new Error(
      'TODO(locks-event-condition): implement Condition.notifyAll',
    );
  }
}
