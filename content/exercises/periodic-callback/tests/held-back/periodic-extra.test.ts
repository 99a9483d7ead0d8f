/** Held-back checks for PeriodicCallback: stop() from inside, late runs, exact-slot overruns, restarts, bad periods. */

import { setPlatform } from '../../_template/platform.ts';
import { assert, test } from '../../_template/testing.ts';
import { VirtualPlatform } from '../../_template/virtual-net.ts';
import { IOLoop } from '../ioloop.ts';
import { PeriodicCallback } from '../periodic.ts';

/** A fresh platform whose clock a test can move by hand, as a slow callback would. */
function freshClock(): VirtualPlatform {
  const platform = new VirtualPlatform({ print: null, stopwatch: () => 0 });
  setPlatform(platform);
  return platform;
}

test('stop() inside the callback ends the schedule for good', async () => {
  freshClock();
  const loop = new IOLoop();
  const at: number[] = [];
  const periodic = new PeriodicCallback(() => {
    at.push(loop.time());
    if (at.length === 3) periodic.stop();
  }, 100);
  periodic.start();
  loop.callLater(1000, () => loop.stop());
  await loop.start();
  assert.deepEqual(at, [100, 200, 300], 'the third run stops it');
  assert.equal(
    periodic.isRunning(),
    false,
    'not running after stopping itself',
  );
});

test('a run delayed by other work keeps the grid: the next run is on the next slot', async () => {
  const platform = freshClock();
  const loop = new IOLoop();
  // Due at the same time as the first run and set first, so it runs first and makes it late.
  loop.callLater(100, function hog() {
    platform.clock.advance(30);
  });
  const at: number[] = [];
  new PeriodicCallback(() => at.push(loop.time()), 100).start();
  loop.callLater(350, () => loop.stop());
  await loop.start();
  assert.deepEqual(
    at,
    [130, 200, 300],
    'a run starting at 130 ms is followed by the 200 ms slot, not 230 ms',
  );
});

test('an overrun ending exactly on a slot skips that slot too', async () => {
  const platform = freshClock();
  const loop = new IOLoop();
  const at: number[] = [];
  new PeriodicCallback(() => {
    at.push(loop.time());
    if (at.length === 1) platform.clock.advance(200);
  }, 100).start();
  loop.callLater(550, () => loop.stop());
  await loop.start();
  assert.deepEqual(
    at,
    [100, 400, 500],
    'a run ending at 300 ms is followed by the 400 ms slot, as Tornado computes it',
  );
});

test('start() after stop() restarts the grid from the current time', async () => {
  freshClock();
  const loop = new IOLoop();
  const at: number[] = [];
  const periodic = new PeriodicCallback(() => at.push(loop.time()), 100);
  periodic.start();
  loop.callLater(250, () => periodic.stop());
  loop.callLater(330, () => periodic.start());
  loop.callLater(560, () => loop.stop());
  await loop.start();
  assert.deepEqual(
    at,
    [100, 200, 430, 530],
    'after the restart at 330 ms, runs are at 430 and 530 ms',
  );
  assert.equal(periodic.isRunning(), true, 'running again after start()');
});

test('a zero or negative callbackTimeMs is refused', () => {
  assert.throws(
    () => new PeriodicCallback(() => {}, 0),
    /positive/,
    'a period of 0 ms throws an error saying it must be positive',
  );
  assert.throws(
    () => new PeriodicCallback(() => {}, -5),
    /positive/,
    'a negative period throws an error saying it must be positive',
  );
  const periodic = new PeriodicCallback(() => {}, 0.5);
  assert.equal(periodic.isRunning(), false, 'a small positive period is fine');
});

test('a stopped callback whose timer was already due in the same round does not run', async () => {
  freshClock();
  const loop = new IOLoop();
  const at: number[] = [];
  // Set before start(), so at 200 ms it runs just before the periodic run due then.
  loop.callLater(200, function stopper() {
    periodic.stop();
  });
  const periodic = new PeriodicCallback(() => at.push(loop.time()), 100);
  periodic.start();
  loop.callLater(500, () => loop.stop());
  await loop.start();
  assert.deepEqual(
    at,
    [100],
    'the 200 ms run was cancelled by stop() at 200 ms',
  );
});
