import { getPlatform, POLL_TIMEOUT } from '../../_template/platform.ts';
import { assert, recordTrace, test } from '../../_template/testing.ts';
import type { VirtualPlatform } from '../../_template/virtual-net.ts';
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

test('once the queue runs dry, the loop sleeps POLL_TIMEOUT, the longest poll', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  // `two` still waits after the first round; after the second nothing does. Only the network,
  // later, brings the callback that stops the loop.
  loop.addCallback(function one() {
    loop.addCallback(function two() {});
  });
  const platform = getPlatform() as VirtualPlatform;
  platform.network.schedule(10, () => loop.addCallback(() => loop.stop()));
  await loop.start();
  const polls = trace.events.flatMap((e) =>
    e.kind === 'poll' ? [e.timeout] : [],
  );
  assert.deepEqual(polls, [0, POLL_TIMEOUT]);
  assert.equal(
    platform.clock.now(),
    POLL_TIMEOUT,
    'the virtual clock slept it all',
  );
});
