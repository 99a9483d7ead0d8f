/** Lock demo: coroutines share one lock; each critical section ends before the next begins, and an impatient waiter gives up. */

import { note, printTrace } from '../_template/trace.ts';
import type { Future } from './concurrent.ts';
import { sleep } from './gen.ts';
import { IOLoop } from './ioloop.ts';
import { Lock, TimeoutError } from './locks.ts';

printTrace((event) => event.kind === 'note');
const loop = new IOLoop();
const lock = new Lock();

/** Waits for its turn, then holds the lock for `ms` ms of simulated work. */
async function worker(
  name: string,
  turn: Future<void>,
  ms: number,
): Promise<void> {
  try {
    await turn;
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    note(name, `gave up at ${loop.time()}ms (${error.name})`);
    return;
  }
  note(name, `holds the lock at ${loop.time()}ms`);
  await sleep(ms);
  note(name, `releases it at ${loop.time()}ms`);
  lock.release();
}

// Every acquire() is called here, at the top level, so an unfinished one stops the demo at once.
const jobs: Promise<void>[] = [];
for (const [name, ms, patience] of [
  ['a', 30, undefined],
  ['b', 20, undefined],
  ['impatient', 10, 25],
  ['c', 10, undefined],
] as const) {
  const wait = patience === undefined ? '' : ` (gives up after ${patience}ms)`;
  note(name, `asks for the lock at ${loop.time()}ms${wait}`);
  jobs.push(worker(name, lock.acquire(patience), ms));
}
loop.callLater(100, () => loop.stop());
await loop.start();
await Promise.all(jobs);
note('main', 'each worker had the lock to itself, in the order it asked');
