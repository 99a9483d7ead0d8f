import { getPlatform, POLL_TIMEOUT } from '../../_template/platform.ts';
import { assert, recordTrace, test } from '../../_template/testing.ts';
import type { VirtualPlatform } from '../../_template/virtual-net.ts';
import { IOLoop } from '../ioloop.ts';

function polls(trace: ReturnType<typeof recordTrace>): number[] {
  return trace.events.flatMap((e) => (e.kind === 'poll' ? [e.timeout] : []));
}

test('once the last timer has fired, the loop sleeps POLL_TIMEOUT', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  loop.callLater(30, function last() {});
  // No timer is left after `last`: only the network, later, brings the callback that stops the loop.
  const net = (getPlatform() as VirtualPlatform).network;
  net.schedule(100, () => loop.addCallback(() => loop.stop()));
  await loop.start();
  assert.deepEqual(polls(trace), [30, POLL_TIMEOUT]);
  assert.equal(loop.time(), 30 + POLL_TIMEOUT);
});

test('an overdue timer set by a callback makes poll return at once, never negative', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  loop.callLater(40, () => {
    loop.callAt(loop.time() - 5, () => loop.stop());
  });
  await loop.start();
  assert.deepEqual(polls(trace), [40, 0]);
});

test('a cancelled timer does not shorten the sleep', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  loop.removeTimeout(loop.callLater(10, () => {}));
  loop.callLater(70, () => loop.stop());
  await loop.start();
  assert.deepEqual(polls(trace), [70]);
});
