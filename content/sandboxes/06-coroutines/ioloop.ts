/** Step 05: the IOLoop lets promise continuations (await) finish before each poll. */

import { ERROR, getPlatform, POLL_TIMEOUT } from '../_template/platform.ts';
import { emit, logError, reportWork } from '../_template/trace.ts';
import { MinHeap } from './heap.ts';

export { ERROR, READ, WRITE } from '../_template/platform.ts';

/** Work for the loop: a function that takes no arguments. */
export type Callback = () => void;

/** Called with a socket and the events (READ, WRITE, ERROR) it is ready for. */
export type Handler = (fd: number, events: number) => void;

/** A scheduled call, returned by callAt/callLater; pass it to removeTimeout. */
export interface Timeout {
  readonly id: number;
  /** Clock time (ms) at which it is due. */
  readonly deadline: number;
  /** Set to null when cancelled: cheaper than removing it from the heap. */
  callback: Callback | null;
}

/** A single-threaded event loop: the heart of Tornado. */
export class IOLoop {
  static #current: IOLoop | null = null;
  #callbacks: Callback[] = [];
  // Equal deadlines fire in the order they were set.
  #timeouts = new MinHeap<Timeout>(
    (a, b) => (a.deadline - b.deadline || a.id - b.id) < 0,
  );
  #handlers = new Map<number, Handler>();
  #nextTimerId = 1;
  #running = false;

  constructor() {
    IOLoop.#current = this;
  }

  /** The loop new work goes to: the one made last. */
  static current(): IOLoop {
    return IOLoop.#current ?? new IOLoop();
  }

  /** The loop's clock, in ms. */
  time(): number {
    return getPlatform().clock.now();
  }

  /** Runs `callback` on a later round of the loop, never inline. */
  addCallback(callback: Callback): void {
    this.#callbacks.push(callback);
    emit({ kind: 'callback.queued', name: nameOf(callback) });
  }

  /** Runs `callback` once the clock reaches `deadline` (ms). */
  callAt(deadline: number, callback: Callback): Timeout {
    const id = this.#nextTimerId++;
    const timeout = { id, deadline, callback };
    this.#timeouts.push(timeout);
    emit({ kind: 'timer.set', id, deadline, name: nameOf(callback) });
    return timeout;
  }

  /** Runs `callback` after `delay` ms. */
  callLater(delay: number, callback: Callback): Timeout {
    return this.callAt(this.time() + delay, callback);
  }

  /** Cancels a timer that has not fired yet. */
  removeTimeout(timeout: Timeout): void {
    const { id, callback } = timeout;
    if (callback) emit({ kind: 'timer.cancelled', id, name: nameOf(callback) });
    timeout.callback = null;
  }

  /** Calls `handler` whenever `fd` is ready for `events`; ERROR is always watched. */
  addHandler(fd: number, handler: Handler, events: number): void {
    this.#handlers.set(fd, handler);
    getPlatform().network.register(fd, events | ERROR);
  }

  /** Changes which events `fd`'s handler waits for. */
  updateHandler(fd: number, events: number): void {
    getPlatform().network.modify(fd, events | ERROR);
  }

  /** Stops watching `fd`. */
  removeHandler(fd: number): void {
    if (this.#handlers.delete(fd)) getPlatform().network.unregister(fd);
  }

  /** Runs rounds until stop(); resolves when the loop has stopped. */
  async start(): Promise<void> {
    this.#running = true;
    while (this.#running) {
      // Only what was queued before this round runs now: callbacks that
      // queue more callbacks must not starve I/O.
      const ready = this.#callbacks;
      this.#callbacks = [];
      // Due timers are picked before any callback runs, so a timer set
      // for "now" by this round's callbacks waits for the next round.
      const due: Timeout[] = [];
      while ((this.#nextTimeout()?.deadline ?? Infinity) <= this.time()) {
        due.push(this.#timeouts.pop() as Timeout);
      }
      for (const callback of ready) {
        emit({ kind: 'callback.run', name: nameOf(callback) });
        this.#runCallback(callback);
      }
      for (const timeout of due) {
        const callback = timeout.callback;
        if (callback === null) continue; // cancelled by an earlier one
        emit({ kind: 'timer.fired', id: timeout.id, name: nameOf(callback) });
        this.#runCallback(callback);
      }
      // Code resumed by `await` runs as promise continuations: let it run
      // (it may queue callbacks or stop the loop) before choosing a timeout.
      // It runs on this thread too, so it is measured like a callback.
      const work = getPlatform().startWork();
      await getPlatform().settle();
      reportWork('promise continuations', work.end());
      if (!this.#running) break;
      const timeout = this.#pollTimeout();
      const polled = await getPlatform().network.poll(timeout);
      emit({ kind: 'poll', timeout, ready: polled });
      for (const { fd, events } of polled) {
        // An earlier handler of this batch may have removed this one.
        const handler = this.#handlers.get(fd);
        if (handler)
          this.#runCallback(() => handler(fd, events), nameOf(handler));
      }
    }
  }

  /** Ends the loop after the current round. */
  stop(): void {
    this.#running = false;
  }

  /** How long poll may sleep: not at all if callbacks wait, else until the next timer. */
  #pollTimeout(): number {
    if (this.#callbacks.length > 0) return 0;
    const next = this.#nextTimeout();
    if (!next) return POLL_TIMEOUT;
    return Math.min(Math.max(0, next.deadline - this.time()), POLL_TIMEOUT);
  }

  /** The earliest live timer; cancelled ones on top are dropped here. */
  #nextTimeout(): Timeout | undefined {
    while (this.#timeouts.peek()?.callback === null) this.#timeouts.pop();
    return this.#timeouts.peek();
  }

  /**
   * Runs one callback; an exception is logged and the loop goes on. Like
   * asyncio's debug mode, it measures the real time the callback took: the
   * loop could do nothing else meanwhile, and a slow one is reported.
   */
  #runCallback(callback: Callback, name = nameOf(callback)): void {
    const work = getPlatform().startWork();
    try {
      callback();
    } catch (error) {
      logError(name, error);
    }
    reportWork(name, work.end());
  }
}

function nameOf(fn: { name: string }): string {
  return fn.name || 'anonymous';
}
