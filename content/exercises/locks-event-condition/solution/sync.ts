/** Event and Condition: coroutines wait for a flag or for a notification (tornado.locks.Event, tornado.locks.Condition). */

import { Future } from './concurrent.ts';
import { IOLoop, type Timeout } from './ioloop.ts';

/** What an Event waiter that gave up fails with (tornado.util.TimeoutError). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** A pending Future in some list, and the timer that gives up on it. */
interface Waiter<T> {
  future: Future<T>;
  deadline: Timeout | null;
}

/**
 * Appends a waiter for `future` to `line` and, with a timeout, arms a timer
 * that takes it out of the line before calling `expire`: a waiter that gave
 * up must never be woken, nor count as woken.
 */
function enqueue<T>(
  line: Waiter<T>[],
  future: Future<T>,
  timeoutMs: number | undefined,
  expire: (future: Future<T>) => void,
): void {
  const waiter: Waiter<T> = { future, deadline: null };
  line.push(waiter);
  if (timeoutMs === undefined) return;
  waiter.deadline = IOLoop.current().callLater(timeoutMs, () => {
    line.splice(line.indexOf(waiter), 1);
    expire(future);
  });
}

/** Settles a waiter taken out of its line, first cancelling its timer (Tornado's remove_timeout). */
function wake<T>(waiter: Waiter<T>, value: T): void {
  if (waiter.deadline !== null) IOLoop.current().removeTimeout(waiter.deadline);
  waiter.future.setResult(value);
}

/** A flag coroutines can wait for: set() wakes every waiter, and while it stays set nobody waits. */
export class Event {
  #flag = false;
  /** Only pending Futures: set() empties it and a timeout takes its waiter out. */
  readonly #waiters: Waiter<void>[] = [];

  /** True between set() and clear(). */
  isSet(): boolean {
    return this.#flag;
  }

  /** Raises the flag and wakes every waiter; does nothing if it is up already. */
  set(): void {
    if (this.#flag) return;
    this.#flag = true;
    // Emptied first: a clear() and a set() later must not settle these again.
    for (const waiter of this.#waiters.splice(0)) wake(waiter, undefined);
  }

  /** Lowers the flag, so later wait() calls block again. */
  clear(): void {
    this.#flag = false;
  }

  /** Done at once if the flag is up, else when set() is called; fails with TimeoutError after `timeoutMs`. */
  wait(timeoutMs?: number): Future<void> {
    const future = new Future<void>('event.wait');
    if (this.#flag) future.setResult();
    else
      enqueue(this.#waiters, future, timeoutMs, (late) =>
        late.setException(new TimeoutError('Timeout')),
      );
    return future;
  }
}

/** Lets coroutines wait until another one notifies them; it keeps no state, so a notify() with no waiter is lost. */
export class Condition {
  /** Oldest first, only pending Futures, so notify(n) wakes exactly n of them if there are that many. */
  readonly #waiters: Waiter<boolean>[] = [];

  /** Resolves to true when notified, or to false once `timeoutMs` has passed without a notification. */
  wait(timeoutMs?: number): Future<boolean> {
    const future = new Future<boolean>('condition.wait');
    // Tornado 6.2 reports a timeout as a false result, not as an error.
    enqueue(this.#waiters, future, timeoutMs, (late) => late.setResult(false));
    return future;
  }

  /** Wakes up to `n` waiters, the oldest first. */
  notify(n = 1): void {
    for (const waiter of this.#waiters.splice(0, n)) wake(waiter, true);
  }

  /** Wakes every waiter there is right now. */
  notifyAll(): void {
    this.notify(this.#waiters.length);
  }
}
