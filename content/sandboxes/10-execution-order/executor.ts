/** Step 10: blocking work, and an executor that moves it to another thread (IOLoop.run_in_executor). */

import { getPlatform } from '../_template/platform.ts';
import { note } from '../_template/trace.ts';
import { Future } from './concurrent.ts';
import { IOLoop } from './ioloop.ts';

/**
 * Busy work for `ms` ms, like time.sleep or a CPU-heavy call. On the loop
 * it blocks everything: the virtual clock jumps with nothing else running,
 * the real one is spun. On an executor thread it costs that thread's time.
 */
export function blockFor(ms: number): void {
  note('loop', `blocked for ${ms}ms`);
  const clock = getPlatform().clock;
  if ('advance' in clock && typeof clock.advance === 'function') {
    (clock.advance as (ms: number) => void)(ms);
    return;
  }
  for (const end = clock.now() + ms; clock.now() < end;);
}

/**
 * Runs `fn(...args)` on a worker thread and returns a Future for its
 * result, as `IOLoop.run_in_executor(None, fn, *args)` does. The loop stays
 * free meanwhile. A thread shares no memory with the loop, so `fn` must be
 * exported from a module of the step (it is found by module and name, like
 * a function ProcessPoolExecutor pickles) and `args` are copied.
 */
export function runInExecutor<A extends unknown[], T>(
  fn: (...args: A) => T,
  ...args: A
): Future<T> {
  const future = new Future<T>(`executor(${fn.name || 'fn'})`);
  const loop = IOLoop.current();
  getPlatform().runInThread(fn, args, function threadDone(outcome) {
    // As Tornado's chain_future does, the Future is resolved by a callback
    // on the loop's thread: Futures are not safe to touch from elsewhere.
    loop.addCallback(function executorDone() {
      if (outcome.ok) {
        future.setResult(outcome.value as T);
        return;
      }
      const { name, message, stack } = outcome.error;
      future.setException(Object.assign(new Error(message), { name, stack }));
    });
  });
  return future;
}
