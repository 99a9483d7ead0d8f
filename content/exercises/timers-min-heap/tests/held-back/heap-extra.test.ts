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

test('with its own less, a max-heap pops largest first and loses no item among equal keys', () => {
  // Records with repeated keys: a swap that copies instead of exchanging shows up as a lost tag.
  const heap = new MinHeap<{ key: number; tag: number }>(
    (a, b) => a.key > b.key,
  );
  const tags: number[] = [];
  for (let tag = 0; tag < 60; tag++) {
    heap.push({ key: (tag * 7) % 10, tag });
    tags.push(tag);
  }
  const keys: number[] = [];
  const seen: number[] = [];
  for (let i = 0; i < tags.length; i++) {
    const item = heap.pop();
    keys.push(item?.key ?? -1);
    seen.push(item?.tag ?? -1);
  }
  assert.deepEqual(
    keys,
    [...keys].sort((a, b) => b - a),
    'largest key first',
  );
  assert.deepEqual(
    seen.sort((a, b) => a - b),
    tags,
    'every item once',
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
