import { assert, recordTrace, test } from '../../_template/testing.ts';
import { Future } from '../concurrent.ts';
import { IOLoop } from '../ioloop.ts';

test('done callbacks are scheduled on the loop, never run inside setResult', async () => {
  const loop = new IOLoop();
  const future = new Future<string>('f');
  const order: string[] = [];
  future.addDoneCallback((f) => order.push(`callback saw ${f.result()}`));
  loop.addCallback(() => {
    future.setResult('x');
    order.push('setResult returned');
  });
  loop.callLater(5, () => loop.stop());
  await loop.start();
  assert.order(order, ['setResult returned', 'callback saw x']);
});

test('a callback added to a done future still waits for a later round', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  const future = new Future<number>();
  future.setResult(1);
  const order: string[] = [];
  loop.addCallback(function first() {
    future.addDoneCallback(function late() {
      order.push('late');
    });
    order.push('first done');
  });
  loop.callLater(5, () => loop.stop());
  await loop.start();
  assert.order(order, ['first done', 'late']);
  const runs = trace.events.flatMap((e) =>
    e.kind === 'callback.run' ? [e.name] : [],
  );
  assert.ok(
    runs.indexOf('bound late') > runs.indexOf('first'),
    'late ran as its own callback',
  );
});

test('callbacks wait for the result, then run in the order they were added', async () => {
  const loop = new IOLoop();
  const future = new Future<string>();
  const order: string[] = [];
  // result() throws while pending, so a callback that runs too early shows up as missing.
  for (const n of [1, 2, 3])
    future.addDoneCallback((f) => order.push(`${n} saw ${f.result()}`));
  loop.callLater(2, () => future.setResult('x'));
  loop.callLater(5, () => loop.stop());
  await loop.start();
  assert.deepEqual(order, ['1 saw x', '2 saw x', '3 saw x']);
});

test('await works on a Future: results come back, exceptions are thrown', async () => {
  const loop = new IOLoop();
  const good = new Future<string>();
  const bad = new Future<string>();
  const seen: string[] = [];
  async function consumer(): Promise<void> {
    seen.push(await good);
    try {
      await bad;
    } catch (error) {
      seen.push(`caught ${(error as Error).message}`);
    }
    loop.stop();
  }
  loop.addCallback(() => void consumer());
  loop.callLater(10, () => good.setResult('hello'));
  loop.callLater(20, () => bad.setException(new Error('nope')));
  await loop.start();
  assert.deepEqual(seen, ['hello', 'caught nope']);
  assert.equal(loop.time(), 20);
});
