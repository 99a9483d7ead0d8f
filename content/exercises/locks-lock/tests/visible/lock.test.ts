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
    log.push(`${i} in at ${loop.time()}`);
    await sleep(10);
    log.push(`${i} out at ${loop.time()}`);
    lock.release();
  });
  loop.callLater(100, () => loop.stop());
  await loop.start();
  await Promise.all(jobs);
  assert.order(
    log,
    [
      '0 in at 0',
      '0 out at 10',
      '1 in at 10',
      '1 out at 20',
      '2 in at 20',
      '2 out at 30',
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
      order.push(name);
      lock.release();
    });
    return turn;
  });
  loop.callLater(5, () => lock.release());
  loop.callLater(50, () => loop.stop());
  await loop.start();
  assert.ok(holder.done(), 'the first acquire() held the lock');
  assert.ok(
    waiters.every((turn) => turn.done()),
    'every waiter got the lock in the end',
  );
  assert.order(order, ['w1', 'w2', 'w3', 'w4'], 'first come, first served');
});

test('acquire(timeoutMs) fails with TimeoutError when the lock is not released in time', async () => {
  const loop = new IOLoop();
  const lock = new Lock();
  lock.acquire();
  const impatient = lock.acquire(30);
  let failedAt = -1;
  impatient.addDoneCallback(() => (failedAt = loop.time()));
  loop.callLater(100, () => loop.stop());
  await loop.start();
  assert.ok(impatient.done(), 'the Future is done after the deadline');
  assert.ok(
    impatient.exception() instanceof TimeoutError,
    'it failed with the TimeoutError of locks.ts',
  );
  assert.equal(
    failedAt,
    30,
    'it failed at its deadline, 30 ms after acquire()',
  );
});
