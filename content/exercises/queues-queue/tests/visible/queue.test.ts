/** Visible checks for Queue: FIFO order, the nowait errors, waiting getters and putters, taskDone and join. */

import { assert, test } from '../../_template/testing.ts';
import type { Future } from '../concurrent.ts';
import { sleep } from '../gen.ts';
import { IOLoop } from '../ioloop.ts';
import { Queue, QueueEmpty, QueueFull } from '../queues.ts';

/** Runs the loop until `ms` on its clock. */
async function runUntil(loop: IOLoop, ms: number): Promise<void> {
  loop.callAt(ms, function stopLoop() {
    loop.stop();
  });
  await loop.start();
}

/** Records, in `log`, the loop time and outcome of `future` once it settles. */
function watch<T>(
  loop: IOLoop,
  future: Future<T>,
  name: string,
  log: string[],
): void {
  future.addDoneCallback((done) => {
    const error = done.exception();
    const result = error === null ? done.result() : undefined;
    const outcome =
      error !== null
        ? `failed with ${(error as Error).name}`
        : result === undefined
          ? 'done'
          : `got ${String(result)}`;
    log.push(`${name} ${outcome} at ${loop.time()} ms`);
  });
}

test('putNowait and getNowait keep FIFO order; qsize, empty and full follow the items', () => {
  new IOLoop();
  const queue = new Queue<string>(2);
  assert.equal(queue.maxsize, 2, 'maxsize is what the constructor got');
  assert.equal(queue.empty(), true, 'a new queue is empty');
  queue.putNowait('a');
  assert.equal(queue.qsize(), 1, 'one item after one putNowait');
  assert.equal(queue.full(), false, 'not full with 1 of 2');
  queue.putNowait('b');
  assert.equal(queue.full(), true, 'full with 2 of 2');
  assert.equal(queue.getNowait(), 'a', 'the first item put comes out first');
  assert.equal(queue.getNowait(), 'b', 'then the second');
  assert.equal(queue.empty(), true, 'empty again');
  const unbounded = new Queue<number>();
  for (let i = 0; i < 1000; i++) unbounded.putNowait(i);
  assert.equal(unbounded.full(), false, 'maxsize 0 never fills up');
  assert.equal(unbounded.qsize(), 1000, 'it holds all 1000 items');
});

test('putNowait on a full queue throws QueueFull; getNowait on an empty one throws QueueEmpty', () => {
  new IOLoop();
  const queue = new Queue<number>(1);
  assert.throws(() => queue.getNowait(), 'QueueEmpty', 'nothing to take');
  queue.putNowait(1);
  let error: unknown;
  try {
    queue.putNowait(2);
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof QueueFull, 'a QueueFull for the second item');
  assert.equal(queue.qsize(), 1, 'the refused item is not in the queue');
  queue.getNowait();
  try {
    queue.getNowait();
    error = null;
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof QueueEmpty, 'a QueueEmpty once it is empty');
  assert.throws(() => new Queue(-1), 'negative', 'a negative maxsize');
});

test('get() waits for the next put; waiting getters are served in the order they asked', async () => {
  const loop = new IOLoop();
  const queue = new Queue<string>();
  const log: string[] = [];
  const first = queue.get();
  assert.equal(first.done(), false, 'get() on an empty queue waits');
  watch(loop, first, 'first get()', log);
  watch(loop, queue.get(), 'second get()', log);
  watch(loop, queue.get(), 'third get()', log);
  loop.callLater(10, function produceA() {
    queue.putNowait('a');
    // The item goes straight to the waiting getter, never into the queue.
    log.push(`putNowait(a) at ${loop.time()} ms, qsize ${queue.qsize()}`);
  });
  loop.callLater(20, function produceBC() {
    queue.putNowait('b');
    queue.putNowait('c');
    log.push(`putNowait(b), putNowait(c) at ${loop.time()} ms`);
  });
  await runUntil(loop, 50);
  assert.order(
    log,
    [
      'putNowait(a) at 10 ms, qsize 0',
      'first get() got a at 10 ms',
      'putNowait(b), putNowait(c) at 20 ms',
      'second get() got b at 20 ms',
      'third get() got c at 20 ms',
    ],
    'each item goes straight to the oldest waiting getter',
  );
});

test('put() on a full queue waits until a get makes room; putters get in the order they came', async () => {
  const loop = new IOLoop();
  const queue = new Queue<number>(1);
  const log: string[] = [];
  const ready = queue.put(1);
  assert.equal(ready.done(), true, 'put() with room is done at once');
  const second = queue.put(2);
  const third = queue.put(3);
  assert.equal(second.done(), false, 'put() on a full queue waits');
  watch(loop, second, 'put(2)', log);
  watch(loop, third, 'put(3)', log);
  loop.callLater(10, function consume() {
    log.push(`getNowait() got ${queue.getNowait()} at ${loop.time()} ms`);
    // The oldest putter's item took the free slot at once.
    log.push(`then qsize ${queue.qsize()}, full ${queue.full()}`);
  });
  loop.callLater(20, function consumeAgain() {
    log.push(`getNowait() got ${queue.getNowait()} at ${loop.time()} ms`);
    log.push(`getNowait() got ${queue.getNowait()} at ${loop.time()} ms`);
  });
  await runUntil(loop, 50);
  assert.order(
    log,
    [
      'getNowait() got 1 at 10 ms',
      'then qsize 1, full true',
      'put(2) done at 10 ms',
      'getNowait() got 2 at 20 ms',
      'getNowait() got 3 at 20 ms',
      'put(3) done at 20 ms',
    ],
    'each get makes room for the oldest waiting putter',
  );
});

test('join() resolves once every item has had its taskDone()', async () => {
  const loop = new IOLoop();
  const queue = new Queue<number>();
  const log: string[] = [];
  async function consumer(): Promise<void> {
    for (;;) {
      const item = await queue.get();
      await sleep(10);
      log.push(`item ${item} processed at ${loop.time()} ms`);
      queue.taskDone();
    }
  }
  for (const item of [1, 2, 3]) queue.putNowait(item);
  void consumer();
  watch(loop, queue.join(), 'join()', log);
  await runUntil(loop, 100);
  assert.order(
    log,
    [
      'item 1 processed at 10 ms',
      'item 2 processed at 20 ms',
      'item 3 processed at 30 ms',
      'join() done at 30 ms',
    ],
    'join() resolves with the last taskDone(), not before',
  );
});
