/** Visible checks for Lock: taking a free lock, mutual exclusion, FIFO waiters and acquire() timeouts. */

import { assert, test } from '../../_template/testing.ts';
import { sleep } from '../gen.ts';
import { IOLoop } from '../ioloop.ts';
import { Lock, TimeoutError } from '../locks.ts';

test('a free lock is taken at once; a second acquire() waits until release()', async () => {
  const loop = new IOLoop();
  const lock = new Lock();
  const first = lock.acquire();
  assert.ok(first.done(), 'acquire() on a free lock returns a done Future');
  const second = lock.acquire();
  assert.ok(
    !second.done(),
    'acquire() on a held lock returns a pending Future',
  );
  loop.callLater(10, () => lock.release());
  loop.callLater(20, () => loop.stop());
  await loop.start();
  assert.ok(second.done(), 'the waiter holds the lock after release()');
  assert.equal(second.exception(), null, 'the waiter got the lock, no error');
});

test('coroutines holding the lock never overlap', async () => {
  const loop = new IOLoop();
  const lock = new Lock();
  const log: string[] = [];
  const turns = [lock.acquire(), lock.acquire(), lock.acquire()];
  const jobs = turns.map(async (turn, i) => {
    await turn;
    log.push(`coroutine ${i} acquired at ${loop.time()} ms`);
    await sleep(10);
    log.push(`coroutine ${i} releases at ${loop.time()} ms`);
    lock.release();
  });
  loop.callLater(100, () => loop.stop());
  await loop.start();
  await Promise.all(jobs);
  assert.order(
    log,
    [
      'coroutine 0 acquired at 0 ms',
      'coroutine 0 releases at 10 ms',
      'coroutine 1 acquired at 10 ms',
      'coroutine 1 releases at 20 ms',
      'coroutine 2 acquired at 20 ms',
      'coroutine 2 releases at 30 ms',
    ],
    'each holder leaves before the next one enters',
  );
});

test('waiters get the lock in the order they asked (FIFO)', async () => {
  const loop = new IOLoop();
  const lock = new Lock();
  const order: string[] = [];
  const holder = lock.acquire();
  const waiters = ['w1', 'w2', 'w3', 'w4'].map((name) => {
    const turn = lock.acquire();
    turn.addDoneCallback(() => {
      order.push(`${name} acquired at ${loop.time()} ms`);
      lock.release();
    });
    return turn;
  });
  loop.callLater(5, () => {
    order.push(`holder releases at ${loop.time()} ms`);
    lock.release();
  });
  loop.callLater(50, () => loop.stop());
  await loop.start();
  assert.ok(holder.done(), 'the first acquire() held the lock');
  assert.ok(
    waiters.every((turn) => turn.done()),
    'every waiter got the lock in the end',
  );
  assert.order(
    order,
    [
      'holder releases at 5 ms',
      'w1 acquired at 5 ms',
      'w2 acquired at 5 ms',
      'w3 acquired at 5 ms',
      'w4 acquired at 5 ms',
    ],
    'first come, first served',
  );
});

test('acquire(timeoutMs) fails with TimeoutError when the lock is not released in time', async () => {
  const loop = new IOLoop();
  const lock = new Lock();
  lock.acquire();
  const impatient = lock.acquire(30);
  const log: string[] = [];
  impatient.addDoneCallback((done) => {
    const error = done.exception();
    const outcome =
      error === null ? 'got the lock' : `failed with ${(error as Error).name}`;
    log.push(`acquire(30) ${outcome} at ${loop.time()} ms`);
  });
  loop.callLater(100, () => {
    log.push(`loop stops at ${loop.time()} ms`);
    loop.stop();
  });
  await loop.start();
  assert.order(
    log,
    ['acquire(30) failed with TimeoutError at 30 ms', 'loop stops at 100 ms'],
    'it failed at its deadline, 30 ms after acquire()',
  );
  assert.ok(impatient.done(), 'the Future is done after the deadline');
  assert.ok(
    impatient.exception() instanceof TimeoutError,
    'it failed with the TimeoutError of locks.ts',
  );
});
