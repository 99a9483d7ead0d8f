/** Semaphore demo: at most two downloads run at once, an impatient one gives up, and a BoundedSemaphore catches an extra release(). */

import { note, printTrace } from '../_template/trace.ts';
import type { Future } from './concurrent.ts';
import { sleep } from './gen.ts';
import { IOLoop } from './ioloop.ts';
import { BoundedSemaphore, TimeoutError } from './semaphore.ts';

printTrace((event) => event.kind === 'note');
const loop = new IOLoop();
const slots = new BoundedSemaphore(2);

/** Waits for a slot, then "downloads" for `ms` ms and gives the slot back. */
async function download(
  name: string,
  slot: Future<void>,
  ms: number,
): Promise<void> {
  try {
    await slot;
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    note(name, `gave up at ${loop.time()}ms (${error.name})`);
    return;
  }
  note(name, `starts at ${loop.time()}ms`);
  await sleep(ms);
  note(name, `done at ${loop.time()}ms, slot released`);
  slots.release();
}

// Every acquire() is called here, at the top level, so an unfinished one stops the demo at once.
const jobs: Promise<void>[] = [];
for (const [name, ms, patience] of [
  ['a.png', 40, undefined],
  ['b.css', 10, undefined],
  ['c.js', 30, undefined],
  ['d.mp4', 20, 15],
  ['e.ico', 10, undefined],
] as const) {
  const wait = patience === undefined ? '' : ` (gives up after ${patience}ms)`;
  note(name, `asks for a slot at ${loop.time()}ms${wait}`);
  jobs.push(download(name, slots.acquire(patience), ms));
}
loop.callLater(100, () => loop.stop());
await loop.start();
await Promise.all(jobs);
try {
  slots.release();
  note(
    'main',
    'an extra release() went through: BoundedSemaphore should refuse it',
  );
} catch (error) {
  note('main', `an extra release() is refused: ${(error as Error).message}`);
}
