/** Step 01 demo: callbacks run in the order queued, in rounds; one that throws harms no other. */

import { note, printTrace } from '../_template/trace.ts';
import { IOLoop } from './ioloop.ts';

printTrace();
const loop = new IOLoop();

function first(): void {
  note('main', 'first queues later: it must wait for the next round');
  loop.addCallback(later);
}
function second(): void {
  throw new Error('boom');
}
function third(): void {
  note('main', 'third still runs, in this round');
}
function later(): void {
  loop.addCallback(stop);
}
function stop(): void {
  loop.stop();
}

loop.addCallback(first);
loop.addCallback(second);
loop.addCallback(third);
await loop.start();
note('main', 'start() resolved: the loop has stopped');
