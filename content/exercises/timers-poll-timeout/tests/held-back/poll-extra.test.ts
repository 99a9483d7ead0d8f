import { assert, recordTrace, test } from '../../_template/testing.ts';
import { IOLoop } from '../ioloop.ts';

function polls(trace: ReturnType<typeof recordTrace>): number[] {
  return trace.events.flatMap((e) => (e.kind === 'poll' ? [e.timeout] : []));
}

test('the loop sleeps exactly until a timer 250 ms away', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  loop.callLater(250, () => loop.stop());
  await loop.start();
  assert.deepEqual(polls(trace), [250]);
  assert.equal(loop.time(), 250);
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
