import { assert, recordTrace, test } from '../../_template/testing.ts';
import { IOLoop } from '../ioloop.ts';

test('callbacks run in the order they were added', async () => {
  const loop = new IOLoop();
  const seen: string[] = [];
  for (const name of ['a', 'b', 'c']) loop.addCallback(() => seen.push(name));
  loop.addCallback(() => loop.stop());
  await loop.start();
  assert.order(seen, ['a', 'b', 'c']);
});

test('a callback added while a round runs waits for the next round', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  function child(): void {}
  function parent(): void {
    loop.addCallback(child);
  }
  function sibling(): void {}
  function stop(): void {
    loop.stop();
  }
  loop.addCallback(parent);
  loop.addCallback(sibling);
  loop.addCallback(() => loop.addCallback(stop));
  await loop.start();
  const steps = trace.events.flatMap((e) =>
    e.kind === 'callback.run' ? [e.name] : e.kind === 'poll' ? ['poll'] : [],
  );
  assert.order(steps, [
    'parent',
    'sibling',
    'anonymous',
    'poll',
    'child',
    'stop',
  ]);
});

test('an exception is logged and the other callbacks still run', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  const seen: string[] = [];
  loop.addCallback(function boom() {
    throw new Error('kaboom');
  });
  loop.addCallback(() => seen.push('after'));
  loop.addCallback(() => loop.stop());
  await loop.start();
  assert.deepEqual(seen, ['after']);
  const errors = trace.events.filter((e) => e.kind === 'callback.error');
  assert.equal(errors.length, 1);
  assert.ok(
    JSON.stringify(errors[0]).includes('kaboom'),
    'error message logged',
  );
});

test('start() resolves after stop(), and the loop can start again', async () => {
  const loop = new IOLoop();
  let rounds = 0;
  loop.addCallback(() => {
    rounds++;
    loop.stop();
    loop.addCallback(() => {
      rounds++;
      loop.stop();
    });
  });
  await loop.start();
  assert.equal(rounds, 1, 'stop() ends the loop before the next round');
  await loop.start();
  assert.equal(rounds, 2, 'the queued callback runs on the next start()');
});
