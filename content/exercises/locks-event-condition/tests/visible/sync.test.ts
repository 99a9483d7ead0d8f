/** Visible checks for Event and Condition: waking waiters, clear(), notify() order and timeouts. */

import { assert, test } from '../../_template/testing.ts';
import { IOLoop } from '../ioloop.ts';
import { Condition, Event, TimeoutError } from '../sync.ts';

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
    waiting.addDoneCallback(() => woke.push(`${name} at ${loop.time()}`));
  }
  loop.callLater(15, () => event.set());
  loop.callLater(30, () => loop.stop());
  await loop.start();
  assert.equal(event.isSet(), true, 'isSet() is true after set()');
  // Tornado keeps Event waiters in a set, so only who woke and when is checked, not the order.
  assert.deepEqual(
    woke.sort(),
    ['a at 15', 'b at 15', 'c at 15'],
    'set() at 15 ms woke all three',
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
  let failedAt = -1;
  impatient.addDoneCallback(() => (failedAt = loop.time()));
  loop.callLater(50, () => event.set());
  loop.callLater(60, () => loop.stop());
  await loop.start();
  assert.ok(
    impatient.exception() instanceof TimeoutError,
    'the waiter failed with the TimeoutError of sync.ts',
  );
  assert.equal(failedAt, 20, 'it failed at its deadline, 20 ms after wait()');
});

test('Condition.notify() wakes the oldest waiter only, and its wait() resolves to true', async () => {
  const loop = new IOLoop();
  const condition = new Condition();
  const first = condition.wait();
  const second = condition.wait();
  assert.ok(!first.done() && !second.done(), 'wait() blocks until notified');
  loop.callLater(10, () => condition.notify());
  loop.callLater(20, () => loop.stop());
  await loop.start();
  assert.ok(first.done(), 'the oldest waiter was woken');
  assert.equal(first.result(), true, 'a notified wait() resolves to true');
  assert.ok(!second.done(), 'notify() woke one waiter, not two');
});

test('Condition.wait(timeoutMs) resolves to false when no notify() comes in time', async () => {
  const loop = new IOLoop();
  const condition = new Condition();
  const impatient = condition.wait(30);
  let doneAt = -1;
  impatient.addDoneCallback(() => (doneAt = loop.time()));
  loop.callLater(50, () => loop.stop());
  await loop.start();
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
  assert.equal(doneAt, 30, 'at its deadline, 30 ms after wait()');
});
