import { assert, test } from '../../_template/testing.ts';
import { Future } from '../concurrent.ts';
import { IOLoop } from '../ioloop.ts';

test('a done callback runs after loop callbacks queued before setResult', async () => {
  const loop = new IOLoop();
  const order: string[] = [];
  const future = new Future<number>();
  future.addDoneCallback(() => order.push('done callback'));
  loop.addCallback(() => order.push('queued earlier'));
  future.setResult(1);
  order.push('after setResult');
  loop.addCallback(() => loop.stop());
  await loop.start();
  assert.order(order, ['after setResult', 'queued earlier', 'done callback']);
});

test('each callback gets the future itself and runs exactly once', async () => {
  const loop = new IOLoop();
  const future = new Future<string>();
  const seen: string[] = [];
  future.addDoneCallback((f) => seen.push(`a:${f.result()}`));
  future.setResult('x');
  future.addDoneCallback((f) =>
    seen.push(`b:${f === future ? 'same' : 'other'}`),
  );
  loop.callLater(5, () => loop.stop());
  await loop.start();
  assert.deepEqual(seen, ['a:x', 'b:same']);
});

test('a callback added from inside a done callback waits for the next round', async () => {
  const loop = new IOLoop();
  const order: string[] = [];
  const future = new Future<string>();
  future.addDoneCallback((f) => {
    // result() throws while pending: the outer callback must not run before setResult.
    order.push(`outer saw ${f.result()}`);
    future.addDoneCallback(() => order.push('inner'));
    loop.addCallback(() => order.push('sibling'));
  });
  future.setResult('v');
  loop.callLater(5, () => loop.stop());
  await loop.start();
  assert.order(order, ['outer saw v', 'inner', 'sibling']);
});
