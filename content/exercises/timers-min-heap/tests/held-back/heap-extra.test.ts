import { assert, test } from '../../_template/testing.ts';
import { MinHeap } from '../heap.ts';

const less = (a: number, b: number) => a < b;

test('pop on an empty heap gives undefined; one item comes back once', () => {
  const heap = new MinHeap(less);
  assert.equal(heap.pop(), undefined);
  heap.push(7);
  assert.equal(heap.pop(), 7);
  assert.equal(heap.pop(), undefined);
  assert.equal(heap.peek(), undefined);
});

test('pseudo-random numbers with duplicates pop sorted', () => {
  const heap = new MinHeap(less);
  let seed = 12345;
  const values: number[] = [];
  for (let i = 0; i < 500; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    values.push(seed % 50);
    heap.push(seed % 50);
  }
  const out: number[] = [];
  for (let v = heap.pop(); v !== undefined; v = heap.pop()) out.push(v);
  assert.deepEqual(
    out,
    [...values].sort((a, b) => a - b),
  );
});

test('interleaved pushes and pops always give the smallest left', () => {
  const heap = new MinHeap(less);
  const mirror: number[] = [];
  const got: number[] = [];
  const want: number[] = [];
  for (let i = 0; i < 200; i++) {
    const value = (i * 37) % 101;
    heap.push(value);
    mirror.push(value);
    if (i % 3 === 2) {
      mirror.sort((a, b) => a - b);
      want.push(mirror.shift() as number);
      got.push(heap.pop() as number);
    }
  }
  assert.deepEqual(got, want);
});
