/** Step 01: an IOLoop that runs queued callbacks in rounds, waiting in poll between rounds. */

import { getPlatform, POLL_TIMEOUT } from '../_template/platform.ts';
import { emit, logError, reportWork } from '../_template/trace.ts';

/** Work for the loop: a function that takes no arguments. */
export type Callback = () => void;

/** A single-threaded event loop: the heart of Tornado. */
export class IOLoop {
  static #current: IOLoop | null = null;
  #callbacks: Callback[] = [];
  #running = false;

  constructor() {
    IOLoop.#current = this;
  }

  /** The loop new work goes to: the one made last. */
  static current(): IOLoop {
    return IOLoop.#current ?? new IOLoop();
  }

  /** Runs `callback` on a later round of the loop, never inline. */
  addCallback(callback: Callback): void {
    this.#callbacks.push(callback);
    emit({ kind: 'callback.queued', name: nameOf(callback) });
  }

  /** Runs rounds until stop(); resolves when the loop has stopped. */
  async start(): Promise<void> {
    const network = getPlatform().network;
    this.#running = true;
    while (this.#running) {
      // Only what was queued before this round runs now: callbacks that
      // queue more callbacks must not starve I/O.
      const ready = this.#callbacks;
      this.#callbacks = [];
      for (const callback of ready) this.runCallback(callback);
      if (!this.#running) break;
      const timeout = this.#callbacks.length > 0 ? 0 : POLL_TIMEOUT;
      const events = await network.poll(timeout);
      emit({ kind: 'poll', timeout, ready: events });
    }
  }

  /** Ends the loop after the current round. */
  stop(): void {
    this.#running = false;
  }

  /**
   * Runs one callback; an exception is logged and the loop goes on. Like
   * asyncio's debug mode, it measures the real time the callback took: the
   * loop could do nothing else meanwhile, and a slow one is reported.
   */
  runCallback(callback: Callback): void {
    emit({ kind: 'callback.run', name: nameOf(callback) });
    const work = getPlatform().startWork();
    try {
      callback();
    } catch (error) {
      logError(nameOf(callback), error);
    }
    reportWork(nameOf(callback), work.end());
  }
}

function nameOf(callback: Callback): string {
  return callback.name || 'anonymous';
}
