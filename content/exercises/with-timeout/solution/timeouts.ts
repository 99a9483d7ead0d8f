/** withTimeout: stops waiting for a Future at a deadline, without cancelling it (tornado.gen.with_timeout). */

import { describeError, log } from '../_template/trace.ts';
import { Future } from './concurrent.ts';
import { IOLoop, type Timeout } from './ioloop.ts';

/** The deadline passed first (Tornado's gen.TimeoutError, asyncio.TimeoutError since 6.2). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';

  constructor(message = 'Timeout') {
    super(message);
  }
}

/** A class of errors, as `instanceof` takes it. */
export type ErrorClass = abstract new (...args: never[]) => unknown;

/**
 * A Future with the outcome of `future` if it settles before `timeout` (an
 * absolute time on the loop's clock, in ms), else failing with TimeoutError.
 * `future` itself is left running; if it fails after the deadline, the error
 * is logged unless it is an instance of one of `quietExceptions`.
 */
export function withTimeout<T>(
  timeout: number,
  future: Future<T>,
  quietExceptions: readonly ErrorClass[] = [],
): Future<T> {
  const result = new Future<T>(`withTimeout(${future.label})`);
  const ioLoop = IOLoop.current();
  const handle: Timeout = ioLoop.callAt(timeout, function timedOut() {
    if (!result.done()) result.setException(new TimeoutError());
    // Nobody waits on `future` through us any more: a failure it ends with
    // would go unseen, so it is logged instead.
    future.addDoneCallback(function afterTimeout(late) {
      const error = late.exception();
      if (error === null) return;
      if (quietExceptions.some((quiet) => error instanceof quiet)) return;
      log(
        'tornado.application',
        'ERROR',
        `Exception in Future ${late.label} after timeout: ${describeError(error)}`,
      );
    });
  });
  future.addDoneCallback(function passOn(done) {
    ioLoop.removeTimeout(handle);
    // After the deadline `result` holds its TimeoutError for good.
    if (result.done()) return;
    const failure = done.exception();
    if (failure === null) result.setResult(done.result());
    else result.setException(failure);
  });
  return result;
}
