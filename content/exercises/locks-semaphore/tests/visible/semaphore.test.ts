/** Visible checks for Semaphore and BoundedSemaphore: counting slots, concurrency, timeouts, the bound. */

import { assert, test } from '../../_template/testing.ts';
import { sleep } from '../gen.ts';
import { IOLoop } from '../ioloop.ts';
import { BoundedSemaphore, Semaphore, TimeoutError } from '../semaphore.ts';

test('Semaphore(2) lets two callers in at once; the third acquire() waits for a release()', async () => {
  const loop = new IOLoop();
  const semaphore = new Semaphore(2);
  const first = semaphore.acquire();
  const second = semaphore.acquire();
  const third = semaphore.acquire();
  assert.ok(
    first.done() && second.done(),
    'the first two acquire() calls are done at once',
  );
  assert.ok(!third.done(), 'the third waits: no slot is free');
  loop.callLater(10, () => semaphore.release());
  loop.callLater(20, () => loop.stop());
  await loop.start();
  assert.ok(third.done(), 'release() gave the third caller a slot');
  assert.equal(
    third.exception(),
    null,
    'the third caller got a slot, no error',
  );
  const fresh = new Semaphore();
  assert.ok(
    fresh.acquire().done() && !fresh.acquire().done(),
    'Semaphore() starts with exactly one free slot',
  );
});

test('no more than `value` coroutines work at the same time', async () => {
  const loop = new IOLoop();
  const semaphore = new Semaphore(2);
  const log: string[] = [];
  let busy = 0;
  let most = 0;
  const workMs = [10, 30, 10, 10, 10];
  const slots = workMs.map(() => semaphore.acquire());
  const jobs = slots.map(async (slot, i) => {
    await slot;
    busy++;
    most = Math.max(most, busy);
    log.push(`${i} starts at ${loop.time()}`);
    await sleep(workMs[i] ?? 0);
    busy--;
    semaphore.release();
  });
  loop.callLater(100, () => loop.stop());
  await loop.start();
  await Promise.all(jobs);
  assert.equal(most, 2, 'two at most at any time');
  assert.order(
    log,
    [
      '0 starts at 0',
      '1 starts at 0',
      '2 starts at 10',
      '3 starts at 20',
      '4 starts at 30',
    ],
    'each one starts as soon as a slot is free, in the order they asked',
  );
});

test('acquire(timeoutMs) fails with TimeoutError when no release() comes in time', async () => {
  const loop = new IOLoop();
  const semaphore = new Semaphore(0);
  const impatient = semaphore.acquire(25);
  assert.ok(
    !impatient.done(),
    'Semaphore(0) has no free slot: acquire() waits',
  );
  let failedAt = -1;
  impatient.addDoneCallback(() => (failedAt = loop.time()));
  loop.callLater(100, () => loop.stop());
  await loop.start();
  assert.ok(
    impatient.done() && impatient.exception() instanceof TimeoutError,
    'it failed with the TimeoutError of semaphore.ts',
  );
  assert.equal(
    failedAt,
    25,
    'it failed at its deadline, 25 ms after acquire()',
  );
});

test('BoundedSemaphore.release() past the initial value throws; a plain Semaphore counts up', () => {
  new IOLoop();
  const bounded = new BoundedSemaphore(2);
  bounded.acquire();
  bounded.release();
  assert.throws(
    () => bounded.release(),
    'released too many times',
    'a third release() of a BoundedSemaphore(2) that was acquired once throws',
  );
  const plain = new Semaphore(1);
  plain.release();
  assert.ok(
    plain.acquire().done() && plain.acquire().done(),
    'a plain Semaphore(1) released once has two free slots',
  );
  assert.ok(!plain.acquire().done(), 'and no third one');
});
