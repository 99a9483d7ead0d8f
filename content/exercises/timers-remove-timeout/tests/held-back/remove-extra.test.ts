import { assert, recordTrace, test } from '../../_template/testing.ts';
import { IOLoop } from '../ioloop.ts';

test('removing a timer twice is harmless and traced once', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  const timer = loop.callLater(10, function never() {});
  loop.removeTimeout(timer);
  loop.removeTimeout(timer);
  loop.callLater(20, () => loop.stop());
  await loop.start();
  const cancelled = trace.events.filter((e) => e.kind === 'timer.cancelled');
  assert.equal(cancelled.length, 1);
  assert.ok(
    !trace.events.some((e) => e.kind === 'timer.fired' && e.name === 'never'),
  );
});

test('of two timers sharing a callback and a deadline, removing one leaves the other', async () => {
  const loop = new IOLoop();
  let runs = 0;
  // The timer is what gets cancelled, not every timer of the same function.
  function tick(): void {
    runs++;
  }
  const a = loop.callLater(5, tick);
  loop.callLater(5, tick);
  loop.removeTimeout(a);
  loop.callLater(6, () => loop.stop());
  await loop.start();
  assert.equal(runs, 1, 'the other timer of tick still fired');
});

test('a timer can cancel a later one from inside its callback', async () => {
  const loop = new IOLoop();
  const seen: string[] = [];
  const later = loop.callLater(30, () => seen.push('later'));
  loop.callLater(10, () => {
    seen.push('first');
    loop.removeTimeout(later);
  });
  loop.callLater(50, () => loop.stop());
  await loop.start();
  assert.deepEqual(seen, ['first']);
});
