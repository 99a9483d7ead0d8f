import { POLL_TIMEOUT } from '../../_template/platform.ts';
import { assert, recordTrace, test } from '../../_template/testing.ts';
import { IOLoop } from '../ioloop.ts';

test('each timer fires when the clock reaches its deadline', async () => {
  const loop = new IOLoop();
  const at: number[] = [];
  loop.callLater(120, () => at.push(loop.time()));
  loop.callAt(40, () => at.push(loop.time()));
  loop.callLater(200, () => loop.stop());
  await loop.start();
  // Each sleep must end at the next deadline: a longer one makes a timer late.
  assert.deepEqual(at, [40, 120]);
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
