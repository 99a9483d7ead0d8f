/** Visible checks for withTimeout: the result or error when in time, TimeoutError at the deadline, the inner Future left running. */

import { assert, test } from '../../_template/testing.ts';
import { Future } from '../concurrent.ts';
import { coroutine, sleep, type Coroutine } from '../gen.ts';
import { IOLoop } from '../ioloop.ts';
import { TimeoutError, withTimeout } from '../timeouts.ts';

/** Runs the loop until `ms` on its clock. */
async function runUntil(loop: IOLoop, ms: number): Promise<void> {
  loop.callAt(ms, function stopLoop() {
    loop.stop();
  });
  await loop.start();
}

/** A Future that gets `value` (or fails with it, if it is an Error) at `ms`. */
function settleAt<T>(loop: IOLoop, ms: number, value: T | Error): Future<T> {
  const future = new Future<T>(`inner(${ms})`, loop);
  loop.callAt(ms, function settle() {
    if (value instanceof Error) future.setException(value);
    else future.setResult(value);
  });
  return future;
}

/** Records, in `log`, the loop time and outcome of `future` once it settles. */
function watch<T>(
  loop: IOLoop,
  future: Future<T>,
  name: string,
  log: string[],
): void {
  future.addDoneCallback((done) => {
    const error = done.exception();
    const outcome =
      error === null
        ? `resolved with "${String(done.result())}"`
        : `failed with ${(error as Error).name}: ${(error as Error).message}`;
    log.push(`${name} ${outcome} at ${loop.time()} ms`);
  });
}

test('resolves with the inner result when it comes before the deadline', async () => {
  const loop = new IOLoop();
  const log: string[] = [];
  const wrapped = withTimeout(50, settleAt(loop, 10, 'in time'));
  assert.equal(wrapped.done(), false, 'not done before the inner Future');
  watch(loop, wrapped, 'wrapped', log);
  await runUntil(loop, 100);
  assert.order(
    log,
    ['wrapped resolved with "in time" at 10 ms'],
    'settled once, at 10 ms, and not again at the 50 ms deadline',
  );
  assert.equal(wrapped.result(), 'in time', 'the deadline changed nothing');
});

test('fails with TimeoutError at the deadline when the inner Future is slower', async () => {
  const loop = new IOLoop();
  const inner = settleAt(loop, 80, 'too late');
  const seen: string[] = [];
  const caller = coroutine(function* caller(): Coroutine<string> {
    // The deadline is a time on the loop's clock, not a delay from the call.
    yield sleep(20);
    seen.push(`withTimeout(50, inner) called at ${loop.time()} ms`);
    try {
      return (yield withTimeout(50, inner)) as string;
    } catch (error) {
      seen.push(
        `caught ${(error as Error).name} at ${loop.time()} ms, inner ${inner.done() ? 'done' : 'still pending'}`,
      );
      throw error;
    }
  });
  const result = caller();
  await runUntil(loop, 100);
  assert.order(
    seen,
    [
      'withTimeout(50, inner) called at 20 ms',
      'caught TimeoutError at 50 ms, inner still pending',
    ],
    'the timeout is at 50 ms on the clock, not 50 ms after the call',
  );
  const error = result.exception();
  assert.ok(error instanceof TimeoutError, 'a TimeoutError');
  assert.equal((error as Error).message, 'Timeout', "Tornado's message");
});

test('passes the inner error through when the inner Future fails before the deadline', async () => {
  const loop = new IOLoop();
  const failure = new Error('upstream refused');
  const wrapped = withTimeout(50, settleAt<string>(loop, 10, failure));
  const log: string[] = [];
  watch(loop, wrapped, 'wrapped', log);
  await runUntil(loop, 100);
  assert.order(
    log,
    ['wrapped failed with Error: upstream refused at 10 ms'],
    'the inner error comes through at 10 ms',
  );
  assert.equal(wrapped.exception(), failure, 'the very same error object');
});

test('the inner Future is not cancelled: it settles after the timeout for everyone else', async () => {
  const loop = new IOLoop();
  const inner = settleAt(loop, 80, 'late answer');
  const log: string[] = [];
  watch(loop, withTimeout(50, inner), 'wrapped', log);
  watch(loop, inner, 'inner', log);
  await runUntil(loop, 100);
  assert.order(
    log,
    [
      'wrapped failed with TimeoutError: Timeout at 50 ms',
      'inner resolved with "late answer" at 80 ms',
    ],
    'the timeout at 50 ms leaves the inner Future running',
  );
  assert.equal(inner.result(), 'late answer', 'the inner Future kept going');
});
