/** Queue: hands items from producer coroutines to consumer coroutines in order, waiting when it must (tornado.queues.Queue). */

import { Future } from './concurrent.ts';
import { IOLoop, type Timeout } from './ioloop.ts';

/** getNowait() found no item to take. */
export class QueueEmpty extends Error {
  override name = 'QueueEmpty';
}

/** putNowait() found the queue at its maxsize. */
export class QueueFull extends Error {
  override name = 'QueueFull';
}

/** A put, get or join still waiting at its deadline (Tornado's gen.TimeoutError). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';

  constructor(message = 'Timeout') {
    super(message);
  }
}

/** A FIFO queue for coroutines on one loop; `maxsize` 0 means it never fills up. */
export class Queue<T> {
  readonly #maxsize: number;
  #items: T[] = [];
  /** Consumers waiting for an item, oldest first; some may have timed out. */
  #getters: Future<T>[] = [];
  /** Producers waiting for room, with the item each holds, oldest first. */
  #putters: { item: T; future: Future<void> }[] = [];
  /** Items put and not yet marked done with taskDone(). */
  #unfinished = 0;
  #joiners: Future<void>[] = [];

  constructor(maxsize = 0) {
    if (maxsize < 0) throw new RangeError("maxsize can't be negative");
    this.#maxsize = maxsize;
  }

  /** How many items the queue holds at most (0: no limit). */
  get maxsize(): number {
    return this.#maxsize;
  }

  /** How many items are in the queue now. */
  qsize(): number {
    return this.#items.length;
  }

  empty(): boolean {
    return this.#items.length === 0;
  }

  full(): boolean {
    return this.#maxsize > 0 && this.#items.length >= this.#maxsize;
  }

  /** Adds `item`, waiting for room if the queue is full; fails with TimeoutError at `timeout`. */
  put(item: T, timeout?: number): Future<void> {
    const future = new Future<void>('Queue.put');
    try {
      this.putNowait(item);
    } catch (error) {
      if (!(error instanceof QueueFull)) throw error;
      this.#putters.push({ item, future });
      expireAt(future, timeout);
      return future;
    }
    future.setResult();
    return future;
  }

  /** Adds `item` now, straight to the oldest waiting getter if there is one; throws QueueFull. */
  putNowait(item: T): void {
    this.#dropExpired();
    const getter = this.#getters.shift();
    if (getter !== undefined) {
      // The item still counts as a task: join() waits for the getter's taskDone().
      this.#unfinished++;
      getter.setResult(item);
      return;
    }
    if (this.full()) throw new QueueFull();
    this.#store(item);
  }

  /** Takes the oldest item, waiting for one if the queue is empty; fails with TimeoutError at `timeout`. */
  get(timeout?: number): Future<T> {
    const future = new Future<T>('Queue.get');
    let item: T;
    try {
      item = this.getNowait();
    } catch (error) {
      if (!(error instanceof QueueEmpty)) throw error;
      this.#getters.push(future);
      expireAt(future, timeout);
      return future;
    }
    future.setResult(item);
    return future;
  }

  /** Takes the oldest item now, letting the oldest waiting putter in behind it; throws QueueEmpty. */
  getNowait(): T {
    this.#dropExpired();
    if (this.#items.length === 0) throw new QueueEmpty();
    const item = this.#items.shift() as T;
    const putter = this.#putters.shift();
    if (putter !== undefined) {
      this.#store(putter.item);
      putter.future.setResult();
    }
    return item;
  }

  /** Marks one item taken from the queue as processed; join() resolves when none is left. */
  taskDone(): void {
    if (this.#unfinished <= 0)
      throw new RangeError('taskDone() called too many times');
    this.#unfinished--;
    if (this.#unfinished > 0) return;
    for (const joiner of this.#joiners) if (!joiner.done()) joiner.setResult();
    this.#joiners = [];
  }

  /** Resolves once every item put has had its taskDone(); fails with TimeoutError at `timeout`. */
  join(timeout?: number): Future<void> {
    const future = new Future<void>('Queue.join');
    if (this.#unfinished === 0) {
      future.setResult();
      return future;
    }
    // Joiners that timed out are of no use any more; dropping them keeps the list short.
    this.#joiners = this.#joiners.filter((joiner) => !joiner.done());
    this.#joiners.push(future);
    expireAt(future, timeout);
    return future;
  }

  #store(item: T): void {
    this.#unfinished++;
    this.#items.push(item);
  }

  /** A waiter that timed out is done already: it must not take an item or a slot. */
  #dropExpired(): void {
    while (this.#getters[0]?.done()) this.#getters.shift();
    while (this.#putters[0]?.future.done()) this.#putters.shift();
  }
}

/** Fails `future` with TimeoutError at `deadline` unless it settles first; the timer goes once it settles. */
function expireAt(
  future: Future<unknown>,
  deadline: number | undefined,
  loop = IOLoop.current(),
): void {
  if (deadline === undefined) return;
  const handle: Timeout = loop.callAt(deadline, function queueTimeout() {
    if (!future.done()) future.setException(new TimeoutError());
  });
  // Served before the deadline: the timer must not stay on the loop.
  future.addDoneCallback(function clearTimer() {
    loop.removeTimeout(handle);
  });
}
