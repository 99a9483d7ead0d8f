import { assert, recordTrace, test } from '../../_template/testing.ts';
import { IOLoop } from '../ioloop.ts';

test('a cancelled timer never fires, even when cancelled in the same round', async () => {
  const loop = new IOLoop();
  const fired: string[] = [];
  const early = loop.callLater(10, () => fired.push('early'));
  loop.removeTimeout(early);
  loop.callLater(20, () => loop.removeTimeout(sameRound));
  const sameRound = loop.callLater(20, () => fired.push('sameRound'));
  loop.callLater(20, () => fired.push('kept'));
  loop.callLater(30, () => loop.stop());
  await loop.start();
  assert.deepEqual(fired, ['kept']);
});

test('cancelling a timer is traced as timer.cancelled with its id and name', () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  loop.callLater(5, function kept() {});
  const timer = loop.callLater(10, function doomed() {});
  loop.removeTimeout(timer);
  const cancelled = trace.events.flatMap((e) =>
    e.kind === 'timer.cancelled' ? [`${e.id} ${e.name}`] : [],
  );
  assert.deepEqual(cancelled, [`${timer.id} doomed`]);
});

test('removeTimeout clears the callback, as Tornado does, and leaves the deadline', () => {
  const loop = new IOLoop();
  const timer = loop.callLater(10, function doomed() {});
  loop.removeTimeout(timer);
  // The entry stays in the heap; the loop drops it once it reaches the top.
  assert.equal(timer.callback, null, 'the callback is cleared');
  assert.equal(timer.deadline, 10);
});

test('the loop sleeps past a cancelled timer, straight to the next live one', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  const early = loop.callLater(100, function early() {});
  loop.callLater(300, function stop() {
    loop.stop();
  });
  loop.removeTimeout(early);
  await loop.start();
  const timeouts = trace.events.flatMap((e) =>
    e.kind === 'poll' ? [e.timeout] : [],
  );
  assert.deepEqual(timeouts, [300]);
  assert.equal(loop.time(), 300);
});
