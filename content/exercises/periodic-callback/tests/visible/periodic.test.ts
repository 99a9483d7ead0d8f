/** Visible checks for PeriodicCallback: the grid of runs, stop(), overruns and errors. */

import { setPlatform } from '../../_template/platform.ts';
import { assert, recordTrace, test } from '../../_template/testing.ts';
import { VirtualPlatform } from '../../_template/virtual-net.ts';
import { IOLoop } from '../ioloop.ts';
import { PeriodicCallback } from '../periodic.ts';

/** A fresh platform whose clock a test can move by hand, as a slow callback would. */
function freshClock(): VirtualPlatform {
  const platform = new VirtualPlatform({ print: null, stopwatch: () => 0 });
  setPlatform(platform);
  return platform;
}

test('runs every period, the first one period after start()', async () => {
  freshClock();
  const loop = new IOLoop();
  const at: number[] = [];
  loop.callLater(30, function begin() {
    new PeriodicCallback(() => at.push(loop.time()), 100).start();
  });
  loop.callLater(450, () => loop.stop());
  await loop.start();
  assert.deepEqual(at, [130, 230, 330, 430], 'runs at start + k * 100 ms');
});

test('isRunning() follows start() and stop(); stop() cancels the next run', async () => {
  freshClock();
  const loop = new IOLoop();
  const at: number[] = [];
  const periodic = new PeriodicCallback(() => at.push(loop.time()), 100);
  assert.equal(periodic.isRunning(), false, 'not running before start()');
  periodic.start();
  assert.equal(periodic.isRunning(), true, 'running after start()');
  loop.callLater(250, () => periodic.stop());
  loop.callLater(700, () => loop.stop());
  await loop.start();
  assert.deepEqual(at, [100, 200], 'no run after stop() at 250 ms');
  assert.equal(periodic.isRunning(), false, 'not running after stop()');
});

test('a run that overruns skips the missed slots instead of firing a burst', async () => {
  const platform = freshClock();
  const loop = new IOLoop();
  const at: number[] = [];
  new PeriodicCallback(() => {
    at.push(loop.time());
    // The first run works for 250 ms: the slots at 200 and 300 go by meanwhile.
    if (at.length === 1) platform.clock.advance(250);
  }, 100).start();
  loop.callLater(650, () => loop.stop());
  await loop.start();
  assert.deepEqual(
    at,
    [100, 400, 500, 600],
    'after ending at 350 ms, the next run is on the 400 ms slot',
  );
});

test('an error in the callback is logged like a loop callback error and the schedule goes on', async () => {
  freshClock();
  const loop = new IOLoop();
  const trace = recordTrace();
  const at: number[] = [];
  new PeriodicCallback(function flaky() {
    at.push(loop.time());
    if (at.length % 2 === 1) throw new Error(`flaky run ${at.length}`);
  }, 100).start();
  loop.callLater(450, () => loop.stop());
  await loop.start();
  assert.deepEqual(at, [100, 200, 300, 400], 'every run still happens');
  const errors = trace.events.flatMap((e) =>
    e.kind === 'callback.error' ? [`${e.name}: ${e.error}`] : [],
  );
  assert.equal(errors.length, 2, 'one callback.error per failing run');
  assert.ok(
    errors[0]?.startsWith('flaky: ') && errors[0].includes('flaky run 1'),
    `the error names the callback "flaky" and carries its message, got ${errors[0]}`,
  );
  assert.ok(
    errors[1]?.includes('flaky run 3'),
    `the second error is run 3's, got ${errors[1]}`,
  );
});
