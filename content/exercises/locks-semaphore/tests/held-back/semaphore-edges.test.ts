/** Held-back checks for Semaphore: timed-out waiters, FIFO hand-over, no barging, the bound, cancelled timers. */

import { assert, recordTrace, test } from '../../_template/testing.ts';
import type { Future } from '../concurrent.ts';
import { IOLoop } from '../ioloop.ts';
import { BoundedSemaphore, Semaphore, TimeoutError } from '../semaphore.ts';

function granted(future: Future<void>): boolean {
  return future.done() && future.exception() === null;
}

test('a waiter that timed out does not use up a later release(): the slot goes back to the count', async () => {
  const loop = new IOLoop();
  const semaphore = new Semaphore(0);
  const gaveUp = semaphore.acquire(10);
  loop.callLater(20, () => semaphore.release());
  loop.callLater(30, () => loop.stop());
  await loop.start();
  assert.ok(
    gaveUp.exception() instanceof TimeoutError,
    'the waiter failed at 10 ms',
  );
  assert.ok(
    granted(semaphore.acquire()),
    'the release() at 20 ms left one free slot',
  );
  assert.ok(
    !semaphore.acquire().done(),
    'exactly one: the count never went past 1',
  );
});

test('waiters are served in FIFO order, skipping the ones that timed out', async () => {
  const loop = new IOLoop();
  const semaphore = new Semaphore(1);
  semaphore.acquire();
  const order: string[] = [];
  const names = ['a', 'b (gives up)', 'c', 'd (gives up)', 'e'];
  for (const name of names) {
    const slot = semaphore.acquire(name.includes('gives up') ? 5 : undefined);
    slot.addDoneCallback((done) => {
      if (done.exception() !== null) return;
      order.push(name);
      semaphore.release();
    });
  }
  loop.callLater(10, () => semaphore.release());
  loop.callLater(50, () => loop.stop());
  await loop.start();
  assert.order(
    order,
    ['a', 'c', 'e'],
    'the slot passes down the line past the two that gave up',
  );
  assert.ok(
    granted(semaphore.acquire()),
    'after the last release() the slot is free again',
  );
});

test('release() hands the slot straight to a waiter: a newcomer cannot cut in', async () => {
  const loop = new IOLoop();
  const semaphore = new Semaphore(1);
  semaphore.acquire();
  const waiter = semaphore.acquire();
  semaphore.release();
  const newcomer = semaphore.acquire();
  assert.ok(
    !newcomer.done(),
    'acquire() right after release() waits behind the earlier waiter',
  );
  loop.callLater(10, () => loop.stop());
  await loop.start();
  assert.ok(granted(waiter), 'the earlier waiter got the slot');
  semaphore.release();
  assert.ok(granted(newcomer), 'the newcomer gets the next release()');
});

test('a negative initial value is refused; zero is allowed', () => {
  new IOLoop();
  assert.throws(
    () => new Semaphore(-1),
    'initial value must be >= 0',
    'Semaphore(-1) throws, as Tornado raises ValueError',
  );
  assert.throws(
    () => new BoundedSemaphore(-3),
    'initial value must be >= 0',
    'BoundedSemaphore(-3) throws too',
  );
  assert.ok(
    !new Semaphore(0).acquire().done(),
    'Semaphore(0) is valid and starts with no free slot',
  );
});

test('BoundedSemaphore allows release() while someone waits and refuses only the one too many', async () => {
  const loop = new IOLoop();
  const bounded = new BoundedSemaphore(1);
  bounded.acquire();
  const waiter = bounded.acquire();
  bounded.release();
  loop.callLater(5, () => loop.stop());
  await loop.start();
  assert.ok(
    granted(waiter),
    'release() with a waiter hands the slot on, no error',
  );
  bounded.release();
  assert.throws(
    () => bounded.release(),
    'released too many times',
    'a release() with every slot free throws',
  );
  assert.ok(
    granted(bounded.acquire()),
    'the refused release() changed nothing: one slot is free',
  );
  assert.ok(!bounded.acquire().done(), 'and only one');
});

test('a waiter granted before its deadline has its timeout timer cancelled: it never fires', async () => {
  const loop = new IOLoop();
  const semaphore = new Semaphore(0);
  const trace = recordTrace();
  const slot = semaphore.acquire(50);
  const timers = trace.events.flatMap((e) =>
    e.kind === 'timer.set' ? [e.id] : [],
  );
  assert.equal(
    timers.length,
    1,
    'acquire(50) on a busy semaphore sets one loop timer',
  );
  loop.callLater(10, () => semaphore.release());
  loop.callLater(100, () => loop.stop());
  await loop.start();
  assert.ok(granted(slot), 'the waiter got the slot at 10 ms and kept it');
  const fired = trace.events.filter(
    (e) => e.kind === 'timer.fired' && e.id === timers[0],
  );
  assert.equal(
    fired.length,
    0,
    'its timeout timer was removed with removeTimeout, so it never fired',
  );
});
