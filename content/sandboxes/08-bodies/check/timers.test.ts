import { POLL_TIMEOUT } from '../../_template/platform.ts';
import { assert, recordTrace, test } from '../../_template/testing.ts';
import { MinHeap } from '../heap.ts';
import { IOLoop } from '../ioloop.ts';

test('the heap pops items in ascending order', () => {
  const heap = new MinHeap<number>((a, b) => a < b);
  const values: number[] = [];
  let seed = 7;
  for (let i = 0; i < 200; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    values.push(seed % 50);
  }
  for (const value of values) heap.push(value);
  const popped: number[] = [];
  for (let v = heap.pop(); v !== undefined; v = heap.pop()) popped.push(v);
  assert.deepEqual(
    popped,
    [...values].sort((a, b) => a - b),
  );
  assert.equal(heap.pop(), undefined, 'an empty heap pops undefined');
});

test('timers fire by deadline; equal deadlines in the order set', async () => {
  const loop = new IOLoop();
  const delays = [50, 10, 30, 10, 0, 30];
  const fired: string[] = [];
  delays.forEach((delay, i) =>
    loop.callLater(delay, () => fired.push(`t${i}`)),
  );
  loop.callLater(60, () => loop.stop());
  await loop.start();
  const expected = delays
    .map((delay, i) => ({ delay, name: `t${i}` }))
    .sort((a, b) => a.delay - b.delay)
    .map((t) => t.name);
  assert.order(fired, expected);
});

test('each timer fires when the clock reaches its deadline', async () => {
  const loop = new IOLoop();
  const at: number[] = [];
  loop.callLater(120, () => at.push(loop.time()));
  loop.callAt(40, () => at.push(loop.time()));
  loop.callLater(200, () => loop.stop());
  await loop.start();
  assert.deepEqual(at, [40, 120]);
});

test('a cancelled timer never fires, even when cancelled in the same round', async () => {
  const loop = new IOLoop();
  const fired: string[] = [];
  const early = loop.callLater(10, () => fired.push('early'));
  loop.removeTimeout(early);
  loop.callLater(20, () => loop.removeTimeout(sameRound));
  const sameRound = loop.callLater(20, () => fired.push('sameRound'));
  loop.callLater(20, () => fired.push('kept'));
  loop.callLater(30, () => loop.stop());
  await loop.start();
  assert.deepEqual(fired, ['kept']);
});

test('poll sleeps 0 with callbacks waiting, else until the next timer, capped', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  loop.addCallback(function first() {
    loop.addCallback(function second() {
      loop.callLater(250, function later() {
        loop.callLater(2 * POLL_TIMEOUT, function muchLater() {
          loop.stop();
        });
      });
    });
  });
  await loop.start();
  const timeouts = trace.events.flatMap((e) =>
    e.kind === 'poll' ? [e.timeout] : [],
  );
  assert.deepEqual(timeouts, [0, 250, POLL_TIMEOUT, POLL_TIMEOUT]);
  assert.equal(loop.time(), 250 + 2 * POLL_TIMEOUT);
});

test('a zero-delay timer set by a callback waits for the next round', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  loop.addCallback(function parent() {
    loop.callLater(0, function timer() {
      loop.stop();
    });
  });
  await loop.start();
  const steps = trace.events.flatMap((e) =>
    e.kind === 'callback.run' || e.kind === 'timer.fired'
      ? [e.name]
      : e.kind === 'poll'
        ? [`poll ${e.timeout}`]
        : [],
  );
  assert.order(steps, ['parent', 'poll 0', 'timer']);
});

test('a throwing timer is logged and later timers still fire', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  let ran = false;
  loop.callLater(5, function bad() {
    throw new Error('timer failed');
  });
  loop.callLater(5, () => {
    ran = true;
    loop.stop();
  });
  await loop.start();
  assert.ok(ran, 'the second timer ran');
  assert.equal(
    trace.events.filter((e) => e.kind === 'callback.error').length,
    1,
  );
});
