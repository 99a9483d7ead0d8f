/** withTimeout: stops waiting for a Future at a deadline, without cancelling it (tornado.gen.with_timeout). */

import { Future } from './concurrent.ts';

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
  void timeout;
  void future;
  void quietExceptions;
  throw new Error('TODO(with-timeout): implement withTimeout');
}
