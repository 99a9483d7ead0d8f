/** Held-back checks for Event and Condition: notify counts, timed-out waiters, lost notifications, set()/clear() races, timers. */

import { assert, recordTrace, test } from '../../_template/testing.ts';
import type { Future } from '../concurrent.ts';
import { IOLoop } from '../ioloop.ts';
import { Condition, Event } from '../sync.ts';

function outcome(future: Future<unknown>): string {
  if (!future.done()) return 'pending';
  const error = future.exception();
  return error === null ? String(future.result()) : (error as Error).name;
}

test('notify(n) wakes n waiters in FIFO order; notifyAll() wakes all the others', async () => {
  const loop = new IOLoop();
  const condition = new Condition();
  const woke: string[] = [];
  const waits = ['a', 'b', 'c', 'd', 'e'].map((name) => {
    const waiting = condition.wait();
    waiting.addDoneCallback(() => woke.push(`${name} at ${loop.time()}`));
    return waiting;
  });
  loop.callLater(10, () => condition.notify(2));
  loop.callLater(20, () => condition.notifyAll());
  loop.callLater(30, () => loop.stop());
  await loop.start();
  assert.deepEqual(
    woke,
    ['a at 10', 'b at 10', 'c at 20', 'd at 20', 'e at 20'],
    'notify(2) woke the two oldest, notifyAll() the three others',
  );
  assert.deepEqual(
    waits.map(outcome),
    ['true', 'true', 'true', 'true', 'true'],
    'every notified wait() resolved to true',
  );
});

test('notify() skips waiters that timed out: a timed-out wait() never uses up a notification', async () => {
  const loop = new IOLoop();
  const condition = new Condition();
  const gaveUp = condition.wait(5);
  const alsoGaveUp = condition.wait(8);
  const patient = condition.wait();
  const last = condition.wait();
  loop.callLater(10, () => condition.notify());
  loop.callLater(20, () => loop.stop());
  await loop.start();
  assert.deepEqual(
    [gaveUp, alsoGaveUp, patient, last].map(outcome),
    ['false', 'false', 'true', 'pending'],
    'the single notify() went to the first waiter still waiting',
  );
});

test('a notify() with nobody waiting is lost; notifyAll() wakes only those already waiting', async () => {
  const loop = new IOLoop();
  const condition = new Condition();
  condition.notify();
  condition.notifyAll();
  const after = condition.wait();
  let again: Future<boolean> | null = null;
  after.addDoneCallback(() => (again = condition.wait()));
  loop.callLater(10, () => condition.notifyAll());
  loop.callLater(20, () => loop.stop());
  await loop.start();
  assert.equal(
    outcome(after),
    'true',
    'the earlier notify() calls were not saved up: only the one at 10 ms woke it',
  );
  const rewait = again as Future<boolean> | null;
  assert.ok(
    rewait !== null && !rewait.done(),
    'a wait() made after notifyAll() still blocks',
  );
});

test('waiters woken by set() still wake when clear() follows at once; a second set() is harmless', async () => {
  const loop = new IOLoop();
  const event = new Event();
  const early = event.wait();
  event.set();
  event.clear();
  const later = event.wait();
  assert.ok(!later.done(), 'a wait() after clear() blocks');
  event.set();
  event.set();
  loop.callLater(10, () => loop.stop());
  await loop.start();
  assert.equal(
    outcome(early),
    'undefined',
    'the waiter of the first set() woke although clear() came right after',
  );
  assert.equal(
    outcome(later),
    'undefined',
    'the waiter of the second set() woke',
  );
  assert.equal(event.isSet(), true, 'the Event is set');
});

test('an Event waiter that timed out is dropped: a later set() wakes the rest and leaves it failed', async () => {
  const loop = new IOLoop();
  const event = new Event();
  const gaveUp = event.wait(10);
  const patient = event.wait();
  const slow = event.wait(100);
  loop.callLater(30, () => loop.stop());
  await loop.start();
  assert.equal(outcome(gaveUp), 'TimeoutError', 'the 10 ms waiter failed');
  event.set();
  loop.callLater(10, () => loop.stop());
  await loop.start();
  assert.equal(
    outcome(gaveUp),
    'TimeoutError',
    'set() did not touch the waiter that had given up',
  );
  assert.deepEqual(
    [outcome(patient), outcome(slow)],
    ['undefined', 'undefined'],
    'set() woke the two still waiting',
  );
});

test('a wait(timeoutMs) answered in time keeps its result, and its timer is cancelled', async () => {
  const loop = new IOLoop();
  const event = new Event();
  const condition = new Condition();
  const trace = recordTrace();
  const eventWait = event.wait(50);
  const conditionWait = condition.wait(50);
  const timers = trace.events.flatMap((e) =>
    e.kind === 'timer.set' ? [e.id] : [],
  );
  assert.equal(timers.length, 2, 'each wait(50) sets one loop timer');
  loop.callLater(10, () => event.set());
  loop.callLater(10, () => condition.notify());
  loop.callLater(100, () => loop.stop());
  await loop.start();
  assert.equal(
    outcome(eventWait),
    'undefined',
    'the Event waiter woke at 10 ms and did not fail later',
  );
  assert.equal(
    outcome(conditionWait),
    'true',
    'the Condition waiter resolved to true, not false',
  );
  const fired = trace.events.filter(
    (e) => e.kind === 'timer.fired' && timers.includes(e.id),
  );
  assert.equal(
    fired.length,
    0,
    'both timeout timers were removed with removeTimeout and never fired',
  );
});
