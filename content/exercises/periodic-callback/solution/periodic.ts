/** PeriodicCallback: runs a callback on the loop every `callbackTimeMs`, on a fixed grid of start times. */

import { logError } from '../_template/trace.ts';
import { IOLoop, type Callback, type Timeout } from './ioloop.ts';

/** Calls `callback` every `callbackTimeMs` ms once started, like Tornado's PeriodicCallback. */
export class PeriodicCallback {
  readonly callback: Callback;
  readonly callbackTimeMs: number;
  #loop: IOLoop | null = null;
  #running = false;
  /** The timer of the next run, kept so stop() can cancel it. */
  #pending: Timeout | null = null;
  /** The grid slot (clock ms) the next run belongs to. */
  #slot = 0;

  constructor(callback: Callback, callbackTimeMs: number) {
    if (callbackTimeMs <= 0) {
      throw new RangeError(
        `PeriodicCallback needs a positive callbackTimeMs, got ${callbackTimeMs}`,
      );
    }
    this.callback = callback;
    this.callbackTimeMs = callbackTimeMs;
  }

  /** Starts the schedule: the first run is one period from now. */
  start(): void {
    // The loop is picked when started, not when built, as Tornado does.
    this.#loop = IOLoop.current();
    this.#running = true;
    this.#slot = this.#loop.time();
    this.#planNext();
  }

  /** Stops the schedule; the run already planned never happens. */
  stop(): void {
    this.#running = false;
    if (this.#pending !== null) this.#loop?.removeTimeout(this.#pending);
    this.#pending = null;
  }

  /** True between start() and stop(). */
  isRunning(): boolean {
    return this.#running;
  }

  #tick = (): void => {
    // This timer has fired: a stop() inside the callback has nothing left to cancel.
    this.#pending = null;
    if (!this.#running) return;
    try {
      this.callback();
    } catch (error) {
      // Logged here, not by the loop, so the schedule below still goes on.
      logError(this.callback.name || 'anonymous', error);
    }
    this.#planNext();
  };

  /** Sets the timer for the first grid slot after now; slots a slow run covered are dropped. */
  #planNext(): void {
    if (!this.#running || this.#loop === null) return;
    const now = this.#loop.time();
    const period = this.callbackTimeMs;
    const missed = Math.floor((now - this.#slot) / period) + 1;
    // Stepping over whole periods keeps every run on start + k * period.
    this.#slot += Math.max(1, missed) * period;
    this.#pending = this.#loop.callAt(this.#slot, this.#tick);
  }
}
