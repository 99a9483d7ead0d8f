import { assert, recordTrace, test } from '../../_template/testing.ts';
import { IOLoop } from '../ioloop.ts';

test('stop() ends the loop after the whole round, not in the middle', async () => {
  const loop = new IOLoop();
  const seen: string[] = [];
  loop.addCallback(() => {
    seen.push('first');
    loop.stop();
  });
  loop.addCallback(() => seen.push('second'));
  await loop.start();
  assert.order(seen, ['first', 'second']);
});

test('the loop does not sleep while callbacks wait', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  loop.addCallback(function one() {
    loop.addCallback(function two() {
      loop.addCallback(function three() {
        loop.stop();
      });
    });
  });
  await loop.start();
  const polls = trace.events.flatMap((e) =>
    e.kind === 'poll' ? [e.timeout] : [],
  );
  assert.deepEqual(polls, [0, 0]);
});

test('a thousand callbacks each run once, in order', async () => {
  const loop = new IOLoop();
  const seen: number[] = [];
  const expected: number[] = [];
  for (let i = 0; i < 1000; i++) {
    expected.push(i);
    loop.addCallback(() => seen.push(i));
  }
  loop.addCallback(() => loop.stop());
  await loop.start();
  assert.deepEqual(seen, expected);
});
