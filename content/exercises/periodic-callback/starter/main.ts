/** Periodic-callback demo: runs stay on the 100 ms grid, a slow run skips slots, a failing run is logged, and stop() inside a run ends it. */

import { getPlatform } from '../_template/platform.ts';
import { note, printTrace } from '../_template/trace.ts';
import type { VirtualPlatform } from '../_template/virtual-net.ts';
import { IOLoop } from './ioloop.ts';
import { PeriodicCallback } from './periodic.ts';

printTrace((event) => event.kind !== 'callback.queued');
const clock = (getPlatform() as VirtualPlatform).clock;
const loop = new IOLoop();
let runs = 0;

const pulse = new PeriodicCallback(function heartbeat() {
  runs++;
  note('main', `run ${runs} starts at ${loop.time()}ms`);
  if (runs === 2) {
    // Stands in for 250 ms of blocking work: the slots at 300 and 400 pass meanwhile.
    clock.advance(250);
    note('main', `run 2 ends at ${loop.time()}ms: next run on the 500 ms slot`);
  }
  if (runs === 3) throw new Error('run 3 fails: logged, the schedule goes on');
  if (runs === 5) {
    pulse.stop();
    note(
      'main',
      `stopped from inside run 5; isRunning() = ${pulse.isRunning()}`,
    );
  }
}, 100);

pulse.start();
loop.callLater(1000, function stop() {
  loop.stop();
});
await loop.start();
note('main', `${runs} runs in 1000 ms`);
