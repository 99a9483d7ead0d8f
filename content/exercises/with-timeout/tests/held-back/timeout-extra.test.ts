/** Held-back checks for withTimeout: no timer left behind, done inputs, late failures logged or quiet, shared inner Futures, past deadlines. */

import { assert, recordTrace, test } from '../../_template/testing.ts';
import { Future } from '../concurrent.ts';
import { IOLoop } from '../ioloop.ts';
import { TimeoutError, withTimeout } from '../timeouts.ts';

/** What a test's loop did: the timers withTimeout set (all but the test's own), logs and callback errors. */
interface Report {
  /** Ids of the timers the test did not set itself. */
  set: number[];
  /** Those of them never removed. */
  left: number[];
  /** Those of them that fired. */
  fired: number[];
  logs: string[];
  errors: string[];
}

/** A loop, a trace of all it does, and the ids of the timers the test itself sets. */
function setUp(): {
  loop: IOLoop;
  settleAt: <T>(ms: number, value: T | Error) => Future<T>;
  runUntil: (ms: number) => Promise<void>;
  report: () => Report;
} {
  const loop = new IOLoop();
  const trace = recordTrace();
  const own = new Set<number>();
  /** A Future that gets `value` (or fails with it, if it is an Error) at `ms`. */
  function settleAt<T>(ms: number, value: T | Error): Future<T> {
    const future = new Future<T>(`inner(${ms})`, loop);
    const timer = loop.callAt(ms, function settle() {
      if (value instanceof Error) future.setException(value);
      else future.setResult(value);
    });
    own.add(timer.id);
    return future;
  }
  async function runUntil(ms: number): Promise<void> {
    const timer = loop.callAt(ms, function stopLoop() {
      loop.stop();
    });
    own.add(timer.id);
    await loop.start();
  }
  function report(): Report {
    const cancelled = new Set<number>();
    const set: number[] = [];
    const fired: number[] = [];
    const logs: string[] = [];
    const errors: string[] = [];
    for (const e of trace.events) {
      if (e.kind === 'timer.cancelled') cancelled.add(e.id);
      if (e.kind === 'timer.set' && !own.has(e.id)) set.push(e.id);
      if (e.kind === 'timer.fired' && !own.has(e.id)) fired.push(e.id);
      if (e.kind === 'log') logs.push(`${e.logger} ${e.level} ${e.message}`);
      if (e.kind === 'callback.error') errors.push(`${e.name}: ${e.error}`);
    }
    const left = set.filter((id) => !cancelled.has(id));
    return { set, left, fired, logs, errors };
  }
  return { loop, settleAt, runUntil, report };
}

test('once the inner Future settles, the deadline timer is removed from the loop', async () => {
  const { settleAt, runUntil, report } = setUp();
  const ok = withTimeout(1000, settleAt(10, 'value'));
  const failed = withTimeout(1000, settleAt<string>(20, new Error('boom')));
  await runUntil(2000);
  assert.equal(ok.result(), 'value', 'the result came through');
  assert.equal(
    (failed.exception() as Error).message,
    'boom',
    'the error came through',
  );
  const { set, left, fired } = report();
  assert.ok(set.length >= 2, 'each deadline was set as a loop timer');
  assert.deepEqual(left, [], 'every deadline timer was removed');
  assert.deepEqual(fired, [], 'no deadline timer fired at 1000 ms');
});

test('an inner Future already done passes through and leaves no timer', async () => {
  const { loop, runUntil, report } = setUp();
  const done = new Future<number>('done', loop);
  done.setResult(7);
  const wrapped = withTimeout(50, done);
  await runUntil(100);
  assert.equal(wrapped.exception(), null, 'no TimeoutError at 50 ms');
  assert.equal(wrapped.result(), 7, 'the result of the done Future');
  const { left, fired } = report();
  assert.deepEqual(left, [], 'no deadline timer left on the loop');
  assert.deepEqual(fired, [], 'no deadline timer fired');
});

test('a failure after the timeout is logged once on tornado.application, not as a callback error', async () => {
  const { settleAt, runUntil, report } = setUp();
  const wrapped = withTimeout(
    50,
    settleAt<string>(80, new Error('late failure')),
  );
  await runUntil(200);
  assert.ok(
    wrapped.exception() instanceof TimeoutError,
    'the wrapper keeps its TimeoutError',
  );
  const { logs, errors } = report();
  assert.equal(logs.length, 1, 'one log record');
  const [record = ''] = logs;
  assert.ok(
    record.startsWith('tornado.application ERROR'),
    `logged as an ERROR on tornado.application, got: ${record}`,
  );
  assert.ok(
    record.includes('after timeout') && record.includes('late failure'),
    `the record says "after timeout" and names the error, got: ${record}`,
  );
  assert.deepEqual(errors, [], 'no callback threw');
});

test('quietExceptions silences late failures of those classes; a late result logs nothing', async () => {
  const { settleAt, runUntil, report } = setUp();
  class Closed extends Error {}
  class ClosedByPeer extends Closed {}
  const quiet = [Closed];
  withTimeout(50, settleAt<string>(60, new Closed('closed')), quiet);
  withTimeout(50, settleAt<string>(70, new ClosedByPeer('by peer')), quiet);
  withTimeout(50, settleAt<string>(80, new RangeError('loud')), quiet);
  withTimeout(50, settleAt(90, 'a late result'));
  await runUntil(200);
  const { logs, errors } = report();
  assert.equal(logs.length, 1, 'only the RangeError is logged');
  assert.ok(logs[0]?.includes('loud'), `the RangeError, got: ${String(logs)}`);
  assert.deepEqual(errors, [], 'no callback threw');
});

test('two deadlines on one Future: the short one times out, the long one still gets the result', async () => {
  const { loop, settleAt, runUntil } = setUp();
  const inner = settleAt(80, 'shared');
  const short = withTimeout(50, inner);
  const long = withTimeout(200, inner);
  const log: string[] = [];
  for (const [name, future] of [
    ['short', short],
    ['long', long],
  ] as const) {
    future.addDoneCallback((done) => {
      const error = done.exception();
      log.push(
        `${name} ${error === null ? done.result() : (error as Error).name} at ${loop.time()}`,
      );
    });
  }
  await runUntil(300);
  assert.deepEqual(log, ['short TimeoutError at 50', 'long shared at 80']);
});

test('a deadline already past times out on a later round, never inside the call', async () => {
  const { loop, runUntil } = setUp();
  const seen: string[] = [];
  loop.callAt(30, function late() {
    const wrapped = withTimeout(10, new Future<string>('never', loop));
    seen.push(`done inside the call: ${wrapped.done()}`);
    wrapped.addDoneCallback((done) => {
      const error = done.exception();
      seen.push(
        `${error instanceof TimeoutError ? 'TimeoutError' : String(error)} at ${loop.time()}`,
      );
    });
  });
  await runUntil(100);
  assert.deepEqual(seen, ['done inside the call: false', 'TimeoutError at 30']);
});
