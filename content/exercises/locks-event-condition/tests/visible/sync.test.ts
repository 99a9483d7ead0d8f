/** Visible checks for Event and Condition: waking waiters, clear(), notify() order and timeouts. */

import { assert, test } from '../../_template/testing.ts';
import type { Future } from '../concurrent.ts';
import { IOLoop } from '../ioloop.ts';
import { Condition, Event, TimeoutError } from '../sync.ts';

/** How a settled Future ended, for a timeline label. */
function outcome(done: Future<unknown>): string {
  const error = done.exception();
  return error === null
    ? `resolved to ${String(done.result())}`
    : `failed with ${(error as Error).name}`;
}

test('an Event starts clear; wait() blocks until set(), which wakes every waiter', async () => {
  const loop = new IOLoop();
  const event = new Event();
  assert.equal(event.isSet(), false, 'a new Event is clear');
  const woke: string[] = [];
  for (const name of ['a', 'b', 'c']) {
    const waiting = event.wait();
    assert.ok(
      !waiting.done(),
      `wait() of ${name} blocks while the Event is clear`,
    );
    waiting.addDoneCallback(() =>
      woke.push(`${name} woke at ${loop.time()} ms`),
    );
  }
  loop.callLater(15, () => event.set());
  loop.callLater(30, () => loop.stop());
  await loop.start();
  assert.equal(event.isSet(), true, 'isSet() is true after set()');
  // Tornado keeps Event waiters in a set, so only who woke and when is checked, not the order.
  assert.order(
    woke.sort(),
    ['a woke at 15 ms', 'b woke at 15 ms', 'c woke at 15 ms'],
    'set() at 15 ms woke all three (sorted by name)',
  );
});

test('once set, wait() is done at once; clear() makes wait() block again', () => {
  new IOLoop();
  const event = new Event();
  event.set();
  assert.ok(event.wait().done(), 'wait() on a set Event returns a done Future');
  assert.ok(event.wait(10).done(), 'with a timeout too');
  event.clear();
  assert.equal(event.isSet(), false, 'isSet() is false after clear()');
  assert.ok(!event.wait().done(), 'wait() after clear() blocks');
});

test('Event.wait(timeoutMs) fails with TimeoutError when set() comes too late', async () => {
  const loop = new IOLoop();
  const event = new Event();
  const impatient = event.wait(20);
  const log: string[] = [];
  impatient.addDoneCallback((done) =>
    log.push(`wait(20) ${outcome(done)} at ${loop.time()} ms`),
  );
  loop.callLater(50, () => {
    log.push(`set() at ${loop.time()} ms`);
    event.set();
  });
  loop.callLater(60, () => loop.stop());
  await loop.start();
  assert.order(
    log,
    ['wait(20) failed with TimeoutError at 20 ms', 'set() at 50 ms'],
    'it failed at its deadline, 20 ms after wait(), before the late set()',
  );
  assert.ok(
    impatient.exception() instanceof TimeoutError,
    'the waiter failed with the TimeoutError of sync.ts',
  );
});

test('Condition.notify() wakes the oldest waiter only, and its wait() resolves to true', async () => {
  const loop = new IOLoop();
  const condition = new Condition();
  const first = condition.wait();
  const second = condition.wait();
  assert.ok(!first.done() && !second.done(), 'wait() blocks until notified');
  const log: string[] = [];
  for (const [name, waiting] of [
    ['first', first],
    ['second', second],
  ] as const) {
    waiting.addDoneCallback((done) =>
      log.push(`${name} wait() ${outcome(done)} at ${loop.time()} ms`),
    );
  }
  loop.callLater(10, () => {
    log.push(`notify() at ${loop.time()} ms`);
    condition.notify();
  });
  loop.callLater(20, () => {
    log.push(`loop stops at ${loop.time()} ms`);
    loop.stop();
  });
  await loop.start();
  assert.order(
    log,
    [
      'notify() at 10 ms',
      'first wait() resolved to true at 10 ms',
      'loop stops at 20 ms',
    ],
    'notify() woke the oldest waiter only, with true',
  );
  assert.ok(first.done(), 'the oldest waiter was woken');
  assert.equal(first.result(), true, 'a notified wait() resolves to true');
  assert.ok(!second.done(), 'notify() woke one waiter, not two');
});

test('Condition.wait(timeoutMs) resolves to false when no notify() comes in time', async () => {
  const loop = new IOLoop();
  const condition = new Condition();
  const impatient = condition.wait(30);
  const log: string[] = [];
  impatient.addDoneCallback((done) =>
    log.push(`wait(30) ${outcome(done)} at ${loop.time()} ms`),
  );
  loop.callLater(50, () => loop.stop());
  await loop.start();
  assert.order(
    log,
    ['wait(30) resolved to false at 30 ms'],
    'no notify(): it resolves to false at its deadline, 30 ms after wait()',
  );
  assert.ok(impatient.done(), 'the wait is over after its deadline');
  assert.equal(
    impatient.exception(),
    null,
    'a timeout is not an error for a Condition',
  );
  assert.equal(
    impatient.result(),
    false,
    'it resolves to false, as in Tornado 6.2',
  );
});
