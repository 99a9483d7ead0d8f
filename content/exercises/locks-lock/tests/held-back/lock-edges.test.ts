/** Held-back checks for Lock: misuse, timed-out waiters, hand-over without barging, late timers. */

import { assert, test } from '../../_template/testing.ts';
import type { Future } from '../concurrent.ts';
import { IOLoop } from '../ioloop.ts';
import { Lock, TimeoutError } from '../locks.ts';

function failedWithTimeout(future: Future<void>): boolean {
  return future.done() && future.exception() instanceof TimeoutError;
}

function holds(future: Future<void>): boolean {
  return future.done() && future.exception() === null;
}

test('release() of a lock nobody holds throws "release unlocked lock"', () => {
  new IOLoop();
  const lock = new Lock();
  assert.throws(
    () => lock.release(),
    'release unlocked lock',
    'releasing a new lock throws, as Tornado raises RuntimeError',
  );
  lock.acquire();
  lock.release();
  assert.throws(
    () => lock.release(),
    'release unlocked lock',
    'a second release() after one acquire() throws too',
  );
  assert.ok(holds(lock.acquire()), 'the lock is still usable afterwards');
});

test('a waiter that timed out is skipped: the next release() goes to the one behind it', async () => {
  const loop = new IOLoop();
  const lock = new Lock();
  lock.acquire();
  const gaveUp = lock.acquire(20);
  const patient = lock.acquire();
  loop.callLater(50, () => lock.release());
  loop.callLater(60, () => loop.stop());
  await loop.start();
  assert.ok(
    failedWithTimeout(gaveUp),
    'the impatient waiter failed with TimeoutError',
  );
  assert.ok(holds(patient), 'the waiter behind it got the lock at release()');
});

test('with only timed-out waiters left, release() unlocks the lock', async () => {
  const loop = new IOLoop();
  const lock = new Lock();
  lock.acquire();
  const a = lock.acquire(10);
  const b = lock.acquire(15);
  loop.callLater(30, () => lock.release());
  loop.callLater(40, () => loop.stop());
  await loop.start();
  assert.ok(
    failedWithTimeout(a) && failedWithTimeout(b),
    'both waiters timed out',
  );
  const next = lock.acquire();
  assert.ok(
    holds(next),
    'a timed-out waiter does not take the release(): the lock is free',
  );
  assert.ok(!lock.acquire().done(), 'and then held again by the new caller');
});

test('release() hands the lock straight to the first waiter: a newcomer cannot cut in', async () => {
  const loop = new IOLoop();
  const lock = new Lock();
  lock.acquire();
  const waiter = lock.acquire();
  lock.release();
  const newcomer = lock.acquire();
  assert.ok(
    !newcomer.done(),
    'acquire() right after release() waits behind the earlier waiter',
  );
  loop.callLater(10, () => loop.stop());
  await loop.start();
  assert.ok(holds(waiter), 'the earlier waiter holds the lock');
  assert.ok(
    !newcomer.done(),
    'the newcomer still waits while the waiter holds it',
  );
  lock.release();
  assert.ok(holds(newcomer), 'the newcomer gets it at the next release()');
});

test('a waiter granted the lock before its deadline keeps it, and the line behind it is intact', async () => {
  const loop = new IOLoop();
  const lock = new Lock();
  lock.acquire();
  const lucky = lock.acquire(50);
  let next: Future<void> | null = null;
  loop.callLater(10, () => lock.release());
  // Joins the line after the hand-over and before the lucky waiter's deadline passes.
  loop.callLater(20, () => (next = lock.acquire()));
  loop.callLater(100, () => loop.stop());
  await loop.start();
  assert.ok(
    holds(lucky),
    'the waiter granted at 10 ms did not fail at its 50 ms deadline',
  );
  const behind = next as Future<void> | null;
  assert.ok(
    behind !== null && !behind.done(),
    'the one behind still waits: the lucky waiter holds the lock',
  );
  lock.release();
  assert.ok(
    behind !== null && holds(behind),
    'the one behind is still in line and gets the lock',
  );
});
