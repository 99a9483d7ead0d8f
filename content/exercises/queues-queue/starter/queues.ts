/** Queue: hands items from producer coroutines to consumer coroutines in order, waiting when it must (tornado.queues.Queue). */

import { Future } from './concurrent.ts';

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
  constructor(maxsize = 0) {
    void maxsize;
    throw new Error('TODO(queues-queue): implement constructor');
  }

  /** How many items the queue holds at most (0: no limit). */
  get maxsize(): number {
    throw new Error('TODO(queues-queue): implement maxsize');
  }

  /** How many items are in the queue now. */
  qsize(): number {
    throw new Error('TODO(queues-queue): implement qsize');
  }

  empty(): boolean {
    throw new Error('TODO(queues-queue): implement empty');
  }

  full(): boolean {
    throw new Error('TODO(queues-queue): implement full');
  }

  /** Adds `item`, waiting for room if the queue is full; fails with TimeoutError at `timeout`. */
  put(item: T, timeout?: number): Future<void> {
    void item;
    void timeout;
    throw new Error('TODO(queues-queue): implement put');
  }

  /** Adds `item` now, straight to the oldest waiting getter if there is one; throws QueueFull. */
  putNowait(item: T): void {
    void item;
    throw new Error('TODO(queues-queue): implement putNowait');
  }

  /** Takes the oldest item, waiting for one if the queue is empty; fails with TimeoutError at `timeout`. */
  get(timeout?: number): Future<T> {
    void timeout;
    throw new Error('TODO(queues-queue): implement get');
  }

  /** Takes the oldest item now, letting the oldest waiting putter in behind it; throws QueueEmpty. */
  getNowait(): T {
    throw new Error('TODO(queues-queue): implement getNowait');
  }

  /** Marks one item taken from the queue as processed; join() resolves when none is left. */
  taskDone(): void {
    throw new Error('TODO(queues-queue): implement taskDone');
  }

  /** Resolves once every item put has had its taskDone(); fails with TimeoutError at `timeout`. */
  join(timeout?: number): Future<void> {
    void timeout;
    throw new Error('TODO(queues-queue): implement join');
  }
}
