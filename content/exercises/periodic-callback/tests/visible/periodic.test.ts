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
  const log: string[] = [];
  loop.callLater(30, function begin() {
    log.push(`start() at ${loop.time()} ms`);
    new PeriodicCallback(
      () => log.push(`run at ${loop.time()} ms`),
      100,
    ).start();
  });
  loop.callLater(450, () => {
    log.push(`loop stops at ${loop.time()} ms`);
    loop.stop();
  });
  await loop.start();
  assert.order(
    log,
    [
      'start() at 30 ms',
      'run at 130 ms',
      'run at 230 ms',
      'run at 330 ms',
      'run at 430 ms',
      'loop stops at 450 ms',
    ],
    'runs at start + k * 100 ms',
  );
});

test('isRunning() follows start() and stop(); stop() cancels the next run', async () => {
  freshClock();
  const loop = new IOLoop();
  const log: string[] = [];
  const periodic = new PeriodicCallback(
    () => log.push(`run at ${loop.time()} ms`),
    100,
  );
  assert.equal(periodic.isRunning(), false, 'not running before start()');
  periodic.start();
  assert.equal(periodic.isRunning(), true, 'running after start()');
  loop.callLater(250, () => {
    log.push(`stop() at ${loop.time()} ms`);
    periodic.stop();
  });
  loop.callLater(700, () => {
    log.push(`loop stops at ${loop.time()} ms`);
    loop.stop();
  });
  await loop.start();
  assert.order(
    log,
    [
      'run at 100 ms',
      'run at 200 ms',
      'stop() at 250 ms',
      'loop stops at 700 ms',
    ],
    'no run after stop() at 250 ms',
  );
  assert.equal(periodic.isRunning(), false, 'not running after stop()');
});

test('a run that overruns skips the missed slots instead of firing a burst', async () => {
  const platform = freshClock();
  const loop = new IOLoop();
  const log: string[] = [];
  let runs = 0;
  new PeriodicCallback(() => {
    runs++;
    log.push(`run ${runs} starts at ${loop.time()} ms`);
    // The first run works for 250 ms: the slots at 200 and 300 go by meanwhile.
    if (runs === 1) {
      platform.clock.advance(250);
      log.push(`run 1 ends at ${loop.time()} ms`);
    }
  }, 100).start();
  loop.callLater(650, () => {
    log.push(`loop stops at ${loop.time()} ms`);
    loop.stop();
  });
  await loop.start();
  assert.order(
    log,
    [
      'run 1 starts at 100 ms',
      'run 1 ends at 350 ms',
      'run 2 starts at 400 ms',
      'run 3 starts at 500 ms',
      'run 4 starts at 600 ms',
      'loop stops at 650 ms',
    ],
    'after ending at 350 ms, the next run is on the 400 ms slot, not 450 ms',
  );
});

test('an error in the callback is logged like a loop callback error and the schedule goes on', async () => {
  freshClock();
  const loop = new IOLoop();
  const trace = recordTrace();
  const log: string[] = [];
  let runs = 0;
  new PeriodicCallback(function flaky() {
    runs++;
    const fails = runs % 2 === 1;
    log.push(`run ${runs} at ${loop.time()} ms${fails ? ' throws' : ''}`);
    if (fails) throw new Error(`flaky run ${runs}`);
  }, 100).start();
  loop.callLater(450, () => loop.stop());
  await loop.start();
  assert.order(
    log,
    [
      'run 1 at 100 ms throws',
      'run 2 at 200 ms',
      'run 3 at 300 ms throws',
      'run 4 at 400 ms',
    ],
    'every run still happens',
  );
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
