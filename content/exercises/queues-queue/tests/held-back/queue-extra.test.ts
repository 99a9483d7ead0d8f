/** Held-back checks for Queue: timed-out getters and putters, misuse of taskDone, join with a deadline, timers left behind. */

import { assert, recordTrace, test } from '../../_template/testing.ts';
import type { Future } from '../concurrent.ts';
import { IOLoop } from '../ioloop.ts';
import { Queue, QueueEmpty, TimeoutError } from '../queues.ts';

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
    let outcome = String(error);
    if (error === null) outcome = String(done.result());
    else if (error instanceof TimeoutError) outcome = 'TimeoutError';
    log.push(`${name} ${outcome} at ${loop.time()}`);
  });
}

test('a get() that times out fails with TimeoutError at its deadline and never takes a later item', async () => {
  const loop = new IOLoop();
  const queue = new Queue<string>();
  const log: string[] = [];
  watch(loop, queue.get(loop.time() + 10), 'impatient', log);
  watch(loop, queue.get(), 'patient', log);
  loop.callLater(20, function produce() {
    queue.putNowait('x');
  });
  await runUntil(loop, 50);
  assert.deepEqual(
    log,
    ['impatient TimeoutError at 10', 'patient x at 20'],
    'the item goes to the getter still waiting',
  );

  const alone = new Queue<string>();
  let lost: unknown = 'not settled';
  alone.get(loop.time() + 5).addDoneCallback((done) => {
    lost = done.exception();
  });
  await runUntil(loop, loop.time() + 10);
  assert.ok(lost instanceof TimeoutError, 'the lone getter timed out');
  alone.putNowait('kept');
  assert.equal(
    alone.qsize(),
    1,
    'with only a timed-out getter, the item stays in the queue',
  );
  assert.equal(alone.getNowait(), 'kept', 'and the next get takes it');
});

test('a getter that timed out in the middle of the line is skipped; the rest keep their order', async () => {
  const loop = new IOLoop();
  const queue = new Queue<string>();
  const log: string[] = [];
  watch(loop, queue.get(), 'g1', log);
  watch(loop, queue.get(loop.time() + 5), 'g2', log);
  watch(loop, queue.get(), 'g3', log);
  watch(loop, queue.get(loop.time() + 30), 'g4', log);
  loop.callLater(10, function produce() {
    queue.putNowait('a');
    queue.putNowait('b');
    queue.putNowait('c');
  });
  await runUntil(loop, 50);
  assert.deepEqual(log, [
    'g2 TimeoutError at 5',
    'g1 a at 10',
    'g3 b at 10',
    'g4 c at 10',
  ]);
  assert.equal(queue.qsize(), 0, 'every item went to a live getter');
});

test('a put() that times out leaves its item out of the queue; the next putter takes the slot', async () => {
  const loop = new IOLoop();
  const queue = new Queue<string>(1);
  const log: string[] = [];
  queue.putNowait('a');
  watch(loop, queue.put('b', loop.time() + 10), 'put b', log);
  watch(loop, queue.put('c'), 'put c', log);
  loop.callLater(20, function consume() {
    log.push(`got ${queue.getNowait()}`);
    log.push(`got ${queue.getNowait()}`);
    try {
      queue.getNowait();
      log.push('a third item');
    } catch (error) {
      log.push(error instanceof QueueEmpty ? 'then empty' : String(error));
    }
  });
  await runUntil(loop, 50);
  assert.deepEqual(log, [
    'put b TimeoutError at 10',
    'got a',
    'got c',
    'then empty',
    'put c undefined at 20',
  ]);
});

test('taskDone() called more times than items were put throws', () => {
  new IOLoop();
  const queue = new Queue<number>();
  assert.throws(
    () => queue.taskDone(),
    'too many times',
    'taskDone() on a new queue',
  );
  queue.putNowait(1);
  queue.putNowait(2);
  queue.getNowait();
  queue.getNowait();
  queue.taskDone();
  queue.taskDone();
  assert.throws(
    () => queue.taskDone(),
    'too many times',
    'a third taskDone() after two items',
  );
  // An item handed straight to a waiting getter is a task too.
  queue.get();
  queue.putNowait(3);
  const join = queue.join();
  assert.equal(
    join.done(),
    false,
    'join() waits for the getter to finish item 3',
  );
  queue.taskDone();
  assert.equal(join.done(), true, 'and resolves on its taskDone()');
});

test('join() with a deadline fails with TimeoutError while tasks remain; on a finished queue it is done at once', async () => {
  const loop = new IOLoop();
  const queue = new Queue<string>();
  const log: string[] = [];
  assert.equal(queue.join().done(), true, 'nothing was put: done at once');
  queue.putNowait('job');
  watch(loop, queue.join(loop.time() + 10), 'join with deadline', log);
  watch(loop, queue.join(), 'join', log);
  loop.callLater(30, function finish() {
    queue.getNowait();
    queue.taskDone();
  });
  await runUntil(loop, 50);
  assert.deepEqual(log, [
    'join with deadline TimeoutError at 10',
    'join undefined at 30',
  ]);
  assert.equal(queue.join().done(), true, 'every task done: done at once');
});

test('a get() or put() served before its deadline leaves no timer behind', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  const queue = new Queue<string>(1);
  const log: string[] = [];
  watch(loop, queue.get(loop.time() + 100), 'get', log);
  const own = new Set<number>();
  own.add(
    loop.callLater(10, function produce() {
      queue.putNowait('a');
      queue.putNowait('b');
      watch(loop, queue.put('c', loop.time() + 100), 'put c', log);
    }).id,
  );
  own.add(
    loop.callLater(20, function consume() {
      queue.getNowait();
    }).id,
  );
  own.add(
    loop.callLater(300, function stopLoop() {
      loop.stop();
    }).id,
  );
  await loop.start();
  assert.deepEqual(log, ['get a at 10', 'put c undefined at 20']);
  const set = trace.events.flatMap((e) =>
    e.kind === 'timer.set' && !own.has(e.id) ? [e.id] : [],
  );
  const cancelled = new Set(
    trace.events.flatMap((e) => (e.kind === 'timer.cancelled' ? [e.id] : [])),
  );
  const fired = trace.events.flatMap((e) =>
    e.kind === 'timer.fired' && !own.has(e.id) ? [e.id] : [],
  );
  assert.ok(set.length > 0, 'the deadlines were set as loop timers');
  assert.deepEqual(
    set.filter((id) => !cancelled.has(id)),
    [],
    'every deadline timer was removed once its waiter was served',
  );
  assert.deepEqual(fired, [], 'no deadline timer fired');
});
