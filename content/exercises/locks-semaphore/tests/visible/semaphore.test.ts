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
    log.push(`job ${i} (${workMs[i]} ms) starts at ${loop.time()} ms`);
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
      'job 0 (10 ms) starts at 0 ms',
      'job 1 (30 ms) starts at 0 ms',
      'job 2 (10 ms) starts at 10 ms',
      'job 3 (10 ms) starts at 20 ms',
      'job 4 (10 ms) starts at 30 ms',
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
  const log: string[] = [];
  impatient.addDoneCallback((done) => {
    const error = done.exception();
    const outcome =
      error === null ? 'got a slot' : `failed with ${(error as Error).name}`;
    log.push(`acquire(25) ${outcome} at ${loop.time()} ms`);
  });
  loop.callLater(100, () => {
    log.push(`loop stops at ${loop.time()} ms`);
    loop.stop();
  });
  await loop.start();
  assert.order(
    log,
    ['acquire(25) failed with TimeoutError at 25 ms', 'loop stops at 100 ms'],
    'it failed at its deadline, 25 ms after acquire()',
  );
  assert.ok(
    impatient.done() && impatient.exception() instanceof TimeoutError,
    'it failed with the TimeoutError of semaphore.ts',
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
