import { assert, test } from '../../_template/testing.ts';
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
  // As many pops as pushes: what an empty heap gives is a case of its own.
  for (let i = 0; i < values.length; i++) popped.push(heap.pop() as number);
  assert.deepEqual(
    popped,
    [...values].sort((a, b) => a - b),
  );
});

test('after each pop the next smallest item is on top', () => {
  const heap = new MinHeap<number>((a, b) => a < b);
  for (const value of [5, 3, 8, 1, 9, 2]) heap.push(value);
  const steps: string[] = [];
  for (let i = 0; i < 3; i++) steps.push(`${heap.pop()} then ${heap.peek()}`);
  assert.deepEqual(steps, ['1 then 2', '2 then 3', '3 then 5']);
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
  // The loop's heap orders timers by deadline, then by id: pop must follow its `less`.
  const expected = delays
    .map((delay, i) => ({ delay, name: `t${i}` }))
    .sort((a, b) => a.delay - b.delay)
    .map((t) => t.name);
  assert.order(fired, expected);
});
