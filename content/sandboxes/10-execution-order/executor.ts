/** Step 10: blocking work, and an executor that keeps it off the loop (IOLoop.run_in_executor). */

import { getPlatform } from '../_template/platform.ts';
import { note } from '../_template/trace.ts';
import { Future } from './concurrent.ts';
import { IOLoop } from './ioloop.ts';

/** Cost (ms) gathered while a simulated worker runs a function; null on the loop. */
let workerCost: number | null = null;

/**
 * Busy work for `ms` ms, like time.sleep or a CPU-heavy call. On the loop it
 * blocks everything: the virtual clock jumps with nothing else running, the
 * real one is spun. Inside runInExecutor it only adds to the worker's time.
 */
export function blockFor(ms: number): void {
  if (workerCost !== null) {
    workerCost += ms;
    return;
  }
  note('loop', `blocked for ${ms}ms`);
  const clock = getPlatform().clock;
  if ('advance' in clock && typeof clock.advance === 'function') {
    (clock.advance as (ms: number) => void)(ms);
    return;
  }
  for (const end = clock.now() + ms; clock.now() < end;);
}

/**
 * Runs `fn` "on a worker thread": its result is ready after the time its
 * blocking calls cost, and the loop stays free meanwhile. A simulation: the
 * sandbox has no threads, so `fn` runs at once and its cost is waited out
 * with a timer, which is what the loop would see of a real thread pool.
 */
export function runInExecutor<T>(fn: () => T): Future<T> {
  const future = new Future<T>(`executor(${fn.name || 'fn'})`);
  workerCost = 0;
  let outcome: { value: T } | { error: unknown };
  try {
    outcome = { value: fn() };
  } catch (error) {
    outcome = { error };
  }
  const cost = workerCost;
  workerCost = null;
  IOLoop.current().callLater(cost, function workerDone() {
    if ('value' in outcome) future.setResult(outcome.value);
    else future.setException(outcome.error);
  });
  return future;
}
