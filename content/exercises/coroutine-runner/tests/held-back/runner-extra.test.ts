import { assert, test } from '../../_template/testing.ts';
import { Future } from '../concurrent.ts';
import { coroutine, sleep, type Coroutine } from '../gen.ts';
import { IOLoop } from '../ioloop.ts';

test('a coroutine that never yields is done when the call returns', () => {
  new IOLoop();
  const quick = coroutine(function* quick(): Coroutine<string> {
    return 'now';
  });
  const result = quick();
  assert.ok(result.done(), 'done at once');
  assert.equal(result.result(), 'now');
});

test('each yield gets back the result of the future it yielded, in sequence', async () => {
  const loop = new IOLoop();
  const seen: number[] = [];
  const counter = coroutine(function* counter(): Coroutine<number> {
    let total = 0;
    for (let i = 1; i <= 3; i++) {
      const f = new Future<number>();
      loop.callLater(i, () => f.setResult(i * 10));
      const value = (yield f) as number;
      seen.push(value);
      total += value;
    }
    return total;
  });
  const result = counter();
  loop.callLater(20, () => loop.stop());
  await loop.start();
  assert.deepEqual(seen, [10, 20, 30]);
  assert.equal(result.result(), 60);
});

test('after catching a failure the coroutine can yield again and finish', async () => {
  const loop = new IOLoop();
  const resilient = coroutine(function* resilient(): Coroutine<string> {
    const failing = new Future<void>();
    loop.callLater(1, () =>
      failing.setException(new Error('first try failed')),
    );
    try {
      yield failing;
    } catch {
      yield sleep(5);
      return 'recovered';
    }
    return 'no error seen';
  });
  const result = resilient();
  loop.callLater(20, () => loop.stop());
  await loop.start();
  assert.equal(result.result(), 'recovered');
});
