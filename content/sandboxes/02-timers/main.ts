/** Step 02 demo: timers fire in deadline order, a cancelled one never fires, and poll sleeps just long enough. */

import { note, printTrace } from '../_template/trace.ts';
import { IOLoop } from './ioloop.ts';

printTrace();
const loop = new IOLoop();

loop.callLater(300, function slow() {
  note('main', 'set first, fires last: the heap orders by deadline');
});
const doomed = loop.callLater(200, function cancelMe() {});
loop.callLater(100, function fast() {
  loop.removeTimeout(doomed);
});
loop.callLater(100, function alsoFast() {
  note('main', 'same deadline as fast, set after it: fires after it');
});
loop.addCallback(function soon() {
  note('main', 'a plain callback runs first: timers wait for the clock');
});
loop.callLater(300, () => loop.stop());
await loop.start();
