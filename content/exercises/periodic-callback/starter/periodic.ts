/** PeriodicCallback: runs a callback on the loop every `callbackTimeMs`, on a fixed grid of start times. */

import type { Callback } from './ioloop.ts';

/** Calls `callback` every `callbackTimeMs` ms once started, like Tornado's PeriodicCallback. */
export class PeriodicCallback {
  constructor(callback: Callback, callbackTimeMs: number) {
    void callback;
    void callbackTimeMs;
    throw new Error('TODO(periodic-callback): implement constructor');
  }

  /** Starts the schedule: the first run is one period from now. */
  start(): void {
    throw new Error('TODO(periodic-callback): implement start');
  }

  /** Stops the schedule; the run already planned never happens. */
  stop(): void {
    throw new Error('TODO(periodic-callback): implement stop');
  }

  /** True between start() and stop(). */
  isRunning(): boolean {
    throw new Error('TODO(periodic-callback): implement isRunning');
  }
}
